"""고객정보 변경 (with the sign-up fragments: job selects, 우편번호 검색, password rules),
비밀번호 변경 and 휴대전화번호 변경 (the password again, a code to the new number, a notice to the old)."""
from __future__ import annotations

from flask import current_app, flash, g, request, session, url_for

from ..account.auth import log_out, login_required
from ..account.service import reauthenticate
from ..adapters import adapters
from ..results import FieldError
from ..lookup.jobs import job_fragment, job_levels, member_job, tree as job_tree
from ..rules.password import check_password, policy_from
from ..rules.phone import mask_phone
from ..signup.profile import ADDRESS_TARGETS
from ..web import client_ip, go, is_htmx, render
from . import bp, profile
from .forms import MobileCodeForm, MobileForm, PasswordChangeForm, ProfileChangeForm
from .security import token_hash

EXPIRED = "요청이 만료되었습니다. 화면을 새로 고친 뒤 다시 시도해 주십시오."


def policy():
    return policy_from(current_app.config)


def _profile_page(form, status=200, summary=None):
    major, mid = form.job_major.data or "", form.job_mid.data or ""
    return render("mypage/profile.html", status=status, form=form, summary=summary or [],
                  page_errors=bool(summary), targets=ADDRESS_TARGETS, **job_levels(major, mid),
                  member_job=member_job(g.member.job_code, g.member.job_revision),
                  keeps_job=profile.keeps_job(g.member))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile_edit():
    if request.method == "GET":
        draft = profile.draft_values(g.member)
        values = {**profile.current_values(g.member), **(draft or {})}
        return _profile_page(ProfileChangeForm(formdata=None, data=values))
    form = ProfileChangeForm()
    form.keeps_job = profile.keeps_job(g.member)
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            form.add_error("english_name", EXPIRED)
            return _profile_page(form, status=400, summary=form.error_list())
        return _profile_page(form, status=422, summary=form.error_list())
    fields = profile.changed_fields(form)
    changed = profile.save_profile(g.member, fields, ip=client_ip())
    flash("고객정보를 변경했습니다." if changed else "변경된 내용이 없습니다.")
    return go(url_for("mypage.index"))


@bp.route("/profile/jobs", methods=["GET", "POST"])
@login_required
def jobs():
    """직업검색: the next level as a fragment with JS; without JS keep what was typed and reload."""
    source = request.form if request.method == "POST" else request.args
    major, mid = source.get("job_major", ""), source.get("job_mid", "")
    if job_tree().get(major) is None:
        major, mid = "", ""
    if not mid.startswith(major or "-"):
        mid = ""
    if is_htmx():
        level = "minor" if mid else "mid"
        return job_fragment(level, major, mid, "mypage.jobs")
    values = request.form.to_dict()
    values.update(job_major=major, job_mid=mid, job_minor="")
    profile.save_draft(g.member, values)
    return go(url_for("mypage.profile_edit") + "#job-fieldset")


@bp.route("/profile/address-search", methods=["POST"])
@login_required
def address_search():
    profile.save_draft(g.member, request.form.to_dict())
    target = request.args.get("target", "home")
    target = target if target in dict(ADDRESS_TARGETS) else "home"
    if "lookup.address" not in current_app.view_functions:
        flash("우편번호 검색을 지금 이용할 수 없습니다. 주소를 직접 입력해 주십시오.")
        return go(url_for("mypage.profile_edit") + f"#{target}_postcode")
    return go(url_for("lookup.address", target=target, back=url_for("mypage.address_chosen")))


@bp.route("/profile/address", methods=["POST"])
@login_required
def address_chosen():
    """The 우편번호 검색 page posts the chosen address here (its `back`)."""
    target = request.form.get("target", "")
    if target not in dict(ADDRESS_TARGETS):
        return go(url_for("mypage.profile_edit"))
    values = profile.draft_values(g.member) or profile.current_values(g.member)
    for key, field in (("postcode", "postcode"), ("road_address", "address"), ("jibun_address", "address_jibun")):
        values[f"{target}_{field}"] = " ".join(request.form.get(key, "").split())[:200]
    values[f"{target}_address_detail"] = ""
    profile.save_draft(g.member, values)
    flash(f"{dict(ADDRESS_TARGETS)[target]}를 선택했습니다. 상세주소를 입력한 뒤 '변경'을 눌러 주십시오.")
    return go(url_for("mypage.profile_edit") + f"#{target}_address_detail")


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordChangeForm()
    form.rule_user_id = g.member.user_id
    valid = request.method == "POST" and form.validate_on_submit()
    if request.method == "GET" or form.csrf_token.errors:
        status = 400 if request.method == "POST" else 200
        if status == 400:
            form.current_password.errors = [EXPIRED]
        return render("mypage/password.html", form=form, status=status,
                      rules=check_password("", g.member.user_id, policy()))
    if valid:
        try:
            profile.check_password_change(g.member, form.current_password.data, form.new_password.data)
        except FieldError as err:
            form.add_error(err.field, err.message)
    if form.error_list():
        return render("mypage/password.html", form=form, status=422,
                      rules=check_password(form.new_password.data or "", g.member.user_id, policy()))
    profile.change_password(g.member, form.new_password.data, keep_session_token_hash=token_hash(session.get("login")),
                            ip=client_ip(), user_agent=request.user_agent.string)
    flash("비밀번호를 변경했습니다. 다른 기기의 로그인은 모두 종료되었습니다.")
    return go(url_for("mypage.index"))


@bp.route("/password/rules", methods=["POST"])
@login_required
def password_rules():
    rules = check_password(request.form.get("new_password", ""), g.member.user_id, policy())
    return render("signup/_password_rules.html", rules=rules, live=True)


def _mobile_page(form=None, code_form=None, status=200, sent=False):
    pending = profile.pending_mobile(g.member)
    return render("mypage/mobile.html", status=status, form=form or MobileForm(formdata=None),
                  code_form=code_form or MobileCodeForm(formdata=None), sent=sent,
                  pending_masked=mask_phone(pending.target) if pending else "",
                  pending_expires=pending.expires_at if pending else None,
                  current_masked=mask_phone(g.member.mobile) if g.member.mobile else "없음",
                  page_errors=status >= 400)




def _reauthenticate(form):
    """Whoever holds the session must also know the password (ASVS 3.7.1). Wrong ones count on the
    login counter; its lock ends this session too. Returns the redirect to the login page when locked."""
    again = reauthenticate(g.member, form.password.data, max_failures=current_app.config["LOGIN_MAX_FAILURES"],
                           ip=client_ip(), user_agent=request.user_agent.string)
    if again.locked:
        log_out()
        flash(again.error)
        return go(url_for("account.login"))
    if again.error:
        form.add_error("password", again.error)
    return None


@bp.route("/mobile", methods=["GET", "POST"])
@login_required
def mobile():
    """Step one: the new number and the current password; a code goes to the new number."""
    if request.method == "GET":
        return _mobile_page()
    form = MobileForm()
    if form.validate_on_submit():
        if form.mobile.data == g.member.mobile:
            form.add_error("mobile", "지금 등록된 번호와 같습니다. 새 휴대전화번호를 입력해 주십시오.")
    elif form.csrf_token.errors:
        form.add_error("mobile", EXPIRED)
    number = form.mobile.data
    if not form.error_list():
        locked = _reauthenticate(form)
        if locked:
            return locked
    if not form.error_list():
        try:
            profile.send_mobile_code(g.member, number, adapters().sms, ip=client_ip())
        except FieldError as err:
            form.add_error(err.field, err.message)
    if form.error_list():
        return _mobile_page(form=form, status=422 if not form.csrf_token.errors else 400)
    return _mobile_page(form=MobileForm(formdata=None, mobile=number), sent=True)


@bp.route("/mobile/confirm", methods=["POST"])
@login_required
def mobile_confirm():
    form = MobileCodeForm()
    if form.validate_on_submit():
        try:
            profile.confirm_mobile(g.member, form.code.data, ip=client_ip())
        except FieldError as err:
            form.add_error(err.field, err.message)
    elif form.csrf_token.errors:
        form.code.errors = [EXPIRED]
    if form.error_list():
        return _mobile_page(code_form=form, status=422)
    flash("휴대전화번호를 변경했습니다.")
    return go(url_for("mypage.index"))

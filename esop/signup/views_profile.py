"""2-4 고객정보입력 with its fragments (ID check, password rules, job selects, address), and 2-5 가입완료."""
from __future__ import annotations

from flask import current_app, flash, redirect, request, url_for

from .. import limits
from ..adapters import adapters
from ..adapters.phone import CARRIERS
from ..lookup.jobs import job_fragment, job_levels, tree as job_tree
from ..models.member import user_id_taken
from ..results import FieldError
from ..rules.codes import check_numeric_code
from ..rules.password import PasswordPolicy, check_password, policy_from
from ..rules.phone import mask_phone, normalize_mobile
from ..rules.romanize import romanize_name
from ..rules.rrn import mask_rrn, spoken_mask
from ..rules.userid import check_user_id, normalize_user_id, suggest_user_ids
from ..web import client_ip, go, is_htmx, render
from . import bp, service
from .flowctx import requires_step
from .forms import ProfileForm
from .profile import ADDRESS_TARGETS, member_fields


def policy() -> PasswordPolicy:
    return policy_from(current_app.config)


def _profile_form(flow, formdata=True) -> ProfileForm:
    if formdata and request.method == "POST":
        form = ProfileForm()
        form.kept_password_for = service.kept_password_for(flow)
        return form
    draft = flow.draft_values()
    defaults = {"english_name": romanize_name(flow.name), "nationality": "대한민국" if flow.foreigner != "Y" else "",
                "mail_to": "home"}
    return ProfileForm(formdata=None, data={**defaults, **draft})


def _page(flow, form, status=200, summary=None, id_result=None, rules=None, **mobile_state):
    major, mid = form.job_major.data or "", form.job_mid.data or ""
    return render("signup/profile.html", None, status=status, flow=flow, form=form, summary=summary or [],
                  page_errors=bool(summary), id_result=id_result, **_mobile_context(flow, **mobile_state),
                  rules=rules or check_password(form.password.data or "", form.user_id.data or "", policy()),
                  masked_rrn=mask_rrn(flow.rrn), spoken_rrn=spoken_mask(flow.rrn),
                  password_kept=service.kept_password_for(flow) is not None, targets=ADDRESS_TARGETS, sex_label={"M": "남성", "F": "여성"}.get(flow.sex, ""),
                  **job_levels(major, mid))


@bp.route("/profile", methods=["GET", "POST"])
@requires_step("profile")
def profile(flow):
    form = _profile_form(flow)
    if request.method == "GET":
        return _page(flow, form)
    valid = form.validate_on_submit()
    if form.csrf_token.errors:
        return _page(flow, form)
    if not service.verified_mobile(flow):
        form.add_error("mobile", service.MOBILE_UNVERIFIED)
    if valid and not form.error_list():
        kept = flow.kept_password_hash, flow.kept_password_for
        try:
            service.create_member(flow, member_fields(form), form.password.data or None)
        except FieldError as err:
            flow.kept_password_hash, flow.kept_password_for = kept   # its transaction was rolled back
            form.add_error(err.field, err.message)
    if form.error_list():
        service.save_draft(flow, request.form.to_dict())
        _keep_password(flow, form)
        return _page(flow, form, status=422, summary=form.error_list())
    return go(url_for("signup.done"))


def _keep_typed(flow, **values) -> None:
    """Without JS, 중복확인, 직업검색, 우편번호 검색 and the mobile code reload the page too: what was typed
    goes to the draft, and a password that passes its rules and confirmation is kept as on 확인 (issue 17);
    one that does not changes nothing (확인 says why). With htmx the page keeps its own boxes."""
    service.save_draft(flow, {**request.form.to_dict(), **values})
    if is_htmx():
        return
    form = _profile_form(flow)
    if form.password.data and form.password.validate(form) and form.password_confirm.validate(form):
        service.keep_password(flow, form.password.data, form.rule_user_id)


def _keep_password(flow, form) -> None:
    """Without JS the page comes back on any error, and a password is never echoed: one that passed its
    rules and confirmation is kept as its hash, so it need not be typed again (issue 17). One typed anew
    and refused, or a kept one for another ID, is forgotten; both boxes left empty keep what stands."""
    typed = form.password.data
    if typed and not (form.password.errors or form.password_confirm.errors):
        service.keep_password(flow, typed, form.rule_user_id)
    elif typed or form.password.errors:
        service.keep_password(flow, None)


def id_check_result(flow, raw: str, typing: bool = False) -> dict:
    """The answer of 중복확인, throttled: otherwise it is an oracle for enumerating members' IDs.
    `typing`: asked as the member types (SPEC 2-4) — an ID not yet well-formed gets no answer at all
    (no message mid-word), and only lookups count against the limits: a malformed ID reveals nothing."""
    user_id = normalize_user_id(raw)
    problem = check_user_id(user_id)
    if problem:
        if typing:
            return {"state": "quiet"}
        return {"state": "invalid", "user_id": user_id, "message": problem + " (영문숫자 6~12 자리)"}
    refused = limits.check({"idcheck.flow": str(flow.id), "idcheck.ip": client_ip()})
    if refused:
        return {"state": "throttled", "retry": refused.retry_after, "message": refused.message}
    if user_id_taken(user_id):
        return {"state": "taken", "user_id": user_id, "suggestions": suggest_user_ids(user_id, user_id_taken, n=3),
                "message": f"고객님이 요청하신 아이디 {user_id}은(는) 중복된 아이디 입니다."}
    return {"state": "free", "user_id": user_id,
            "message": f"고객님이 요청하신 아이디 {user_id}은(는) 사용가능한 아이디 입니다."}


@bp.route("/profile/id-check", methods=["POST"])
@requires_step("profile")
def id_check(flow):
    result = id_check_result(flow, request.form.get("user_id", ""), typing=is_htmx() and request.form.get("typing") == "1")
    status = 429 if result["state"] == "throttled" else 200
    headers = {"Retry-After": str(result["retry"])} if status == 429 else {}
    if is_htmx():
        body, _ = render("signup/_id_result.html", None, id_result=result)
        return body, status, headers
    _keep_typed(flow)
    body, _ = _page(flow, _profile_form(flow), id_result=result)
    return body, status, headers


@bp.route("/profile/password-rules", methods=["POST"])
@requires_step("profile")
def password_rules(flow):
    rules = check_password(request.form.get("password", ""), request.form.get("user_id", ""), policy())
    return render("signup/_password_rules.html", None, rules=rules, live=True)


@bp.route("/profile/jobs", methods=["GET", "POST"])
@requires_step("profile")
def jobs(flow):
    """직업검색: each level's choice brings the next level (a fragment with JS, the whole page without)."""
    source = request.form if request.method == "POST" else request.args
    major, mid = source.get("job_major", ""), source.get("job_mid", "")
    if job_tree().get(major) is None:
        major, mid = "", ""
    if not mid.startswith(major or "-"):
        mid = ""
    if is_htmx():
        # The major select asks for the middle level; the middle select (mid set) for the minor one.
        level = "minor" if mid else "mid"
        return job_fragment(level, major, mid)
    _keep_typed(flow, job_major=major, job_mid=mid)
    return go(url_for("signup.profile") + "#job-fieldset")


@bp.route("/profile/address-search", methods=["POST"])
@requires_step("profile")
def address_search(flow):
    """Without JS: keep what was typed, then go to the 우편번호 검색 page."""
    _keep_typed(flow)
    target = request.args.get("target", "home")
    target = target if target in dict(ADDRESS_TARGETS) else "home"
    if "lookup.address" not in current_app.view_functions:
        flash("우편번호 검색을 지금 이용할 수 없습니다. 주소를 직접 입력해 주십시오.")
        return go(url_for("signup.profile") + f"#{target}_postcode")
    return go(url_for("lookup.address", target=target, back=url_for("signup.address_chosen")))


@bp.route("/profile/address", methods=["POST"])
@requires_step("profile")
def address_chosen(flow):
    """The 우편번호 검색 page posts the chosen address here; the member then types the detail."""
    target = request.form.get("target", "")
    if target not in dict(ADDRESS_TARGETS):
        return go(url_for("signup.profile"))
    values = flow.draft_values()
    for key, field in (("postcode", "postcode"), ("road_address", "address"), ("jibun_address", "address_jibun")):
        values[f"{target}_{field}"] = " ".join(request.form.get(key, "").split())[:200]
    service.save_draft(flow, values)
    retype = "" if service.kept_password_for(flow) is not None else " 보안을 위해 비밀번호는 다시 입력해 주십시오."
    flash(f"{dict(ADDRESS_TARGETS)[target]}를 선택했습니다. 상세주소를 입력해 주십시오.{retype}")
    return go(url_for("signup.profile") + f"#{target}_address_detail")


def _mobile_context(flow, mobile_sent=False, mobile_verified_now=False, area_summary=None) -> dict:
    verified = service.verified_mobile(flow)
    return {"verified_mobile": mask_phone(verified) if verified else "", "carriers": CARRIERS,
            "mobile_sent": mobile_sent, "mobile_verified_now": mobile_verified_now, "area_summary": area_summary or []}


def _mobile_answer(flow, form, status=200, **mobile_state):
    """The 휴대전화번호 area for htmx (its own error summary), else the whole page with the form kept."""
    summary = form.error_list()
    if is_htmx():
        body, _ = render("signup/_profile_mobile.html", None, form=form,
                         **_mobile_context(flow, area_summary=summary, **mobile_state))
        return body, status
    return _page(flow, form, status=status, summary=summary, **mobile_state)


@bp.route("/profile/mobile/send", methods=["POST"])
@requires_step("profile")
def mobile_send(flow):
    """After a certificate (no number verified): a code to the number typed, by 2-3's carrier check."""
    form = _profile_form(flow)
    _keep_typed(flow)
    if service.verified_mobile(flow):
        return _mobile_answer(flow, form)
    carrier, mobile = form.carrier.data, normalize_mobile(form.mobile.data or "")
    if carrier not in CARRIERS:
        form.add_error("carrier", "이용중인 통신사를 선택해 주십시오.")
    if mobile is None:
        form.add_error("mobile", "휴대전화번호를 010-1234-5678 형식으로 정확히 입력해 주십시오.")
    if form.error_list():
        return _mobile_answer(flow, form, status=422)
    try:
        service.request_mobile_code(flow, carrier, mobile, adapters().phone_identity, ip=client_ip())
    except FieldError as err:
        form.add_error(err.field, err.message)
        body, status = _mobile_answer(flow, form, status=429 if err.retry_after else 422)
        return body, status, err.headers()
    form.mobile.data = mobile
    return _mobile_answer(flow, form, mobile_sent=True)


@bp.route("/profile/mobile/confirm", methods=["POST"])
@requires_step("profile")
def mobile_confirm(flow):
    form = _profile_form(flow)
    _keep_typed(flow)
    if service.verified_mobile(flow):
        return _mobile_answer(flow, form)
    mobile = normalize_mobile(form.mobile.data or "") or ""
    code, error = check_numeric_code(form.mobile_code.data or "", 6, 6, label="인증번호")
    if error is None:
        try:
            service.confirm_mobile_code(flow, form.carrier.data or "", mobile, code, adapters().phone_identity)
        except FieldError as err:
            error = err.message
    if error:
        form.add_error("mobile_code", error)
        return _mobile_answer(flow, form, status=422, mobile_sent=True)
    return _mobile_answer(flow, form, mobile_verified_now=True)


@bp.route("/done")
@requires_step("done")
def done(flow):
    member = flow.member
    return render("signup/done.html", None, member=member, union=member.union if member else None)


@bp.route("/loan-limit")
def loan_limit():
    """가입완료's old address of 대출가능금액 조회, which is a member service of its own now."""
    return redirect(url_for("loan.limit"))

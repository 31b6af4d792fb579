"""/account-recovery/: the first consumer of the 추가인증 toolkit."""
from __future__ import annotations

from flask import current_app, flash, redirect, request, session, url_for

from .. import limits
from ..models import audit
from ..results import FieldError
from ..rules.password import PasswordPolicy, check_password, policy_from
from ..verify import flows
from ..verify.steps import plan_for
from ..web import client_ip, go, render
from . import bp, service
from .forms import IdentifyForm, NewPasswordForm

PURPOSE = "recovery"
TITLE = "비밀번호 재등록(잠금 해제)"


def policy() -> PasswordPolicy:
    return policy_from(current_app.config)


@bp.route("/", methods=["GET", "POST"])
def start():
    form = IdentifyForm()
    if request.method == "GET":
        return render("recovery/identify.html", form=IdentifyForm(formdata=None))
    user_id = (form.user_id.data or "").strip().lower()
    refused = limits.check({"recovery.ip": client_ip(), "recovery.id": user_id}, field="user_id")
    if refused:
        form.add_error(refused.field, refused.message)
        return render("recovery/identify.html", form=form, status=429)
    member = None
    if form.validate_on_submit():
        try:
            member = service.identify(user_id, form.rrn_front.data + form.rrn_back.data)
        except FieldError as err:
            form.add_error(err.field, err.message)
    if member is None:
        audit.record("recovery.identify_failed", subject=user_id, ip=client_ip(),
                     user_agent=request.user_agent.string)
        return render("recovery/identify.html", form=form, status=422)
    audit.record("recovery.identified", member=member, subject=user_id, ip=client_ip(),
                 user_agent=request.user_agent.string)
    # The same 추가인증 as the certificate center (manual 3-2): 예수금 계좌 인증 for account holders,
    # one of SMS/ARS/1회용 인증번호, and the security medium (or a 1-won transfer without one).
    flows.start(member, PURPOSE, plan_for(member), title=TITLE,
                return_to=url_for("recovery.password"), cancel_to=url_for("recovery.start"))
    return go(flows.entry_url(PURPOSE))


@bp.route("/password", methods=["GET", "POST"])
def password():
    flow = flows.completed(PURPOSE)
    if flow is None:
        flash("본인확인과 추가인증을 먼저 마쳐 주십시오.")
        return go(url_for("recovery.start"))
    member = flow.member
    form = NewPasswordForm()
    form.rule_user_id = member.user_id
    rules = check_password(form.password.data or "", member.user_id, policy())
    if request.method == "GET":
        return render("recovery/password.html", form=NewPasswordForm(formdata=None), member=member,
                      rules=check_password("", member.user_id, policy()))
    if form.validate_on_submit():
        try:
            service.refuse_old_password(member, form.password.data)
        except FieldError as err:
            form.add_error(err.field, err.message)
    if form.error_list():
        return render("recovery/password.html", form=form, member=member, rules=rules, status=422)
    if not flows.finish(flow):
        flash("이미 처리된 요청입니다. 처음부터 다시 진행해 주십시오.")
        return go(url_for("recovery.start"))
    service.set_new_password(member, form.password.data, ip=client_ip(), user_agent=request.user_agent.string)
    session["recovery_done"] = member.name
    return redirect(url_for("recovery.done"))


@bp.route("/done")
def done():
    name = session.pop("recovery_done", None)
    if name is None:
        return redirect(url_for("recovery.start"))
    return render("recovery/done.html", name=name)

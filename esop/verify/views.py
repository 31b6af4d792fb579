"""추가인증 pages: one page per step, each also answering htmx with its fragment (STYLE 1)."""
from __future__ import annotations

import datetime as dt
import functools

from flask import current_app, flash, g, redirect, request, url_for

from .. import flowengine
from ..adapters import adapters
from ..results import FieldError
from ..web import client_ip, go, hx_retarget, is_htmx, render
from . import bp, channels, flows, media_checks
from .context import step_context
from .steps import SLOT_TITLES, current_slot, method_title

SWAP_WHOLE_STEP = hx_retarget("#verify-step", "outerHTML")


def at_method(method: str):
    """Run the view only while `method` belongs to the current slot (the flow engine's guard);
    earlier slots come first."""
    def decorate(view):
        @functools.wraps(view)
        def wrapped(purpose, **kwargs):
            verdict = flowengine.check(flows.VERIFY, method, purpose, {"purpose": purpose})
            flow = verdict.row
            if flow is not None and verdict.position != "here" and request.method == "POST" \
                    and request.form.get("code"):
                channels.note_code_after_pass(flow, method, request.form["code"])
            if verdict.position in ("done", "behind") and _late_poll():
                return "", 204
            if verdict.response is not None:
                return verdict.response
            _note_time_limit(flow)
            slot = current_slot(flow)
            if method == "choose" and len(slot["methods"]) == 1:
                return go(flows.next_url(flow))
            return view(flow, slot, **kwargs)
        return wrapped
    return decorate


def _note_time_limit(flow):
    """What the time-limit box (signup/_timeout.html, shared with the sign-up) shows and says at the end."""
    flowengine.note_limit(flows.VERIFY, flow)


def _late_poll() -> bool:
    """A poll that arrives after its step has passed: a slow answer let one more poll start (or queue)
    behind the one that saw the approval. It gets 204, which htmx swaps as nothing; a redirect would
    reload the page over the next step that was just swapped in, announced and focused."""
    return is_htmx() and request.form.get("poll") == "1"


def show(flow, method, *, status=200, forms=None, summary=None, live=None, notice=None, focus=False,
         headers=None):
    context = step_context(flow, method, forms or {})
    if method == "sms" and not context.get("challenge"):
        # A voided code has no input any more: its summary link leads to 인증번호 재전송 instead.
        summary = [("sms-send" if anchor == "code" else anchor, m) for anchor, m in summary or []]
    body, code = render("verify/step.html", "verify/_step.html", status=status, flow=flow, method=method,
                        summary=summary or [], page_errors=bool(summary), live=live, notice=notice,
                        focus=focus, **context)
    return body, code, headers or {}


def failed(flow, method, form, err: FieldError | None = None, status=422, form_key=None):
    """The step again with the form's errors: its validators' or the verifier's `err`."""
    if err is not None:
        form.add_error(err.field, err.message)
    summary = form.error_list()
    return show(flow, method, status=status, forms={form_key or method: form}, summary=summary,
                live="오류: " + summary[0][1] if summary else None, headers=SWAP_WHOLE_STEP if is_htmx() else None)


def advance(flow, message: str):
    """A step passed: no JS → the next page; htmx → the next step's panel in place, announced."""
    if not is_htmx():
        flash(message)
        return redirect(flows.next_url(flow))
    slot = current_slot(flow)
    if slot is None:
        nxt, what = "complete", "추가인증이 모두 완료되었습니다."
    else:
        nxt = slot["methods"][0] if len(slot["methods"]) == 1 else "choose"
        what = f"다음 단계: {SLOT_TITLES.get(slot['slot'], '')}."
    return show(flow, nxt, live=f"{message} {what}", focus=True, headers=SWAP_WHOLE_STEP)


@bp.route("/<purpose>/")
def step(purpose):
    verdict = flowengine.check(flows.VERIFY, "choose", purpose, {"purpose": purpose})
    return verdict.response if verdict.response is not None else go(flows.next_url(verdict.row))


@bp.route("/<purpose>/extend", methods=["POST"])
def extend(purpose):
    """시간 연장 (WCAG 2.2.1): 추가인증's limit counts again from now; passed steps and what is typed stay.
    htmx swaps only the time-limit box; without JS the member goes back to the current step."""
    verdict = flowengine.check(flows.VERIFY, "choose", purpose, {"purpose": purpose})
    if verdict.response is not None:
        return verdict.response
    flow = verdict.row
    now = dt.datetime.now()
    extended = flowengine.extend(flows.VERIFY, flow, now,
                                 expires_at=now + dt.timedelta(seconds=current_app.config["VERIFY_FLOW_SECONDS"]))
    _note_time_limit(flow)
    if is_htmx():
        return render("signup/_timeout.html", "signup/_timeout.html", extended=bool(extended), finish_by=True,
                      refused=not extended, extend_url=url_for("verify.extend", purpose=purpose))
    flash("입력 시간을 " + g.flow_expires_at.strftime("%H시 %M분") + "까지 연장했습니다." if extended
          else flowengine.extensions_used_up())
    return redirect(flows.next_url(flow))


@bp.route("/<purpose>/choose", methods=["GET", "POST"])
@at_method("choose")
def choose(flow, slot):
    from ..models.verification import set_chosen
    from .forms import ChooseForm
    form = ChooseForm()
    if request.method == "GET":
        return show(flow, "choose")
    if form.method.data not in slot["methods"]:
        form.add_error("method", "인증 방법을 하나 선택해 주십시오.")
        return show(flow, "choose", status=422, forms={"choose": form}, summary=form.error_list())
    set_chosen(flow, slot["slot"], form.method.data)
    target = url_for(f"verify.{form.method.data}", purpose=flow.purpose)
    if is_htmx():
        return show(flow, form.method.data, focus=True,
                    live=f"{method_title(form.method.data, flow.member)}을(를) 선택했습니다.")
    return redirect(target)


@bp.route("/<purpose>/account", methods=["GET", "POST"])
@at_method("account")
def account(flow, slot):
    from .forms import AccountForm
    form = AccountForm()
    if request.method == "GET":
        return show(flow, "account")
    if not form.validate_on_submit():
        return failed(flow, "account", form)
    try:
        media_checks.check_account(flow, slot["slot"], form.account.data or "", form.password.data or "",
                                   ip=client_ip())
    except FieldError as err:
        return failed(flow, "account", form, err)
    return advance(flow, "예수금 계좌 인증이 완료되었습니다.")


@bp.route("/<purpose>/sms")
@at_method("sms")
def sms(flow, slot):
    return show(flow, "sms")


@bp.route("/<purpose>/sms/send", methods=["POST"])
@at_method("sms")
def sms_send(flow, slot):
    try:
        notice = channels.send_sms(flow, adapters().sms, ip=client_ip())
    except FieldError as err:
        return show(flow, "sms", status=422, summary=[("sms-send", err.message)], forms={"send_error": err.message},
                    live="오류: " + err.message, headers=SWAP_WHOLE_STEP if is_htmx() else None)
    return show(flow, "sms", live=notice, notice=notice, forms={"sent": True})


@bp.route("/<purpose>/sms/confirm", methods=["POST"])
@at_method("sms")
def sms_confirm(flow, slot):
    from .forms import CodeForm
    form = CodeForm()
    if not form.validate_on_submit():
        return failed(flow, "sms", form)
    try:
        channels.confirm_sms(flow, slot["slot"], form.code.data or "", ip=client_ip())
    except FieldError as err:
        return failed(flow, "sms", form, err)
    return advance(flow, "휴대폰 SMS 인증이 완료되었습니다.")


@bp.route("/<purpose>/ars")
@at_method("ars")
def ars(flow, slot):
    return show(flow, "ars")


@bp.route("/<purpose>/ars/call", methods=["POST"])
@at_method("ars")
def ars_call(flow, slot):
    from .forms import ArsForm
    form = ArsForm()
    try:
        notice = channels.place_ars(flow, form.phone.data or "", adapters().ars)
    except FieldError as err:
        return failed(flow, "ars", form, err)
    return show(flow, "ars", live=notice, focus=True)


@bp.route("/<purpose>/ars/status", methods=["POST"])
@at_method("ars")
def ars_status(flow, slot):
    """Polled by htmx every 2 s and pressed as 승인 확인 without JS; final answers carry no trigger."""
    result = channels.ars_status(flow, slot["slot"], adapters().ars, ip=client_ip())
    if result == "approved":
        return advance(flow, channels.ARS_MESSAGES["approved"])
    if result == "none":
        return show(flow, "ars", headers=SWAP_WHOLE_STEP if is_htmx() else None)
    if result == "pending":
        if is_htmx() and request.form.get("poll") == "1":
            return "", 204   # nothing changed: nothing swapped, the waiting paragraph stays (issue 17)
        message = channels.ARS_MESSAGES["pending"]
        return show(flow, "ars", notice=message, live=message, headers=SWAP_WHOLE_STEP if is_htmx() else None)
    from .forms import ArsForm
    flow.set_state("ars", None)
    return failed(flow, "ars", ArsForm(formdata=None), FieldError("phone", channels.ARS_MESSAGES[result]))


def _code_step(method: str, form_name: str, check, message):
    """GET shows the step; POST checks the form (OTP, 1회용 인증번호): `check(flow, slot, form, ip)`.
    `message(flow)` when it depends on the member (OTP or 스마트OTP)."""
    @at_method(method)
    def view(flow, slot):
        from . import forms as forms_module
        form = getattr(forms_module, form_name)()
        if request.method == "GET":
            return show(flow, method)
        if not form.validate_on_submit():
            return failed(flow, method, form)
        try:
            check(flow, slot["slot"], form, ip=client_ip())
        except FieldError as err:
            return failed(flow, method, form, err)
        return advance(flow, message(flow) if callable(message) else message)
    view.__name__ = method
    return view


bp.add_url_rule("/<purpose>/onetime", view_func=_code_step(
    "onetime", "OneTimeForm",
    lambda flow, slot, form, ip: channels.check_onetime(flow, slot, form.code.data or "", ip=ip),
    "1회용 인증번호 인증이 완료되었습니다."), methods=["GET", "POST"])
bp.add_url_rule("/<purpose>/otp", view_func=_code_step(
    "otp", "OtpForm",
    lambda flow, slot, form, ip: media_checks.check_otp(flow, slot, form.serial.data or "", form.code.data or "", ip=ip),
    lambda flow: f"{method_title('otp', flow.member)} 인증이 완료되었습니다."),
    methods=["GET", "POST"])


@bp.route("/<purpose>/card", methods=["GET", "POST"])
@at_method("card")
def card(flow, slot):
    from .forms import CardForm
    form = CardForm()
    if request.method == "GET":
        return show(flow, "card")
    try:
        media_checks.check_card(flow, slot["slot"], form.serial.data or "", form.first.data or "",
                                form.second.data or "", ip=client_ip())
    except FieldError as err:
        return failed(flow, "card", form, err)
    return advance(flow, "보안카드 인증이 완료되었습니다.")


@bp.route("/<purpose>/transfer")
@at_method("transfer")
def transfer(flow, slot):
    return show(flow, "transfer")


@bp.route("/<purpose>/transfer/send", methods=["POST"])
@at_method("transfer")
def transfer_send(flow, slot):
    from .forms import TransferForm
    form = TransferForm()
    try:
        notice = channels.send_transfer(flow, form.bank.data or "", form.account.data or "", adapters().bank,
                                        ip=client_ip())
    except FieldError as err:
        return failed(flow, "transfer", form, err)
    return show(flow, "transfer", live=notice, notice=notice, forms={"sent": True})


@bp.route("/<purpose>/transfer/confirm", methods=["POST"])
@at_method("transfer")
def transfer_confirm(flow, slot):
    from .forms import TransferCodeForm
    form = TransferCodeForm()
    if not form.validate_on_submit():
        return failed(flow, "transfer", form, form_key="transfer_code")
    try:
        channels.confirm_transfer(flow, slot["slot"], form.code.data or "", ip=client_ip())
    except FieldError as err:
        return failed(flow, "transfer", form, err, form_key="transfer_code")
    return advance(flow, "계좌이체인증이 완료되었습니다.")

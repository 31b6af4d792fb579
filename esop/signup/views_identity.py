"""2-3 실명확인 (name + RRN at the bureau) then 본인인증 (휴대폰: carrier, number, SMS code)."""
from __future__ import annotations

from flask import flash, request, session, url_for

from .. import limits
from ..adapters import adapters
from ..adapters.phone import CARRIERS
from ..results import FieldError
from ..rules.rrn import mask_rrn, spoken_mask
from ..web import client_ip, go, render
from . import bp, service
from .flowctx import requires_step
from .forms import CodeForm, PhoneForm, RealNameForm


def _page(flow, realname_form=None, phone_form=None, code_form=None, status=200, sent=False, summary=None,
          retry_after=None, realname_done=False):
    # The code service's record, not any provider's own table: the field shows for a real PASS too.
    challenge = service.phone_challenge(flow)
    if challenge is None:
        # A voided code has no input any more: its summary link leads to the 인증번호 (재)요청 button,
        # or to the 본인인증 heading once identity is done (a replayed code; no form is shown then).
        to = "identity-title" if flow.identity_at else "identity-send"
        summary = [(to if anchor == "code" else anchor, m) for anchor, m in summary or []]
    context = dict(
        flow=flow, realname_form=realname_form or RealNameForm(formdata=None, name=flow.name),
        phone_form=phone_form or PhoneForm(formdata=None, carrier=flow.carrier or None, mobile=flow.mobile),
        code_form=code_form or CodeForm(formdata=None), carriers=CARRIERS, sent=sent,
        challenge=challenge, realname_done=realname_done,
        masked_rrn=mask_rrn(flow.rrn) if flow.rrn else "", spoken_rrn=spoken_mask(flow.rrn) if flow.rrn else "",
        summary=summary or [], page_errors=bool(summary))
    body, status = render("signup/realname.html", "signup/_identity.html", status=status, **context)
    return body, status, ({"Retry-After": str(retry_after)} if retry_after else {})


@bp.route("/realname", methods=["GET", "POST"])
@requires_step("realname")
def realname(flow):
    form = RealNameForm()
    if request.method == "GET":
        return _page(flow, realname_form=RealNameForm(formdata=None, name=flow.name))
    if not form.validate_on_submit():
        return _page(flow, realname_form=form, status=422, summary=form.error_list())
    try:
        refused = limits.check({"realname.ip": client_ip()}, field="name")
        if refused:
            raise refused
        service.check_realname(flow, form.name.data or "", form.rrn_front.data or "", form.rrn_back.data or "",
                               adapters().realname)
    except FieldError as err:
        form.add_error(err.field, err.message)
        return _page(flow, realname_form=form, status=429 if err.retry_after else 422, summary=form.error_list(),
                     retry_after=err.retry_after)
    return _page(flow, realname_done=True)   # htmx: said in the live region (issue 17)


@bp.route("/identity/send", methods=["POST"])
@requires_step("realname")
def identity_send(flow):
    form = PhoneForm()
    if form.validate_on_submit():
        try:
            service.request_phone_code(flow, form.carrier.data, form.mobile.data, adapters().phone_identity,
                                       ip=client_ip())
        except FieldError as err:
            form.add_error(err.field, err.message)
            if err.retry_after:
                return _page(flow, phone_form=form, status=429, summary=form.error_list(),
                             retry_after=err.retry_after)
    if form.error_list():
        return _page(flow, phone_form=form, status=422, summary=form.error_list())
    return _page(flow, sent=True)


@bp.route("/identity/confirm", methods=["POST"])
@requires_step("realname")
def identity_confirm(flow):
    form = CodeForm()
    if form.validate_on_submit():
        try:
            service.confirm_phone_code(flow, form.code.data, adapters().phone_identity)
        except FieldError as err:
            form.add_error(err.field, err.message)
    if form.error_list():
        return _page(flow, code_form=form, status=422, summary=form.error_list())
    return go(url_for("signup.profile"))


@bp.route("/identity/certificate")
@requires_step("realname")
def identity_certificate(flow):
    """Back from the certificate cloud: the signature must bind to the RRN checked in 실명확인."""
    from ..certcenter.service import verify_identity_by_certificate
    if flow.realname_at is None:
        return go(url_for("signup.realname"))
    result = verify_identity_by_certificate(flow.rrn, session.pop("cert_proof:signup", ""))
    if not result.ok:
        return _page(flow, status=422, summary=[("cert-identity", result.message)])
    try:
        service.confirm_identity_by_certificate(flow)
    except FieldError as err:
        return _page(flow, status=409, summary=[("cert-identity", err.message)])
    flash(result.message)
    return go(url_for("signup.profile"))

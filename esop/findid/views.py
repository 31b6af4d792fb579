"""/find-id/: 실명확인 → 휴대폰 본인인증 (2-3's forms and code service) → the result."""
from __future__ import annotations

from flask import redirect, request, session, url_for

from .. import limits
from ..adapters import adapters
from ..adapters.phone import CARRIERS
from ..models.id_lookup import find
from ..results import FieldError
from ..signup.forms import CodeForm, PhoneForm, RealNameForm
from ..web import client_ip, go, render
from . import bp, service
from .service import mask_user_id

KEY = "find_id"   # session: the lookup's random key (esop/models/id_lookup.py)


def _identity_page(row, phone_form=None, code_form=None, status=200, sent=False, errors=()):
    errors = [*(phone_form.error_list() if phone_form else []), *(code_form.error_list() if code_form else []),
              *errors]
    context = dict(phone_form=phone_form or PhoneForm(formdata=None, carrier=row.carrier or None, mobile=row.mobile),
                   code_form=code_form or CodeForm(formdata=None), carriers=CARRIERS, sent=sent,
                   challenge=service.challenge(row), summary=errors, page_errors=bool(errors),
                   send_url=url_for("findid.send"), confirm_url=url_for("findid.confirm"))
    return render("findid/identity.html", "findid/_identity.html", status=status, **context)


def _current():
    return find(session.get(KEY))


@bp.route("/", methods=["GET", "POST"])
def start():
    form = RealNameForm()
    if request.method == "GET":
        return render("findid/start.html", realname_form=RealNameForm(formdata=None))
    status = 422
    if form.validate_on_submit():
        try:
            refused = limits.check({"findid.ip": client_ip()}, field="name")
            if refused:
                raise refused
            row, key = service.start(form.name.data or "", form.rrn_front.data or "", form.rrn_back.data or "",
                                     adapters().realname)
        except FieldError as err:
            form.add_error(err.field, err.message)
            status = 429 if err.retry_after else 422
        else:
            session[KEY] = key
            return go(url_for("findid.identity"))
    return render("findid/start.html", "findid/_start.html", realname_form=form, summary=form.error_list(),
                  page_errors=True, status=status)


@bp.route("/identity")
def identity():
    row = _current()
    if row is None:
        return redirect(url_for("findid.start"))
    return _identity_page(row)


@bp.route("/identity/send", methods=["POST"])
def send():
    row = _current()
    if row is None:
        return go(url_for("findid.start"))
    form, status = PhoneForm(), 422
    if form.validate_on_submit():
        try:
            service.send_code(row, form.carrier.data, form.mobile.data, adapters().phone_identity, ip=client_ip())
        except FieldError as err:
            form.add_error(err.field, err.message)
            status = 429 if err.retry_after else 422
    if form.error_list():
        return _identity_page(row, phone_form=form, status=status)
    return _identity_page(row, sent=True)


@bp.route("/identity/confirm", methods=["POST"])
def confirm():
    row = _current()
    if row is None:
        return go(url_for("findid.start"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            session["find_id_texted"] = service.confirm_code(row, form.code.data, adapters().phone_identity,
                                                             adapters().sms, ip=client_ip())
        except FieldError as err:
            form.add_error(err.field, err.message)
    if form.error_list():
        return _identity_page(row, code_form=form, status=422)
    return go(url_for("findid.result"))


@bp.route("/identity/certificate")
def certificate():
    """Back from the certificate cloud (/certcenter/sign/<kind>, as in 2-3)."""
    row = _current()
    if row is None:
        return redirect(url_for("findid.start"))
    try:
        session["find_id_texted"] = service.confirm_certificate(row, session.pop("cert_proof:signup", ""),
                                                                adapters().sms, ip=client_ip())
    except FieldError as err:
        return _identity_page(row, status=422, errors=[(err.field, err.message)])
    return go(url_for("findid.result"))


@bp.route("/result")
def result():
    row = _current()
    if row is None or row.identity_at is None:
        return redirect(url_for("findid.start"))
    member = service.member_of(row)
    return render("findid/result.html", masked=mask_user_id(member.user_id) if member else "",
                  texted=session.get("find_id_texted", False))

"""The certificate cloud window (the manual's pop-up, here a page of its own): connect, list, PIN, sign."""
from __future__ import annotations

import datetime as dt

from flask import abort, current_app, make_response, redirect, session, url_for

from .. import flowengine
from ..adapters import ProviderError, adapters
from ..adapters.certcloud import PinRefused
from ..models.cert import KINDS, new_challenge
from ..models.certcloud import CLOUD_LINK
from ..pki.ca import trusted_roots
from ..pki.verifier import CertRefused
from ..results import FieldError
from ..rules.codes import check_numeric_code
from ..web import client_ip, go, is_htmx, render
from . import bp, cloud, flows, service
from .forms import CloudCodeForm, CloudInfoForm, SignForm

TITLES = {"login": "인증서 로그인", "fin31": "금융인증서등록/재등록", "cloud32": "타기관 클라우드 인증서 등록",
          "signup": "인증서 본인인증"}
ALLOWED = {"login": ("financial", "joint"), "fin31": ("financial",), "cloud32": ("joint",),
           "signup": ("financial", "joint")}


def _check(kind: str, purpose: str) -> None:
    if purpose not in ALLOWED or kind not in ALLOWED[purpose]:
        abort(404)


def _at_step(kind: str, purpose: str, step: str):
    """The cloud link's flow at `step` (flowengine's one guard), for a known kind and purpose only."""
    _check(kind, purpose)
    return flowengine.check(CLOUD_LINK, step, kind, {"kind": kind, "purpose": purpose})


def _cloud(kind):
    return adapters().certcloud[kind]


def _window(kind, purpose, *, info_form=None, code_form=None, sign_form=None, status=200, summary=None,
            announce="", chosen=None):
    """The cloud window at its current step. `chosen`: the certificate the member picked, kept picked
    after an error; an error about the list links to that radio (or the first), marked aria-invalid."""
    row = cloud.current_link(kind)
    device_state = cloud.device_state(row, adapters().ars) if row and row.step == "device" else ""
    connected, wallet_id = cloud.connected_wallet(kind)
    step = "connected" if connected else (row.step if row else "info")
    certificates, nonce = [], ""
    if step == "connected":
        if wallet_id is not None:
            try:
                certificates = _cloud(kind).certificates(wallet_id)
            except ProviderError as err:
                summary = (summary or []) + [("cloud-title", err.message)]
        ids = [c.id for c in certificates]
        if ids and summary:
            target = f"cert-{chosen if chosen in ids else ids[0]}"
            summary = [(target if anchor == "cert-list" else anchor, message) for anchor, message in summary]
        _, nonce = new_challenge(f"cert:{purpose}")
        if sign_form is not None:
            sign_form.nonce.data = nonce  # every form shown carries a fresh, unused challenge
    context = dict(kind=kind, kind_label=KINDS[kind], purpose=purpose, title=TITLES[purpose], link=row,
                   step=step, certificates=certificates, device_state=device_state,
                   info_form=info_form or CloudInfoForm(formdata=None), code_form=code_form or CloudCodeForm(formdata=None),
                   sign_form=sign_form or SignForm(formdata=None, nonce=nonce), nonce=nonce,
                   summary=summary or [], page_errors=bool(summary), announce=announce, auto=cloud.auto_wallet(kind),
                   continue_to=flows.after_connect(purpose), chosen=chosen)
    return render("certcenter/cloud.html", "certcenter/_cloud_panel.html", status=status, **context)


@bp.route("/cloud/<kind>/<purpose>/")
def cloud_window(kind, purpose):
    _check(kind, purpose)
    cloud.link_for(kind, purpose)
    return _window(kind, purpose)


@bp.route("/cloud/<kind>/<purpose>/info", methods=["POST"])
def cloud_info(kind, purpose):
    _check(kind, purpose)
    form = CloudInfoForm()
    if form.validate_on_submit():
        birth = dt.datetime.strptime(form.birth.data, "%Y%m%d").date()
        try:
            cloud.submit_info(cloud.link_for(kind, purpose), _cloud(kind), form.name.data.strip(), birth,
                              form.phone.data, bool(form.auto.data) and kind == "joint", ip=client_ip())
        except ProviderError as err:
            form.add_error("name", err.message)
        except FieldError as err:
            if cloud.connected_wallet(kind)[0]:
                # Still connected: the list stays, the refusal is said above it.
                return _window(kind, purpose, status=422, summary=[("cloud-title", err.message)])
            # Not sent (resend wait, limits): back to 고객정보 입력, the error beside the number typed.
            cloud.restart(kind)
            form.add_error(err.field, err.message)
    if form.error_list():
        return _window(kind, purpose, info_form=form, status=422, summary=form.error_list())
    return _window(kind, purpose, announce="고객정보를 확인했습니다.")


@bp.route("/cloud/<kind>/<purpose>/terms", methods=["POST"])
def cloud_terms(kind, purpose):
    verdict = _at_step(kind, purpose, "terms")
    if verdict.response is not None:
        return verdict.response
    row = verdict.row
    from flask import request
    if request.form.get("agree") != "yes":
        return _window(kind, purpose, status=422, summary=[("agree", "클라우드 서비스 이용약관에 동의해 주십시오.")])
    try:
        cloud.accept_terms(row, _cloud(kind), ip=client_ip())
    except ProviderError as err:
        return _window(kind, purpose, status=503, summary=[("agree", err.message)])
    except FieldError as err:
        return _window(kind, purpose, status=422, summary=[(err.field, err.message)])
    return _window(kind, purpose, announce="약관에 동의했습니다. 기기인증을 진행해 주십시오.")


@bp.route("/cloud/<kind>/<purpose>/device")
def cloud_device(kind, purpose):
    """The polling target while the phone has not replied; final markup (no trigger) once it has."""
    verdict = _at_step(kind, purpose, "device")
    # Once connected the poll still answers: its final markup ends the polling and sets 자동연결.
    if verdict.response is not None and verdict.position != "done":
        return verdict.response
    row = verdict.row
    state = cloud.device_state(row, adapters().ars)
    if not is_htmx():
        # Without JS the 인증 확인 button lands here: back to the window, which shows the state.
        response = redirect(url_for("certcenter.cloud_window", kind=kind, purpose=purpose))
    else:
        response = make_response(*render("certcenter/_device_status.html", kind=kind, purpose=purpose, link=row,
                                          device_state=state))
    if state == "connected":
        _keep_connected(response, row)
    return response


@bp.route("/cloud/<kind>/<purpose>/ars", methods=["POST"])
def cloud_device_ars(kind, purpose):
    """SMS 인증이 어려운 경우 ARS 인증을 할 수 있습니다 (manual 3-2, 기기인증): the member asks for the call."""
    verdict = _at_step(kind, purpose, "device")
    if verdict.response is not None:
        return verdict.response
    try:
        cloud.call_device_ars(verdict.row, adapters().ars, ip=client_ip())
    except FieldError as err:
        body, status = _window(kind, purpose, status=429 if err.retry_after else 422,
                               summary=[(err.field, err.message)])
        return body, status, err.headers()
    return _window(kind, purpose, announce="ARS 전화를 걸었습니다. 전화 안내에 따라 화면의 인증숫자를 누르고 승인해 주십시오.")


def _keep_connected(response, row):
    token = cloud.device_token(row) if not cloud.auto_wallet(row.cloud) else None
    if token:
        response.set_cookie(cloud.cookie_name(row.cloud), token, httponly=True, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"], path="/certcenter/",
                            max_age=current_app.config["CLOUD_AUTO_CONNECT_DAYS"] * 86400)
        from ..models.certcloud import CloudLink
        CloudLink.update(auto=False).where(CloudLink.id == row.id).execute()
        row.auto = False
    return response


@bp.route("/cloud/<kind>/<purpose>/code", methods=["POST"])
def cloud_code(kind, purpose):
    verdict = _at_step(kind, purpose, "code")
    if verdict.response is not None:
        return verdict.response
    row = verdict.row
    form = CloudCodeForm()
    if form.validate_on_submit():
        try:
            cloud.confirm_code(row, form.code.data)
        except FieldError as err:
            form.add_error(err.field, err.message)
    if form.error_list():
        return _window(kind, purpose, code_form=form, status=422, summary=form.error_list())
    return _window(kind, purpose, announce="클라우드에 연결되었습니다. 인증서를 선택해 주십시오.")


@bp.route("/cloud/<kind>/<purpose>/restart", methods=["POST"])
def cloud_restart(kind, purpose):
    _check(kind, purpose)
    cloud.restart(kind)
    return go(url_for("certcenter.cloud_window", kind=kind, purpose=purpose))


@bp.route("/cloud/<kind>/disconnect", methods=["POST"])
def cloud_disconnect(kind):
    if kind not in KINDS:
        abort(404)
    cloud.disconnect(kind)
    response = redirect(url_for("main.certcenter"))
    response.delete_cookie(cloud.cookie_name(kind), path="/certcenter/")
    from flask import flash
    flash(f"{KINDS[kind]} 클라우드 연결을 해제했습니다.")
    return response


@bp.route("/cloud/<kind>/<purpose>/sign", methods=["POST"])
def cloud_sign(kind, purpose):
    _check(kind, purpose)
    connected, wallet_id = cloud.connected_wallet(kind)
    if not connected or wallet_id is None:
        return go(url_for("certcenter.cloud_window", kind=kind, purpose=purpose))
    blocked = flows.sign_blocked(purpose)
    if blocked:
        return go(blocked)
    from flask import request
    form = SignForm()
    form.validate_on_submit()
    try:
        cert_id = int(request.form.get("cert", ""))
    except ValueError:
        cert_id = None
    pin, error = check_numeric_code(form.pin.data or "", 6, 6, label="인증서 비밀번호")
    field = "pin"
    if cert_id is None:
        error, field = "등록할 인증서를 선택해 주십시오.", "cert-list"
    if error is None:
        try:
            token = service.sign_and_verify(_cloud(kind), wallet_id, cert_id, pin, form.nonce.data or "",
                                            purpose, trusted_roots(current_app.config), ip=client_ip())
        except (PinRefused, CertRefused, ProviderError) as err:
            error = err.message
            field = "pin" if isinstance(err, PinRefused) else "cert-list"
    if error:
        if field == "pin":
            form.pin.errors = [error]
        return _window(kind, purpose, sign_form=form, status=422, summary=[(field, error)], chosen=cert_id)
    session[f"cert_proof:{purpose}"] = token
    return go(flows.after_sign(purpose))

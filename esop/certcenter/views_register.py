"""3-1 금융인증서등록/재등록 and 3-2 타기관 클라우드 인증서 등록: ①본인확인 → ②추가인증 → ③등록완료."""
from __future__ import annotations

from flask import current_app, g, session, url_for

from ..adapters import ProviderError, adapters
from ..pki.verifier import CertRefused
from ..results import FieldError
from ..rules.rrn import mask_rrn, spoken_mask
from ..web import client_ip, go, render
from . import bp, cloud, extra, flows, service
from .forms import IdentityForm, OverseasForm

PAGES = {"fin31": "certcenter/fin_identity.html", "cloud32": "certcenter/cloud_identity.html"}


def _identity_page(purpose, flow, form=None, overseas_form=None, status=200, summary=None):
    member = g.get("member")
    form = form or IdentityForm(formdata=None, user_id=member.user_id if member else None)
    return render(PAGES[purpose], status=status, form=form, flow=flow,
                  overseas_form=overseas_form or OverseasForm(formdata=None), summary=summary or [],
                  page_errors=bool(summary), prefilled=member is not None)


def _identity(purpose):
    from flask import request
    flow = flows.flow_or_start(purpose)
    if request.method == "GET":
        return None, flow, _identity_page(purpose, flow)
    form = IdentityForm()
    member = g.get("member")
    if member:
        form.user_id.data = member.user_id   # the logged-in ID, whatever the read-only box sent
    if form.validate_on_submit():
        try:
            found = flows.check_identity(flow, form.user_id.data.strip(), form.password.data, form.rrn.data,
                                         max_failures=current_app.config["LOGIN_MAX_FAILURES"],
                                         logged_in=member, ip=client_ip())
        except FieldError as err:
            form.add_error(err.field, err.message)
    if form.error_list():
        return None, flow, _identity_page(purpose, flow, form, status=422, summary=form.error_list())
    # A new 본인확인 starts the later steps over (a different member may be at this browser).
    flows.restart(flow, found)
    return found, flow, None


# ---- 3-1 금융인증서등록/재등록 ------------------------------------------------------------

@bp.route("/financial/register", methods=["GET", "POST"])
def fin_identity():
    member, flow, page = _identity("fin31")
    if page is not None:
        return page
    flows.advance(flow, "verify")
    return go(url_for("certcenter.fin_verify"))


@bp.route("/financial/register/verify")
@flows.requires("fin31", "verify")
def fin_verify(flow):
    hop = extra.next_hop(flow)
    return go(hop or url_for("certcenter.fin_register"))


@bp.route("/financial/register/certificate")
@flows.requires("fin31", "cloud")
def fin_register(flow):
    return render("certcenter/fin_register.html", flow=flow, masked=mask_rrn(flow.member.rrn),
                  spoken=spoken_mask(flow.member.rrn))


@bp.route("/financial/register/finish")
@flows.requires("fin31", "cloud")
def fin_finish(flow):
    return _finish(flow, "fin31", "certcenter.fin_done", "certcenter/fin_register.html")


@bp.route("/financial/register/done")
@flows.requires("fin31", "done")
def fin_done(flow):
    return render("certcenter/done.html", flow=flow, kind="financial")


def _finish(flow, purpose, done_endpoint, page):
    token = session.pop(f"cert_proof:{purpose}", "")
    try:
        service.register_with_proof(token, purpose, flow.member, ip=client_ip())
    except CertRefused as refused:
        return render(page, status=422, flow=flow, refused=refused.message, page_errors=True,
                      masked=mask_rrn(flow.member.rrn), spoken=spoken_mask(flow.member.rrn))
    flows.advance(flow, "done")
    return go(url_for(done_endpoint))


# ---- 3-2 타기관 클라우드 인증서 등록 ------------------------------------------------------------

@bp.route("/cloud-register", methods=["GET", "POST"])
def cloud_identity():
    from flask import request
    connected, _ = cloud.connected_wallet("joint")
    if not connected and request.method == "GET":
        # Manual 3-2: when the cloud is not connected, the connection comes first.
        return go(url_for("certcenter.cloud_window", kind="joint", purpose="cloud32"))
    member, flow, page = _identity("cloud32")
    if page is not None:
        return page
    try:
        country = adapters().geoip.country(client_ip())
    except ProviderError as err:
        return _identity_page("cloud32", flow, status=503, summary=[("user_id", err.message)])
    if country != "KR":
        # 해외IP접속: the departure-record consent appears below the 본인확인 area.
        flows.advance(flow, "overseas", overseas=True, country=country)
        return _identity_page("cloud32", flow)
    flows.advance(flow, "verify", overseas=False)
    return go(url_for("certcenter.cloud_verify"))


@bp.route("/cloud-register/overseas", methods=["POST"])
@flows.requires("cloud32", "overseas")
def cloud_overseas(flow):
    import datetime as dt
    form = OverseasForm()
    form.validate_on_submit()
    if not form.consent.data:
        form.add_error("consent", "해외 출국정보 조회에 동의하셔야 타기관 인증서 등록을 진행할 수 있습니다.")
        return _identity_page("cloud32", flow, overseas_form=form, status=422, summary=form.error_list())
    try:
        departed = adapters().immigration.departed(flow.member.name, flow.member.rrn)
    except ProviderError as err:
        form.add_error("consent", err.message)
        return _identity_page("cloud32", flow, overseas_form=form, status=503, summary=form.error_list())
    from ..models import audit
    audit.record("certcenter.departure_query", member=flow.member, subject=flow.member.user_id, ip=client_ip(),
                 departed=departed)
    # An overseas access without a departure record may still continue (manual 3-2, 본인확인 2/2).
    flows.advance(flow, "verify", departure_consent_at=dt.datetime.now(), departed=departed)
    return go(url_for("certcenter.cloud_verify"))


@bp.route("/cloud-register/verify")
@flows.requires("cloud32", "verify")
def cloud_verify(flow):
    hop = extra.next_hop(flow)
    return go(hop or url_for("certcenter.cloud_register"))


@bp.route("/cloud-register/certificate")
@flows.requires("cloud32", "cloud")
def cloud_register(flow):
    return render("certcenter/cloud_register.html", flow=flow, masked=mask_rrn(flow.member.rrn),
                  spoken=spoken_mask(flow.member.rrn))


@bp.route("/cloud-register/finish")
@flows.requires("cloud32", "cloud")
def cloud_finish(flow):
    return _finish(flow, "cloud32", "certcenter.cloud_done", "certcenter/cloud_register.html")


@bp.route("/cloud-register/done")
@flows.requires("cloud32", "done")
def cloud_done(flow):
    return render("certcenter/done.html", flow=flow, kind="joint")

"""마이페이지 home, 동의 관리 (with the re-consent interruption), 개인신용정보 현황, session extension."""
from __future__ import annotations

from flask import flash, g, redirect, request, session, url_for

from ..account.auth import login_required
from ..models import audit
from ..models.consent import MARKETING_CHANNELS
from ..models.security_event import alerts_of
from ..web import client_ip, go, is_htmx, render
from . import bp, consents, provision
from .forms import AgreementsForm, MarketingForm


@bp.route("/")
@login_required
def index():
    recent = list(alerts_of(g.member, limit=3))
    return render("mypage/index.html", recent_alerts=recent)


def _consents_page(form=None, status=200, summary=None, saved=None):
    agree, channels = consents.marketing_state(g.member)
    form = form or MarketingForm(formdata=None, marketing="yes" if agree else "no", channel=sorted(channels))
    page = render("mypage/consents.html", "mypage/_marketing.html", status=status, form=form,
                  states=consents.states(g.member), history=list(consents.history(g.member)),
                  channels=MARKETING_CHANNELS, marketing_doc=consents.current("marketing-consent"),
                  item_labels=consents.ITEM_LABELS, summary=summary or [], page_errors=bool(summary), saved=saved)
    return page


@bp.route("/consents", methods=["GET", "POST"])
@login_required
def consent_list():
    if request.method == "GET":
        return _consents_page()
    form = MarketingForm()
    if not form.validate_on_submit():
        form.add_error("marketing", "요청이 만료되었습니다. 화면을 새로 고친 뒤 다시 시도해 주십시오.")
        return _consents_page(form, status=400, summary=form.error_list())
    answer = {"yes": True, "no": False}.get(form.marketing.data)
    errors, changed = consents.change_marketing(g.member, answer, set(form.channel.data or []))
    if errors:
        for field, message in errors:
            form.add_error("channel" if field.startswith("channel") else "marketing", message)
        return _consents_page(form, status=422, summary=[(f, m) for f, m in errors])
    message = ("상품서비스 안내 동의를 변경했습니다." if changed else "변경된 내용이 없습니다.")
    if is_htmx():
        return _consents_page(saved=message)
    flash(message)
    return redirect(url_for("mypage.consent_list"))


@bp.route("/agreements", methods=["GET", "POST"])
@login_required
def agreements():
    """The interruption page after login: the new version's full text and '동의함' (GOV.UK pattern)."""
    due = consents.outstanding(g.member)
    back = request.args.get("next")
    if not due:
        session["consents_checked"] = g.member.id
        return go(back)
    form = AgreementsForm()
    if request.method == "POST" and form.validate_on_submit():
        errors = consents.agree_again(g.member, due, set(request.form.getlist("agree")))
        if not errors:
            session["consents_checked"] = g.member.id
            flash("변경된 약관에 동의하셨습니다.")
            return go(back)
        return render("mypage/agreements.html", documents=due, form=form, summary=errors, page_errors=True,
                      status=422)
    return render("mypage/agreements.html", documents=due, form=form, summary=[])


@bp.route("/credit-info")
@login_required
def credit_info():
    # Viewing one's own personal-data history is itself an access record (개인정보 접속기록).
    audit.record("account.credit_info_viewed", member=g.member, subject=g.member.user_id, ip=client_ip())
    return render("mypage/credit_info.html", **provision.report(g.member))


@bp.route("/session/extend", methods=["POST"])
@login_required
def session_extend():
    """시간 연장: this request itself renewed the session (auth touches last_seen); say until when."""
    if is_htmx():
        return render("mypage/_session_timeout.html", extended=True)
    flash("로그인 시간을 연장했습니다.")
    return go(request.form.get("back"))

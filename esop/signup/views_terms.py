"""2-1 약관동의 and 2-2 개인정보 수집·이용·제공 동의 (a dialog over 2-1 with JS, a page without)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, session, url_for

from .. import flowengine
from ..models import consent
from ..models.flow import SIGNUP
from ..results import FieldError
from ..web import go, hx_retarget, is_htmx, render
from . import bp, service
from .flowctx import requires_step
from .forms import ConsentForm, TermsForm

TERM_FIELDS = {"online-service-terms": "online_service_terms",
               "electronic-finance-terms": "electronic_finance_terms",
               "privacy-policy": "privacy_policy"}
FULL_TEXTS = ("credit-info-consent", "marketing-consent", "customer-rights-notice")
# The 전문보기-first error stands beside 필수항목 전체동의, the item it refuses (issue 16).
VIEW_ANCHORS = {"view_credit": "all_required", "marketing": "marketing-yes",
                # each 예/아니오 item's summary link lands on its first radio (the radios carry the ids)
                **{key: f"{key}-no" for key, _ in consent.CREDIT_ITEMS}}


@bp.route("/")
def start():
    """A fresh flow unless one is already under way (the member may come back to it)."""
    key = session.get("signup")
    flow = flowengine.row_by_key(SIGNUP, key) if key else None
    if flow is None or flow.step == "done" or request.args.get("restart") == "1":
        flowengine.start(SIGNUP)
    return redirect(url_for("signup.terms"))


@bp.route("/terms", methods=["GET", "POST"])
@requires_step("terms")
def terms(flow):
    form = TermsForm()
    docs = [consent.current(slug) for slug in consent.TERMS]
    if form.validate_on_submit():
        agreed = {slug: getattr(form, field).data for slug, field in TERM_FIELDS.items()}
        try:
            service.agree_terms(flow, agreed)
        except FieldError:
            for slug, field in TERM_FIELDS.items():
                if not agreed[slug]:
                    form.add_error(field, f"{consent.current(slug).title}을 읽어보시고 '동의함'에 체크해 주십시오.")
        else:
            if is_htmx():
                # With JS the consent form opens as a modal dialog over this page.
                body, status = render("signup/consent.html", "signup/_consent_dialog.html",
                                      form=_kept_consent_form(flow), **_consent_context(flow))
                # 2-1's form comes back too, out of band and without an earlier try's errors: the
                # dialog must not open over a stale error summary and '오류:' title (issue 16, 17).
                body += render_template("signup/_terms_form.html", form=form, docs=docs, fields=TERM_FIELDS,
                                        oob=True)
                return body, status, hx_retarget("#dialog-slot", "innerHTML")
            return redirect(url_for("signup.consent"))
    status = 422 if form.errors else 200
    return render("signup/terms.html", "signup/_terms_form.html", status=status, form=form, docs=docs,
                  fields=TERM_FIELDS)


def _consent_context(flow):
    return {"credit_doc": consent.current("credit-info-consent"),
            "marketing_doc": consent.current("marketing-consent"),
            "rights_doc": consent.current("customer-rights-notice"),
            "viewed": flow.viewed_slugs(), "items": consent.CREDIT_ITEMS, "needs_view": service.NEEDS_VIEW}


def _kept_consent_form(flow):
    """2-2 as the member last left it (service.keep_consent_answers)."""
    return ConsentForm(formdata=None, data=flow.consent_answer_values())


def _answers_sent(form) -> dict:
    """The form's answers with its "전체" boxes applied, as app.js ticks them: 필수항목 전체동의 answers
    every required item 동의함, 전체 picks every channel."""
    answers = {field.name: field.data for field in form if field.name != "csrf_token"}
    if answers["all_required"]:
        answers.update({key: "yes" for key, _ in consent.CREDIT_ITEMS})
    if answers["all_channels"]:
        answers["channels"] = [value for value, _ in form.channels.choices]
    return answers


def _answer(value):
    return {"yes": True, "no": False}.get(value)


@bp.route("/consent", methods=["GET", "POST"], endpoint="consent")
@requires_step("consent")
def consent_step(flow):
    form = ConsentForm() if request.method == "POST" else _kept_consent_form(flow)
    errors = []
    if form.validate_on_submit():
        answers = _answers_sent(form)
        service.keep_consent_answers(flow, answers)
        if request.form.get("view") in FULL_TEXTS:
            # 전문보기 without JS is a button of this form: what was ticked is kept, then the full text.
            return go(url_for("signup.document", slug=request.form["view"]))
        items = {key: _answer(answers[key]) for key, _ in consent.CREDIT_ITEMS}
        errors = service.submit_consent(flow, items, _answer(answers["marketing"]), set(answers["channels"] or []))
        if not errors:
            return go(url_for("signup.realname"))
        for field, message in errors:
            if hasattr(form, field):
                form.add_error(field, message)
    summary = [(VIEW_ANCHORS.get(f, f if f != "channels" else "channels-0"), m) for f, m in errors]
    status = 422 if errors else 200
    return render("signup/consent.html", "signup/_consent_form.html", status=status, form=form,
                  summary=summary, page_errors=bool(summary), view_credit_error=dict(errors).get("view_credit"),
                  **_consent_context(flow))



@bp.route("/document/<slug>")
@requires_step("consent")
def document(flow, slug):
    """전문보기: the full text; opening it is what allows consenting to the document's items."""
    if slug not in FULL_TEXTS:
        abort(404)
    doc = service.record_full_text_view(flow, slug)
    return render("signup/document.html", "signup/_document.html", doc=doc)


@bp.route("/extend", methods=["POST"])
@requires_step("terms")
def extend(flow):
    """시간 연장: the idle limit counts again from now, up to FLOW_MAX_EXTENSIONS times (WCAG 2.2.1)."""
    extended = flowengine.extend(SIGNUP, flow)
    flowengine.note_limit(SIGNUP, flow)
    if is_htmx():
        return render("signup/_timeout.html", "signup/_timeout.html", extended=bool(extended), refused=not extended)
    if not extended:
        flash(flowengine.extensions_used_up())
    back = request.form.get("back", "")
    return go(back if back.startswith("/signup/") else None, fallback=url_for("signup.terms"))

"""Sandbox console pages for people and JSON for scripts (registered only when the sandbox is on)."""
from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, request, url_for

from ..models.sandbox import SandboxMessage, set_switch, switch_on
from ..rules.phone import normalize_mobile
from . import bp

SWITCHES = {
    "realname_mismatch": "실명확인 불일치 (실명확인 기관이 '불일치'로 응답)",
    "provider_timeout": "외부기관 응답 지연 (실명확인·본인인증 기관이 응답하지 않음)",
    "sms_down": "문자 발송 장애 (모든 문자 발송 실패: 알림은 발송 대기열에서 재시도)",
    "sms_flaky": "문자 발송 불안정 (3건 중 1건꼴로 발송 실패)",
}


def _messages(to: str | None, limit: int = 50):
    query = SandboxMessage.select().order_by(SandboxMessage.id.desc()).limit(limit)
    if to:
        query = query.where(SandboxMessage.to == (normalize_mobile(to) or to))
    return list(query)


@bp.route("/")
def console():
    return render_console()


def render_console(**extra):
    """The console page; `extra` carries what one answer shows once (never through the session)."""
    from .verify_views import console_context
    from .cert_views import console_context as cert_context
    from .holdings_views import console_context as holdings_context
    return render_template("sandbox/console.html", messages=_messages(request.args.get("to")),
                           switches=[(k, v, switch_on(k)) for k, v in SWITCHES.items()],
                           roster_people=_demo_roster(), **console_context(), **cert_context(),
                           **holdings_context(), **extra)


def _demo_roster():
    """The demo union's synthetic people, so testers can sign up and see 소속조합 (sandbox only)."""
    from ..demo import demo_people
    from ..models.member import member_by_rrn
    from ..rules.rrn import mask_rrn
    return [{"name": name, "rrn": f"{rrn[:6]}-{rrn[6:]}", "member": member_by_rrn(rrn) is not None,
             "masked": mask_rrn(rrn)} for name, rrn in demo_people()]


@bp.route("/messages.json")
def messages_json():
    return jsonify([{"to": m.to, "body": m.body, "code": m.code, "purpose": m.purpose,
                     "sent_at": m.created_at.isoformat(timespec="seconds")}
                    for m in _messages(request.args.get("to"))])


@bp.route("/switches", methods=["POST"])
def switches():
    for name in SWITCHES:
        set_switch(name, request.form.get(name) == "on")
    flash("샌드박스 설정을 저장했습니다.")
    return redirect(url_for("sandbox.console"))


from . import verify_views  # noqa: E402,F401  (ARS, OTP, transfers: issue 5)
from . import cert_views  # noqa: E402,F401  (certificates, cloud device checks: issue 6)
from . import holdings_views  # noqa: E402,F401  (우리사주 잔고·대출 시스템: issue 16)

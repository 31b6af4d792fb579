"""Sandbox console for the 우리사주 잔고·대출 시스템 (대출가능금액 조회): a member's shares, price and
existing loan, and a switch that makes the system unavailable."""
from __future__ import annotations

from flask import flash, redirect, request, url_for

from ..models.member import member_by_user_id
from ..models.sandbox import set_switch, switch_on
from ..models.sandbox_holdings import SandboxHolding, set_holding
from . import bp

FIGURES = {"shares": "보유 주식 수 (주)", "price": "기준가격 (원)", "existing_loan": "기존 대출잔액 (원)"}
MAX_FIGURE = 10 ** 15   # far above any holding, far below the column's limit


def console_context() -> dict:
    return {"holdings_down": switch_on("holdings_down"), "holding_figures": FIGURES,
            "holdings": list(SandboxHolding.select().order_by(SandboxHolding.updated_at.desc()).limit(50))}


def _figure(raw: str) -> tuple[int | None, str | None]:
    """(value, error): empty keeps the member's deterministic default."""
    raw = raw.strip().replace(",", "")
    if not raw:
        return None, None
    if not raw.isdigit() or int(raw) > MAX_FIGURE:
        return None, "0 이상의 정수를 입력해 주십시오 (비워 두면 기본값)."
    return int(raw), None


@bp.route("/holdings", methods=["POST"])
def holdings_set():
    from .views import render_console
    user_id = (request.form.get("user_id") or "").strip().lower()
    errors, values = {}, {}
    if not user_id or member_by_user_id(user_id) is None:
        errors["user_id"] = "가입된 아이디를 입력해 주십시오."
    for name in FIGURES:
        values[name], error = _figure(request.form.get(name, ""))
        if error:
            errors[name] = error
    if errors:
        return render_console(holding_errors=errors, holding_input=request.form, page_errors=True), 422
    set_holding(user_id, **values)
    flash(f"{user_id} 회원의 우리사주 잔고·대출 정보를 저장했습니다.")
    return redirect(url_for("sandbox.console") + "#sb-holdings")


@bp.route("/holdings/switch", methods=["POST"])
def holdings_switch():
    set_switch("holdings_down", request.form.get("holdings_down") == "on")
    flash("우리사주 잔고·대출 시스템 응답 설정을 저장했습니다.")
    return redirect(url_for("sandbox.console") + "#sb-holdings")

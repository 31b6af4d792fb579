"""Sandbox console for 추가인증: ARS calls to answer, current OTP codes, 1-won transfers, demo cards."""
from __future__ import annotations

from flask import flash, jsonify, redirect, request, url_for

from ..adapters.ars import answer_sandbox_call
from ..models.media import OtpDevice, SecurityCard
from ..models.sandbox_verify import SandboxArsCall, SandboxTransfer
from ..verify.media_checks import otp_code
from . import bp

ARS_RESULTS = {"pending": "대기 중", "approved": "승인", "declined": "거절", "mismatch": "숫자 불일치"}


def _calls(limit=30, phone: str | None = None):
    query = SandboxArsCall.select()
    if phone:  # calls are kept with the number masked, as the console shows them
        from ..rules.phone import mask_phone
        query = query.where(SandboxArsCall.phone == mask_phone(phone))
    return list(query.order_by(SandboxArsCall.id.desc()).limit(limit))


def _transfers(limit=30):
    return list(SandboxTransfer.select().order_by(SandboxTransfer.id.desc()).limit(limit))


def _otp_rows():
    devices = OtpDevice.select().where(OtpDevice.status == "active").order_by(OtpDevice.id)
    return [{"user_id": d.member.user_id, "serial": d.serial, "code": otp_code(d), "locked": d.locked,
             "kind": d.kind} for d in devices]


def _cards():
    cards = SecurityCard.select().where(SecurityCard.status == "active").order_by(SecurityCard.id)
    return [{"user_id": c.member.user_id, "serial": c.serial, "codes": c.code_list(), "locked": c.locked}
            for c in cards]


def console_context() -> dict:
    return {"ars_calls": _calls(), "ars_results": ARS_RESULTS, "otp_rows": _otp_rows(),
            "transfers": _transfers(), "cards": _cards()}


@bp.route("/ars.json")
def ars_json():
    """The latest calls; `?phone=` gives the calls to that number (what one phone rings for, like
    messages.json?to=), so a test's phone finds its call however many others were placed since."""
    return jsonify([{"reference": c.reference, "phone": c.phone, "digits": c.digits, "status": c.status,
                     "purpose": c.purpose, "called_at": c.created_at.isoformat(timespec="seconds")}
                    for c in _calls(phone=request.args.get("phone"))])


@bp.route("/otp.json")
def otp_json():
    return jsonify(_otp_rows())


@bp.route("/transfers.json")
def transfers_json():
    return jsonify([{"reference": t.reference, "bank": t.bank, "account": t.account, "holder": t.holder,
                     "amount": t.amount, "memo": t.memo, "sent_at": t.created_at.isoformat(timespec="seconds")}
                    for t in _transfers()])


@bp.route("/onetime", methods=["POST"])
def onetime_issue():
    """What a branch does: issue a 1회용 인증번호 to a member and hand it over. The number is shown in this
    answer only — not flashed, since flashes live in the session cookie."""
    from ..models.member import member_by_user_id
    from ..verify.issuance import issue_onetime
    from .views import render_console
    user_id = (request.form.get("user_id") or "").strip()
    member = member_by_user_id(user_id) if user_id else None
    if member is None:
        flash("1회용 인증번호를 발급하지 못했습니다: 가입된 아이디를 입력해 주십시오.")
        return redirect(url_for("sandbox.console") + "#sb-onetime")
    code = issue_onetime(member, by="sandbox")
    return render_console(onetime_issued={"user_id": member.user_id, "code": code})


@bp.route("/ars/<reference>/answer", methods=["POST"])
def ars_answer(reference):
    """What the person holding the phone does: key in the two digits, then approve or decline."""
    approve = request.form.get("answer") == "approve"
    result = answer_sandbox_call(reference, approve, request.form.get("digits", ""))
    flash(f"ARS 전화 응답: {ARS_RESULTS.get(result, result)}")
    return redirect(url_for("sandbox.console") + "#sb-ars")

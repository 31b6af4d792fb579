"""Sandbox console for 인증센터: issue certificates 'at another institution', answer cloud device
checks, steer the overseas-access and departure-record answers (issue 6)."""
from __future__ import annotations

import datetime as dt

from flask import flash, jsonify, redirect, request, url_for

from ..adapters.certcloud import CLOUD_NAMES, sandbox_issue
from ..certcenter import cloud
from ..models.certcloud import CloudWallet, WalletCertificate
from ..models.sandbox import SandboxRevocation, set_switch, switch_on
from ..rules.codes import check_numeric_code
from ..rules.digits import normalize_digits
from ..rules.phone import normalize_mobile
from ..rules.rrn import parse_rrn
from . import bp

CERT_SWITCHES = {
    "overseas_access": "해외IP접속 (모든 접속을 해외 IP에서 온 것으로 판정)",
    "departure_record": "출국기록 있음 (출국정보 조회에 '출국 중'으로 응답)",
    "ocsp_down": "인증서 상태 확인(OCSP) 무응답 (인증기관이 폐지 여부에 답하지 않음)",
}


def _wallet_certificates(limit=50):
    return list(WalletCertificate.select(WalletCertificate, CloudWallet).join(CloudWallet)
                .order_by(WalletCertificate.id.desc()).limit(limit))


def console_context() -> dict:
    return {"cert_switches": [(k, v, switch_on(k)) for k, v in CERT_SWITCHES.items()],
            "cloud_names": CLOUD_NAMES, "wallet_certs": _wallet_certificates(),
            "device_checks": cloud.pending_device_checks(), "today": dt.datetime.now(),
            "device_record": [(d, DEVICE_STATUS.get(_device_status(d), d.device_status))
                              for d in cloud.recent_device_checks()],
            "revoked": {r.serial: r.revoked_at for r in SandboxRevocation.select()}}


@bp.route("/cert/switches", methods=["POST"])
def cert_switches():
    for name in CERT_SWITCHES:
        set_switch(name, request.form.get(name) == "on")
    flash("인증센터 모의 응답 설정을 저장했습니다.")
    return redirect(url_for("sandbox.console") + "#sb-cert")


@bp.route("/cert/issue", methods=["POST"])
def cert_issue():
    """Issue a real X.509 certificate for any person into their wallet at the chosen cloud."""
    form = request.form
    cloud_kind = form.get("cloud", "")
    name = (form.get("name") or "").strip()
    rrn = normalize_digits(form.get("rrn", ""))
    phone = normalize_mobile(form.get("phone", ""))
    pin, pin_error = check_numeric_code(form.get("pin", ""), 6, 6, label="인증서 비밀번호")
    parsed = parse_rrn(rrn[:6], rrn[6:]) if len(rrn) == 13 else None
    errors = []
    if cloud_kind not in CLOUD_NAMES:
        errors.append("클라우드를 선택해 주십시오.")
    if not name or len(name) > 40:
        errors.append("이름을 입력해 주십시오.")
    if parsed is None or not parsed.ok:
        errors.append("올바른 주민등록번호 13자리를 입력해 주십시오.")
    if phone is None:
        errors.append("휴대폰번호를 010-1234-5678 형식으로 입력해 주십시오.")
    if pin_error:
        errors.append(pin_error)
    if errors:
        flash("인증서를 발급하지 못했습니다: " + " ".join(errors))
        return redirect(url_for("sandbox.console") + "#sb-cert")
    row = sandbox_issue(cloud=cloud_kind, name=name, rrn_digits=parsed.digits, phone=phone, pin=pin,
                        expired=form.get("expired") == "on",
                        institution=(form.get("institution") or "모의은행").strip()[:30] or "모의은행",
                        ca_kind="rogue" if form.get("untrusted") == "on" else None)
    flash(f"{CLOUD_NAMES[cloud_kind]}에 인증서를 발급했습니다: {row.subject}")
    return redirect(url_for("sandbox.console") + "#sb-cert")


@bp.route("/cert/revoke/<int:cert_id>", methods=["POST"])
def cert_revoke(cert_id):
    """What a member does at the issuing institution after losing a certificate: the CA revokes it,
    and its OCSP responder answers 'revoked' from then on."""
    from cryptography import x509

    from ..pki.ca import sandbox_issuer_of
    row = WalletCertificate.get_or_none(WalletCertificate.id == cert_id)
    if row is None:
        flash("폐지할 인증서를 찾을 수 없습니다.")
        return redirect(url_for("sandbox.console") + "#sb-cert")
    authority = sandbox_issuer_of(x509.load_pem_x509_certificate(row.cert_pem.encode()))
    if authority is not None:
        SandboxRevocation.insert(ca_kind=authority.kind, serial=row.serial).on_conflict_ignore().execute()
    flash(f"인증기관에서 인증서를 폐지했습니다: {row.subject}")
    return redirect(url_for("sandbox.console") + "#sb-cert")


@bp.route("/cert/device/<int:link_id>", methods=["POST"])
def cert_device_reply(link_id):
    """What the phone does: reply to the device-check SMS with the number. (An ARS call the member asked
    for rings in the console's ARS section, like every call of the ARS adapter.)"""
    result = cloud.reply_device(link_id, request.form.get("number", ""))
    labels = {"confirmed": "기기인증 완료", "wrong": "숫자 불일치", "declined": "거절됨", "closed": "이미 끝난 요청"}
    flash(f"클라우드 기기인증 응답: {labels.get(result, result)}")
    return redirect(url_for("sandbox.console") + "#sb-devices")


@bp.route("/certificates.json")
def certificates_json():
    return jsonify([{"cloud": c.wallet.cloud, "name": c.wallet.name, "phone": c.wallet.phone,
                     "subject": c.subject, "serial": c.serial, "institution": c.issuer_label,
                     "not_after": c.not_after.isoformat(timespec="seconds"), "pin_failures": c.pin_failures,
                     "locked": c.locked_at is not None} for c in _wallet_certificates()])


@bp.route("/cloud-devices.json")
def cloud_devices_json():
    """The checks waiting for the phone; `?all=1`: every recent one with its status (the record)."""
    checks = cloud.recent_device_checks() if request.args.get("all") == "1" else cloud.pending_device_checks()
    return jsonify([{"id": d.id, "cloud": d.cloud, "phone": d.phone, "number": d.device_number,
                     "status": _device_status(d), "tries": d.device_tries,
                     "expires_at": d.device_expires_at.isoformat(timespec="seconds")} for d in checks])


def _device_status(link) -> str:
    if link.device_status == "pending" and link.device_expires_at <= dt.datetime.now():
        return "expired"
    return link.device_status


DEVICE_STATUS = {"pending": "대기 중", "confirmed": "확인됨", "declined": "거절", "expired": "시간 초과"}

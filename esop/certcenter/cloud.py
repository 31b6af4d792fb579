"""This browser's connection to a certificate cloud: 고객정보 입력 → 약관동의 → 기기인증 (joint),
or 이름·휴대폰번호·생년월일 → SMS 확인코드 (financial); 자동연결 by a signed, expiring device token."""
from __future__ import annotations

import datetime as dt
import secrets

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from .. import flowengine
from ..db import db
from ..flowengine import digest
from ..models import verify
from ..models.certcloud import CLOUD_LINK, CloudDevice, CloudLink, device_counter
from ..security import attempts

DEVICE_SECONDS = 180
DEVICE_MAX_TRIES = 5
CODE_SECONDS = 180


class CloudStepError(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def cookie_name(kind: str) -> str:
    return f"esop_cloud_{kind}"


def current_link(kind: str) -> CloudLink | None:
    return flowengine.current(CLOUD_LINK, kind)


def link_for(kind: str, purpose: str) -> CloudLink:
    """The browser's link to this cloud, started when there is none; remembers what it is for."""
    row = current_link(kind)
    if row is None:
        row = flowengine.start(CLOUD_LINK, kind, cloud=kind, purpose=purpose)
    elif row.purpose != purpose:
        row.purpose = purpose
        CloudLink.update(purpose=purpose).where(CloudLink.id == row.id).execute()
    return row


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="esop.cloud.device")


def auto_wallet(kind: str) -> int | None:
    """The wallet this browser is kept connected to (자동연결), if its token is valid and not revoked."""
    raw = request.cookies.get(cookie_name(kind))
    if not raw:
        return None
    max_age = current_app.config["CLOUD_AUTO_CONNECT_DAYS"] * 86400
    try:
        data = _serializer().loads(raw, max_age=max_age)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") != kind or not isinstance(data.get("t"), str):
        return None
    row = CloudDevice.get_or_none(CloudDevice.token_hash == digest(data["t"]))
    if row is None or row.revoked_at is not None or row.expires_at <= dt.datetime.now():
        return None
    return row.wallet_id


def connected_wallet(kind: str) -> tuple[bool, int | None]:
    """(connected, wallet id); a connected new subscriber of the financial cloud may have no wallet."""
    row = current_link(kind)
    if row is not None and row.step == "connected":
        return True, row.wallet_id
    wallet_id = auto_wallet(kind)
    return (wallet_id is not None), wallet_id


def submit_info(row: CloudLink, cloud, name: str, birth: dt.date, phone: str, auto: bool) -> None:
    if row.step not in ("info", "connected"):
        # Details typed again (an older tab, the back button): the connection starts over from them.
        flowengine.restart(CLOUD_LINK, row, device_status="", device_number="")
    wallet_id = cloud.subscriber(name, birth, phone)
    fields = dict(name=name, birth_date=birth, phone=phone, auto=auto, wallet=wallet_id)
    # 재연결: a known joint subscriber skips 약관동의 (manual 3-2, 클라우드 미연결 상태 1/3).
    to = "code" if row.cloud == "financial" else ("device" if wallet_id else "terms")
    if not flowengine.advance(CLOUD_LINK, row, to, **fields):
        return  # a double submit: the first request sent the code or started the device check
    if to == "code":
        _, code = verify.issue("certcloud.financial", f"link:{row.id}", phone, CODE_SECONDS)
        cloud.notify(phone, f"[금융인증서] 확인코드 [{code}]를 화면에 입력해 주십시오. (3분 이내)", code=code)
    elif to == "device":
        start_device(row, cloud)


def accept_terms(row: CloudLink, cloud) -> None:
    wallet_id = cloud.join(row.name, row.birth_date, row.phone)
    if flowengine.advance(CLOUD_LINK, row, "device", from_steps=("terms",), wallet=wallet_id):
        start_device(row, cloud)


def start_device(row: CloudLink, cloud) -> None:
    """A 2-digit number on screen; the phone is asked to reply with it (or approve by ARS)."""
    number = f"{secrets.randbelow(90) + 10}"
    CloudLink.update(device_number=number, device_status="pending", device_tries=0,
                     device_expires_at=dt.datetime.now() + dt.timedelta(seconds=DEVICE_SECONDS)).where(
        CloudLink.id == row.id).execute()
    cloud.notify(row.phone, "[코스콤 클라우드] 기기인증 요청입니다. PC 화면에 표시된 숫자 2자리를 "
                            "이 문자에 회신해 주십시오. 본인이 요청하지 않았다면 회신하지 마십시오.")


def reply_device(link_id: int, number: str) -> str:
    """The member's SMS reply (sandbox console): 'confirmed', 'wrong', 'declined' or 'closed'."""
    row = CloudLink.get_or_none(CloudLink.id == link_id)
    if row is None or row.device_status != "pending" or row.device_expires_at <= dt.datetime.now():
        return "closed"
    counter = device_counter(DEVICE_MAX_TRIES)
    try_no = attempts.reserve(counter, row.id)   # counted before comparing (security/attempts.py)
    if not try_no:
        return "closed"
    if secrets.compare_digest(number.strip(), row.device_number):
        won = CloudLink.update(device_status="confirmed").where(
            (CloudLink.id == row.id) & (CloudLink.device_status == "pending")).execute()
        return "confirmed" if won else "closed"
    attempts.settle_wrong(counter, row.id, try_no)
    return "declined" if try_no >= DEVICE_MAX_TRIES else "wrong"


def approve_by_ars(link_id: int, approve: bool) -> str:
    """SMS 인증이 어려운 경우 ARS: the call is approved or declined on the phone (sandbox console)."""
    with db.atomic():
        row = CloudLink.get_or_none(CloudLink.id == link_id)
        if row is None or row.device_status != "pending" or row.device_expires_at <= dt.datetime.now():
            return "closed"
        status = "confirmed" if approve else "declined"
        CloudLink.update(device_status=status).where(CloudLink.id == row.id).execute()
        return status


def device_state(row: CloudLink) -> str:
    """pending | connected | declined | expired; connects the link when the phone confirmed."""
    if row.step == "connected":
        return "connected"
    if row.device_status == "confirmed":
        # Of two polls that saw the confirmation, one moves the step; both answer connected.
        flowengine.advance(CLOUD_LINK, row, "connected")
        return "connected"
    if row.device_status == "pending" and row.device_expires_at <= dt.datetime.now():
        CloudLink.update(device_status="expired").where(CloudLink.id == row.id).execute()
        return "expired"
    return row.device_status or "pending"


def confirm_code(row: CloudLink, code: str) -> None:
    result = verify.check("certcloud.financial", f"link:{row.id}", code)
    if not result.ok:
        messages = {"wrong": f"확인코드가 일치하지 않습니다. {result.remaining}회 더 틀리면 다시 요청하셔야 합니다.",
                    "expired": "확인코드 입력 시간이 지났습니다. 확인코드를 다시 요청해 주십시오.",
                    "void": "확인코드를 5회 잘못 입력했습니다. 확인코드를 다시 요청해 주십시오.",
                    "none": "유효한 확인코드가 없습니다. 확인코드를 다시 요청해 주십시오."}
        raise CloudStepError("code", messages[result.reason])
    flowengine.advance(CLOUD_LINK, row, "connected")


def device_token(row: CloudLink) -> str | None:
    """When 자동연결 was asked for and the link has a wallet: a signed token naming a revocable device row."""
    if not row.auto or row.wallet_id is None:
        return None
    token = secrets.token_urlsafe(32)
    days = current_app.config["CLOUD_AUTO_CONNECT_DAYS"]
    CloudDevice.create(token_hash=digest(token), wallet=row.wallet_id,
                       expires_at=dt.datetime.now() + dt.timedelta(days=days))
    return _serializer().dumps({"k": row.cloud, "t": token})


def disconnect(kind: str) -> None:
    """연결 해제: the link ends and a kept-connected device token stops working."""
    row = current_link(kind)
    if row is not None:
        row.delete_instance()
    flowengine.forget(CLOUD_LINK, kind)
    raw = request.cookies.get(cookie_name(kind))
    if raw:
        try:
            data = _serializer().loads(raw)
        except BadSignature:
            return
        if isinstance(data, dict) and isinstance(data.get("t"), str):
            CloudDevice.update(revoked_at=dt.datetime.now()).where(
                CloudDevice.token_hash == digest(data["t"])).execute()


def restart(kind: str) -> None:
    """Back to 고객정보 입력 (a wrong number, an expired device check)."""
    row = current_link(kind)
    if row is not None:
        flowengine.restart(CLOUD_LINK, row, device_status="", device_number="")


def recent_device_checks(limit: int = 20) -> list[CloudLink]:
    """For the sandbox console's record: every device check, newest first, whatever became of it."""
    return list(CloudLink.select().where(CloudLink.device_status != "")
                .order_by(CloudLink.id.desc()).limit(limit))


def pending_device_checks(limit: int = 20) -> list[CloudLink]:
    """For the sandbox console: device checks waiting for the phone's reply."""
    return list(CloudLink.select().where((CloudLink.device_status == "pending")
                                         & (CloudLink.device_expires_at > dt.datetime.now()))
                .order_by(CloudLink.id.desc()).limit(limit))

"""This browser's connection to a certificate cloud: 고객정보 입력 → 약관동의 → 기기인증 (joint),
or 이름·휴대폰번호·생년월일 → SMS 확인코드 (financial); 자동연결 by a signed, expiring device token."""
from __future__ import annotations

import datetime as dt
import secrets

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from .. import codes, flowengine
from ..adapters import ProviderError, ars
from ..flowengine import digest
from ..models.certcloud import CLOUD_LINK, CloudDevice, CloudLink, device_counter
from ..results import FieldError
from ..security import attempts

DEVICE_SECONDS = 180
DEVICE_MAX_TRIES = 5
DEVICE_MESSAGE = "certcloud.device"   # the code service's name for the device-check text
DEVICE_ARS = "certcloud.device.ars"   # … and for the approval call asked for instead


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


def _subscriber(name: str, birth: dt.date, phone: str) -> str:
    """Whom the cloud's code is for: the subscriber typed in 고객정보 입력."""
    return f"{name}\x00{birth.isoformat()}\x00{phone}"


def _text_or_step_back(row: CloudLink, step: str, back: str, field: str, send) -> None:
    """Only the request that moved the link to `step` texts (a double submit sends once); when the code
    service refuses (its wait, its limits, the cloud), the link returns to `back` with the reason."""
    try:
        send()
    except FieldError as err:
        flowengine.transition(CloudLink, row.id, CloudLink.step == step, step=back)
        row.step = back
        raise err.at(field) from err


def submit_info(row: CloudLink, cloud, name: str, birth: dt.date, phone: str, auto: bool, *, ip: str) -> None:
    """Raises FieldError when the code service refuses to text (wait, limits, the cloud)."""
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
        _text_or_step_back(row, "code", "info", "phone", lambda: codes.send(
            "certcloud.financial", subject=f"link:{row.id}", person=_subscriber(name, birth, phone), to=phone,
            ip=ip, deliver=lambda code: cloud.notify(phone, codes.body("certcloud.financial", code), code=code)))
    elif to == "device":
        _text_or_step_back(row, "device", "info", "phone", lambda: _text_device_check(row, cloud, phone, ip))
        _open_device_check(row)


def accept_terms(row: CloudLink, cloud, *, ip: str) -> None:
    wallet_id = cloud.join(row.name, row.birth_date, row.phone)
    if not flowengine.advance(CLOUD_LINK, row, "device", from_steps=("terms",), wallet=wallet_id):
        return
    _text_or_step_back(row, "device", "terms", "agree", lambda: _text_device_check(row, cloud, row.phone, ip))
    _open_device_check(row)


def _text_device_check(row: CloudLink, cloud, phone: str, ip: str) -> None:
    """The phone is asked to reply with the number on screen (or approve by ARS); the text goes
    through the code service like every other, with its wait and limits."""
    codes.notify(DEVICE_MESSAGE, subject=f"link:{row.id}", to=phone, ip=ip, deliver=lambda: cloud.notify(
        phone, "[코스콤 클라우드] 기기인증 요청입니다. PC 화면에 표시된 숫자 2자리를 "
               "이 문자에 회신해 주십시오. 본인이 요청하지 않았다면 회신하지 마십시오."))


def _open_device_check(row: CloudLink) -> None:
    """A 2-digit number on screen, answered by the phone within DEVICE_SECONDS."""
    number = f"{secrets.randbelow(90) + 10}"
    CloudLink.update(device_number=number, device_status="pending", device_tries=0, device_ars_ref="",
                     device_expires_at=dt.datetime.now() + dt.timedelta(seconds=DEVICE_SECONDS)).where(
        CloudLink.id == row.id).execute()


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


def call_device_ars(row: CloudLink, caller, *, ip: str) -> None:
    """SMS 인증이 어려운 경우 ARS 인증 (manual 3-2, 기기인증): the ARS adapter calls the number typed in
    고객정보 입력 and asks for the number on screen. A call is a message like the text: the code
    service's resend wait and limits count it. Raises FieldError (on "device-ars")."""
    if row.device_status != "pending" or row.device_expires_at <= dt.datetime.now():
        raise FieldError("device-ars", "기기인증 요청이 끝났습니다. [처음부터 다시]를 눌러 다시 연결해 주십시오.")
    placed = []
    try:
        codes.notify(DEVICE_ARS, subject=f"link:{row.id}", to=row.phone, ip=ip, deliver=lambda: placed.append(
            caller.call(phone=row.phone, digits=row.device_number, purpose="클라우드 기기인증")))
    except FieldError as err:
        raise err.at("device-ars") from err
    CloudLink.update(device_ars_ref=placed[0]).where(
        (CloudLink.id == row.id) & (CloudLink.device_status == "pending")).execute()
    row.device_ars_ref = placed[0]


def _ars_answer(row: CloudLink, caller) -> None:
    """The call's answer, once given, settles the device check (only while it is still pending)."""
    try:
        answer = caller.status(row.device_ars_ref)
    except ProviderError:
        return   # asked again at the next poll or [인증 확인]
    status = {ars.APPROVED: "confirmed", ars.DECLINED: "declined", ars.MISMATCH: "declined"}.get(answer)
    if status and CloudLink.update(device_status=status).where(
            (CloudLink.id == row.id) & (CloudLink.device_status == "pending")).execute():
        row.device_status = status


def device_state(row: CloudLink, caller=None) -> str:
    """pending | connected | declined | expired; connects the link when the phone confirmed (by the
    text's reply or, given the ARS adapter `caller`, by the call asked for)."""
    if row.step == "connected":
        return "connected"
    if row.device_status == "pending" and row.device_ars_ref and caller is not None \
            and row.device_expires_at > dt.datetime.now():
        _ars_answer(row, caller)
    if row.device_status == "confirmed":
        # Of two polls that saw the confirmation, one moves the step; both answer connected.
        flowengine.advance(CLOUD_LINK, row, "connected")
        return "connected"
    if row.device_status == "pending" and row.device_expires_at <= dt.datetime.now():
        CloudLink.update(device_status="expired").where(CloudLink.id == row.id).execute()
        return "expired"
    return row.device_status or "pending"


def confirm_code(row: CloudLink, code: str) -> None:
    result, _ = codes.confirm("certcloud.financial", subject=f"link:{row.id}",
                              person=_subscriber(row.name, row.birth_date, row.phone), code=code)
    if not result.ok:
        raise FieldError("code", codes.message("certcloud.financial", result))
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

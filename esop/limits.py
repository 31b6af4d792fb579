"""Named limits (STYLE.md 17, warehouse's named ratelimiters): the numbers live in config.LIMITS
(overridable by ESOP_LIMIT_<NAME>), the sentence the member reads lives here; callers name a limit
and the key it counts under, never a number or a 'try again in N minutes'."""
from __future__ import annotations

import datetime as dt
import ipaddress

from .models.throttle import hit_many, refund
from .results import FieldError

# What the member is told when a limit is reached, before the 'try again' sentence. {count} and
# {window} are the configured numbers ("15분에 5회").
LEADS = {
    "login.ip": "로그인 시도가 너무 많습니다.",
    "realname.ip": "실명확인 요청이 너무 많습니다.",
    "realname.rrn": "이 주민등록번호로 실명확인을 너무 많이 시도했습니다.",
    "idcheck.flow": "중복확인 요청이 너무 많습니다.",
    "idcheck.ip": "중복확인 요청이 너무 많습니다.",
    "code.number": "이 번호로 보낸 인증번호 요청이 너무 많습니다.",
    "code.ip": "인증번호 요청이 너무 많습니다.",
    "code.session": "인증번호 요청 횟수({window}에 {count}회)를 넘었습니다.",
    "alert.number": "보안 알림 문자가 너무 많습니다.",
    "ars.member": "전화 승인요청 횟수({window}에 {count}회)를 넘었습니다.",
    "certcenter.identity.ip": "본인확인 요청이 너무 많습니다.",
    "certcenter.identity.id": "본인확인 요청이 너무 많습니다.",
    "recovery.ip": "본인확인 시도가 너무 많습니다.",
    "recovery.id": "본인확인 시도가 너무 많습니다.",
    "withdraw.member": "본인확인 시도가 너무 많습니다.",
    "findid.ip": "아이디 찾기 요청이 너무 많습니다.",
    "findid.number": "이 번호로 보낸 아이디 안내 문자가 너무 많습니다.",
}


def configured(name: str) -> tuple[int, int]:
    from flask import current_app, has_app_context

    from .config import LIMITS
    limits = current_app.config.get("LIMITS", LIMITS) if has_app_context() else LIMITS
    return limits[name]


def _in_network(name: str, key: str) -> str:
    """The limit a per-IP count meets: "<name>@<network>" when the client's IP is in a named network
    that has its own numbers for it (config ESOP_NETWORKS, the first listed wins), else `name`."""
    from flask import current_app, has_app_context
    if not name.endswith(".ip") or not has_app_context() or not current_app.config.get("NETWORKS"):
        return name
    try:
        ip = ipaddress.ip_address(key)
    except ValueError:
        return name
    limits = current_app.config["LIMITS"]
    for network, cidrs in current_app.config["NETWORKS"]:
        if f"{name}@{network}" in limits and any(ip in cidr for cidr in cidrs):
            return f"{name}@{network}"
    return name


def _span(seconds: int) -> str:
    if seconds % 3600 == 0:
        return f"{seconds // 3600}시간"
    return f"{seconds // 60}분" if seconds % 60 == 0 else f"{seconds}초"


def retry_sentence(seconds: int) -> str:
    """The one 'try again in N minutes' sentence, rounded up to whole minutes."""
    return f"{seconds // 60 + 1}분 후에 다시 시도해 주십시오."


def _counter(name: str, key: str) -> str:
    return f"limit:{name}:{key}"   # "limit:login.ip:" stays readable


def check(counts: dict[str, str], now: dt.datetime | None = None, *, field: str = "") -> FieldError | None:
    """Count one attempt under each named limit ({name: key}); the first refusal (beside `field`,
    carrying its Retry-After seconds), or None.
    Every limit counts the attempt, so a refused request still uses up its number and IP budget. The
    limits sharing a window are counted in one statement (one write, not one per limit; issue 15)."""
    asked = []   # (base name, its number, its window, the counter's key), in the order of `counts`
    for base, key in counts.items():
        name = _in_network(base, key)   # its own counter: a changed window never reads another's
        count, window = configured(name)
        asked.append((base, count, window, _counter(name, key)))
    answers = {}
    for window in dict.fromkeys(a[2] for a in asked):
        same = [a for a in asked if a[2] == window]
        answers.update(zip([a[3] for a in same], hit_many({a[3]: a[1] for a in same}, window, now=now), strict=True))
    for base, count, window, counter in asked:
        allowed, retry = answers[counter]
        if not allowed:
            lead = LEADS[base].format(count=count, window=_span(window))
            return FieldError(field, f"{lead} {retry_sentence(retry)}", max(retry, 1))
    return None


def release(counts: dict[str, str]) -> None:
    """Give back the attempt `check` counted, for an attempt that got no answer to count (a provider
    time-out, issue 16); the slot was held meanwhile, so parallel requests still cannot get past."""
    for base, key in counts.items():
        refund(_counter(_in_network(base, key), key))

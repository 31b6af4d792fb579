"""추가인증 through the verification toolkit (esop/verify): the plan each registration asks for."""
from __future__ import annotations

import datetime as dt

from flask import url_for

from ..models.certflow import REGISTRATIONS
from . import flows

# 3-1 비밀번호 등록: 예수금계좌 + one of SMS/ARS/1회용 인증번호 + 보안확인 수단 (OTP, or what the member has).
# 3-2 추가인증: 예수금 계좌 인증 only when the member has accounts, one identity method, a security
# medium or 1원 이체 for members with none — steps.plan_for decides per member; a departure record
# found after the 해외IP접속 consent leaves out the 본인확인 추가인증 (manual 3-2, 본인확인 2/2).
TITLES = {"fin31": "금융인증서등록/재등록 — 비밀번호 등록", "cloud32": "타기관 클라우드 인증서 등록 — 추가인증"}
VERIFY_ENDPOINT = {"fin31": "certcenter.fin_verify", "cloud32": "certcenter.cloud_verify"}


def _purpose(flow) -> str:
    return f"certcenter.{flow.purpose}"


def next_hop(flow) -> str | None:
    """None when 추가인증 has passed (the flow advances to the cloud step); else the URL to go to."""
    if flow.verified_at is not None:
        return None
    from ..verify import flows as verification, steps   # the toolkit (issue 5)
    done = verification.completed(_purpose(flow), flow.member)
    if done is not None and verification.finish(done):
        flows.advance(flow, "cloud", verified_at=dt.datetime.now())
        return None
    plan = steps.plan_for(flow.member, departed=bool(flow.departed))   # None: not overseas, never asked
    verification.start(flow.member, _purpose(flow), plan, title=TITLES[flow.purpose],
                       return_to=url_for(VERIFY_ENDPOINT[flow.purpose]),
                       cancel_to=url_for(REGISTRATIONS[flow.purpose].entry))
    return verification.entry_url(_purpose(flow))

"""Shared moves of the sign-up browser tests."""
from __future__ import annotations

import datetime as dt
import random

from esop.rules.rrn import generate_valid_rrn

_seq = iter(range(10_000))


def fresh_person():
    """A valid RRN nobody on the test server has used (the server lives for the whole session)."""
    n = next(_seq)
    rng = random.Random(f"browser-{n}-{random.random()}")
    birth = dt.date(1960 + rng.randrange(40), 1 + rng.randrange(12), 1 + rng.randrange(28))
    return "김민준", generate_valid_rrn(birth, rng.choice("MF"), rng=rng), f"010-{5000 + n:04d}-{rng.randrange(10000):04d}"


def sms_code(page, live_server, phone):
    for _ in range(50):
        messages = page.request.get(f"{live_server}/sandbox/messages.json?to={phone}").json()
        if messages:
            return messages[0]["code"]
        page.wait_for_timeout(100)
    raise AssertionError(f"no SMS to {phone}")

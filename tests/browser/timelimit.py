"""Shared moves of the time-limit browser tests (issue 17 / WCAG 2.2.1): the states of a flow's
time-limit box (templates/signup/_timeout.html) as JS conditions for browserkit.wait_until."""
from __future__ import annotations

WARNING = "!document.querySelector('#flow-timeout .timeout__warning').hidden"
EXPIRED = "!document.querySelector('#flow-timeout .timeout__expired').hidden"
EXTENDED = "document.getElementById('live-status').textContent.includes('연장했습니다')"


def main_frame_navigations(page) -> list[str]:
    """URLs the page navigates to from now on (a reload counts): the list grows as it happens."""
    seen: list[str] = []
    page.on("framenavigated", lambda frame: seen.append(frame.url) if frame == page.main_frame else None)
    return seen

"""실명확인 (manual 2-2) names 나이스평가정보 as the place to check a real-name mismatch: it is a link."""
from __future__ import annotations

import re

from signup_steps import do_consent, do_terms


def test_the_bureau_is_a_link_with_a_name_that_says_it_opens_a_new_window(client):
    do_terms(client)
    do_consent(client)
    html = client.get("/signup/realname").get_data(as_text=True)
    link = re.search(r'<a [^>]*href="https://www\.niceid\.co\.kr/[^"]*"[^>]*>(.*?)</a>', html, re.S)
    assert link, "나이스평가정보 is not a link"
    assert 'rel="noopener' in link.group(0) and 'target="_blank"' in link.group(0)
    name = re.sub(r"<[^>]+>", "", link.group(1))
    assert "나이스평가정보" in name and "새 창" in name

"""local_target(): the one safe-redirect check (issue 13) against a table of hostile inputs, and a
property: whatever it lets through, the Location Werkzeug writes from it names no other host."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.urls import iri_to_uri

from esop.web import local_target

START = "/start"
HOSTILE = [
    None, "", "evil.example", "//evil.example", "///evil.example", "https://evil.example/", "HTTPS://evil.example",
    "javascript:alert(1)", "data:text/html,x", "/\\evil.example", "\\\\evil.example", "\\/evil.example",
    "/\t/evil.example", "/\r/evil.example", "/\n/evil.example", "\t//evil.example", " //evil.example",
    "/\x00/evil.example", "/\x1b/evil.example", "/\x7f/evil.example", "/\x85/evil.example", "/\u2028/evil.example",
    "/\u3000/evil.example", "/%09/evil.example", "/%0d%0a/evil.example", "/%0D%0ASet-Cookie:x=1",
    "/%2F%2Fevil.example", "/%2f/evil.example", "/%5Cevil.example", "/%5cevil.example", "%2F%2Fevil.example",
    "/%252F%252Fevil.example", "/%25252F%25252Fevil.example", "/%2509/evil.example", "/.//evil.example",
    "/a//evil.example", "/%2e%2e//evil.example", "/x" * 1001, "/%252525252F%252525252F",
]
LOCAL = ["/", "/account/security", "/account/agreements?next=/account/security", "/signup/profile#home_postcode",
         "/login?next=https://evil.example", "/lookup/address?q=%EA%B5%AD%EC%A0%9C", "/회원/가입", "/a%20b"]


@pytest.mark.parametrize("target", HOSTILE)
def test_hostile_targets_fall_back_to_the_start(target):
    assert local_target(target, START) == START


@pytest.mark.parametrize("target", LOCAL)
def test_our_own_paths_pass_unchanged(target):
    assert local_target(target, START) == target


PIECES = ["/", "//", "\\", "%", "%2F", "%2f", "%5C", "%25", "%09", "%0a", "\t", "\n", "\r", "\x00", ":", "@",
          "http", "evil.example", ".", "..", "?", "#", " ", "a", "\u3000", "%E3%80%80"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=10).map("".join) | st.text(max_size=40))
def test_nothing_that_passes_can_name_another_host(target):
    out = local_target(target, START)
    if out == START:
        return
    assert out == target
    written = iri_to_uri(out)  # what Werkzeug puts in Location
    parts = urlsplit(written)
    assert not parts.scheme and not parts.netloc and written.startswith("/") and not written.startswith("//")
    assert "\\" not in written and not any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in written)

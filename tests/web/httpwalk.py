"""A small HTTP client with cookies, for tests that talk to real server processes."""
from __future__ import annotations

import functools
import http.client
import http.cookiejar
import re
import ssl
import urllib.error
import urllib.parse
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class FromAddress(urllib.request.HTTPSHandler):
    """HTTPS from a chosen loopback address (127.0.0.7): the client IP a proxy in front must pass on."""

    def __init__(self, source: str, context: ssl.SSLContext):
        super().__init__(context=context)
        self.source, self.context = source, context

    def https_open(self, req):
        return self.do_open(functools.partial(http.client.HTTPSConnection, source_address=(self.source, 0)),
                            req, context=self.context)


class Browserless:
    """Cookies shared across base URLs (the servers sit behind one imagined load balancer). With `ca`
    (a PEM file to trust) and `source`, it speaks HTTPS from that address, as a member reaching nginx."""

    def __init__(self, ca: str | None = None, source: str = "127.0.0.1"):
        self.jar = http.cookiejar.CookieJar()
        handlers = [urllib.request.HTTPCookieProcessor(self.jar), NoRedirect]
        if ca:
            handlers.append(FromAddress(source, ssl.create_default_context(cafile=str(ca))))
        self.opener = urllib.request.build_opener(*handlers)

    def request(self, url, data=None, headers=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(url, data=body, headers=headers or {})
        try:
            with self.opener.open(req, timeout=15) as resp:
                return resp.status, dict(resp.headers), resp.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, dict(err.headers), err.read().decode()

    def csrf(self, url):
        status, _, html = self.request(url)
        match = re.search(r'name="csrf-token" content="([^"]+)"', html)
        assert match, (status, html[:500])
        return match.group(1)

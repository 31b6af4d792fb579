"""gzip for the app's own text answers (pages, fragments, JSON), in the app so `make run` and gunicorn
alone compress as nginx would (issue 15: the first page went out as ~67 KB uncompressed).

BREACH: a compressed page that carries a secret (the CSRF token) and reflects input (a search term, a
form value sent back with its error) leaks the secret through its length to an attacker who can make
the member's browser send many requests. Such requests come from another site. So a page is compressed
only when the browser says the request came from this origin or from the member (Fetch Metadata
`Sec-Fetch-Site: same-origin` or `none`: our own links, htmx, the address bar); a cross-site or
unlabelled request gets the same page uncompressed. Static files hold no secret: assets.py always
compresses them.
"""
from __future__ import annotations

import gzip

from flask import request

MIN_BYTES = 1024         # below this the gzip header and the CPU cost more than they save
LEVEL = 6                # zlib's default: most of level 9's gain at a third of its CPU
TEXT = ("text/", "application/json", "application/javascript", "image/svg+xml")
FIRST_PARTY = {"same-origin", "none"}
VARY = "Accept-Encoding, Sec-Fetch-Site"


def _compressible(response) -> bool:
    return (response.status_code == 200 and not response.direct_passthrough and not response.is_streamed
            and "Content-Encoding" not in response.headers and response.mimetype.startswith(TEXT))


def init_app(app) -> None:
    # Runs on every answer, fragments included: the cheap tests first, Vary as one string (the goal
    # is 2x a bare Flask route's CPU per fragment, issue 15).
    @app.after_request
    def _gzip(response):
        if not _compressible(response):
            return response
        vary = response.headers.get("Vary")
        response.headers["Vary"] = f"{vary}, {VARY}" if vary else VARY
        if request.headers.get("Sec-Fetch-Site") not in FIRST_PARTY or "gzip" not in request.headers.get(
                "Accept-Encoding", "") or request.accept_encodings["gzip"] <= 0:
            return response
        body = response.get_data()
        if len(body) < MIN_BYTES:
            return response
        response.set_data(gzip.compress(body, compresslevel=LEVEL, mtime=0))
        response.headers["Content-Encoding"] = "gzip"
        return response

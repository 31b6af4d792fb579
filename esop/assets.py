"""Static files under content-hashed names, cached for a year, gzip-compressed once (issue 15).

`url_for('static', filename='app.css')` yields `/static/app.<hash>.css`: the name changes whenever the
bytes do, so a browser may keep it `immutable` for a year and a second page view fetches no asset at
all. The unhashed name still answers, with `no-cache` and an ETag (a bookmark, an old page). Each file
is read, hashed and gzip-compressed once per process and served from memory, so compression needs
no build step and no proxy: it works the same under `make run`, gunicorn alone and behind nginx.
Chosen over WhiteNoise because the few files fit in memory and Flask's `url_for` stays the one way
templates name them; static files hold no secret, so compressing them always is safe (see compress.py).
"""
from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
import re
from dataclasses import dataclass

from flask import Response, abort, request

IMMUTABLE = "public, max-age=31536000, immutable"  # one year: the name is the version
REVALIDATE = "no-cache"                            # an unhashed name may change under the same URL
HASH_LENGTH = 12
COMPRESSIBLE = {"text/css", "text/javascript", "application/javascript", "image/svg+xml", "text/plain"}


@dataclass(frozen=True)
class Asset:
    filename: str
    hashed: str
    body: bytes
    gzipped: bytes | None
    mimetype: str
    stamp: tuple


_CSS_COMMENT = re.compile(rb"/\*.*?\*/", re.S)


def _trim(filename: str, body: bytes) -> bytes:
    """Our own scripts and styles without their comments, blank lines and indentation (a third of
    app.js over the wire; issue 15's 30 KB first page). Only whole-line `//` comments go: none of our
    scripts has a template literal, so no line of a string can start with one. Vendored files are
    already minified and left as they are."""
    if filename.startswith("vendor/") or not filename.endswith((".js", ".css")):
        return body
    if filename.endswith(".css"):
        body = _CSS_COMMENT.sub(b"", body)
    lines = (line.strip() for line in body.splitlines())
    return b"\n".join(line for line in lines if line and not line.startswith(b"//")) + b"\n"


def _load(folder: str, filename: str) -> Asset:
    path = os.path.join(folder, filename)
    stat = os.stat(path)
    with open(path, "rb") as f:
        body = _trim(filename, f.read())
    digest = hashlib.sha256(body).hexdigest()[:HASH_LENGTH]
    stem, ext = os.path.splitext(filename)
    mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    gzipped = gzip.compress(body, compresslevel=9, mtime=0) if mimetype in COMPRESSIBLE else None
    if gzipped is not None and len(gzipped) >= len(body):
        gzipped = None
    return Asset(filename, f"{stem}.{digest}{ext}", body, gzipped, mimetype, (stat.st_mtime_ns, stat.st_size))


class StaticAssets:
    """Every file of the static folder, by its plain and its hashed name."""

    def __init__(self, folder: str, recheck: bool):
        self.folder, self.recheck = folder, recheck
        self.by_name: dict[str, Asset] = {}
        self.by_hashed: dict[str, Asset] = {}
        for root, _, files in os.walk(folder):
            for name in files:
                self._add(_load(folder, os.path.relpath(os.path.join(root, name), folder).replace(os.sep, "/")))

    def _add(self, asset: Asset) -> None:
        self.by_name[asset.filename] = self.by_hashed[asset.hashed] = asset

    def current(self, asset: Asset) -> Asset:
        """In development (`make run`, debug) an edited file gets its new hash at once; in production
        the files of a release never change, so they are not stat()ed per request."""
        if not self.recheck:
            return asset
        try:
            stat = os.stat(os.path.join(self.folder, asset.filename))
        except OSError:
            return asset
        if (stat.st_mtime_ns, stat.st_size) != asset.stamp:
            asset = _load(self.folder, asset.filename)
            self._add(asset)
        return asset

    def hashed_name(self, filename: str) -> str:
        asset = self.by_name.get(filename)
        return self.current(asset).hashed if asset else filename

    def serve(self, filename: str) -> Response:
        asset = self.by_hashed.get(filename)
        immutable = asset is not None
        asset = self.current(asset) if asset else self.current(self.by_name[filename]) \
            if filename in self.by_name else abort(404)
        if immutable and asset.hashed != filename:
            abort(404)  # an older version's name: its bytes are gone
        gzip_ok = asset.gzipped is not None and request.accept_encodings["gzip"] > 0
        response = Response(asset.gzipped if gzip_ok else asset.body, mimetype=asset.mimetype)
        if gzip_ok:
            response.headers["Content-Encoding"] = "gzip"
        if asset.gzipped is not None:
            response.vary.add("Accept-Encoding")
        response.headers["Cache-Control"] = IMMUTABLE if immutable else REVALIDATE
        response.set_etag(asset.hashed + ("-gz" if gzip_ok else ""))
        return response.make_conditional(request)


def init_app(app) -> None:
    assets = StaticAssets(app.static_folder, recheck=app.debug or not app.config["PRODUCTION"])
    app.extensions["esop_assets"] = assets
    app.view_functions["static"] = assets.serve

    @app.url_defaults
    def _hashed_static_names(endpoint, values):
        if endpoint == "static" and "filename" in values:
            values["filename"] = assets.hashed_name(values["filename"])

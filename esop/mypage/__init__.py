"""마이페이지 (/account/): profile, consents, provision history, security, alerts, withdrawal —
plus the two app-wide hooks it owns: the re-consent interruption after login and 보안 알림 dispatch."""
from __future__ import annotations

import datetime as dt
import logging

from flask import Blueprint, current_app, g, request, session, url_for

bp = Blueprint("mypage", __name__, url_prefix="/account")
log = logging.getLogger(__name__)

# Reachable while a new required document waits for the member's agreement.
CONSENT_EXEMPT = {"static", "account.login", "account.logout", "mypage.agreements", "mypage.session_extend",
                  "main.help_center", "mypage.not_me", "mypage.not_me_done"}


def init_app(app) -> None:
    app.register_blueprint(bp)

    @app.before_request
    def _consents_due():
        """A new version of a required document: ask again once per login, before anything else
        (GOV.UK interruption page). The flag lives in the session, which log_in() clears."""
        member = g.get("member")
        endpoint = request.endpoint or ""
        if member is None or session.get("consents_checked") == member.id or endpoint in CONSENT_EXEMPT \
                or endpoint.startswith("sandbox."):
            return None
        from ..web import go
        from .consents import outstanding
        if outstanding(member):
            return go(url_for("mypage.agreements", next=request.path))
        session["consents_checked"] = member.id
        return None

    @app.after_request
    def _dispatch_alerts(response):
        # Every alerting event is an audit record written by some request: scan at the end of each
        # request that wrote one (whichever view wrote it), and once per login session. The scan
        # picks up anything still pending (from any process), so a failed dispatch is retried by
        # the next one. Requests that wrote no audit record (fragments, page views) skip the query.
        if request.endpoint in (None, "static"):
            return response
        first_of_login = g.get("member") is not None and not session.get("alerts_scanned")
        if g.get("audit_recorded") or first_of_login:
            try:
                from .alerts import dispatch_pending
                dispatch_pending()
                if not current_app.config["OUTBOX_WORKER"]:
                    # No `flask esop worker` (development, tests): this process sends what it queued.
                    from ..outbox import drain
                    drain()
                if first_of_login:
                    session["alerts_scanned"] = True
            except Exception:  # an alert must never break the page that caused it
                log.exception("security alert dispatch failed")
        return response

    @app.context_processor
    def _session_clock():
        if g.get("member") is None:
            return {}
        idle = current_app.config["SESSION_IDLE_SECONDS"]
        return {"session_idle_seconds": idle,
                "session_expires_at": dt.datetime.now() + dt.timedelta(seconds=idle)}


from . import views, views_profile, views_security  # noqa: E402,F401

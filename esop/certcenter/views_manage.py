"""클라우드 공동인증서 관리: the member's registered certificates; unregister one."""
from __future__ import annotations

from flask import abort, flash, g, redirect, url_for

from ..account.auth import login_required
from ..models.cert import KINDS, active_certificates
from ..web import client_ip, render
from . import bp, cloud, service


@bp.route("/certificates")
@login_required
def manage():
    import datetime as dt
    return render("certcenter/manage.html", now=dt.datetime.now(), registrations=list(active_certificates(g.member)), kinds=KINDS,
                  connected={kind: cloud.connected_wallet(kind)[0] for kind in KINDS})


@bp.route("/certificates/<int:registration_id>/unregister", methods=["POST"])
@login_required
def unregister(registration_id):
    if not service.unregister(g.member, registration_id, ip=client_ip()):
        abort(404)
    flash("인증서 등록을 해제했습니다. 이 인증서로는 더 이상 로그인할 수 없습니다.")
    return redirect(url_for("certcenter.manage"))

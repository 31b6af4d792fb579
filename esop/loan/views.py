"""대출가능금액 조회: the 우리사주 holdings system's figures, shown only after a certificate login."""
from __future__ import annotations

from flask import current_app, g

from ..adapters import ProviderError, adapters
from ..rules.loan import loan_limit
from ..web import render
from . import bp

# Manual 2-5: "인터넷뱅킹의 경우 대출거래를 위해 금융인증서, 공동인증서 중 하나를 선택하여 로그인 필요".
CERTIFICATE_LOGINS = {"certificate"}


@bp.route("/limit")
def limit():
    member = g.get("member")
    if member is None or g.get("login_method") not in CERTIFICATE_LOGINS:
        return render("loan/limit.html", state="needs_certificate", member=member)
    try:
        held = adapters().holdings.holdings(member)
    except ProviderError as err:
        # The page still answers: the outage is the holdings system's, said plainly (503, never a 500).
        return render("loan/limit.html", state="unavailable", message=err.message, status=503)
    figures = loan_limit(held.shares, held.price, held.existing_loan,
                         current_app.config["LOAN_COLLATERAL_PERCENT"])
    return render("loan/limit.html", state="shown", held=held, figures=figures)

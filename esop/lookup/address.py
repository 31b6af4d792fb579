"""우편번호 검색: one route, two answers — the no-JS page, or the results fragment for the dialog."""
from __future__ import annotations

from flask import current_app, request, url_for

from ..adapters import ProviderError, adapters
from ..address.adapter import AddressQuery
from ..web import is_htmx, render
from . import bp

TARGETS = ("home", "work", "other")
# Where a chosen address may be posted: the two 주소 endpoints, nothing else. The results page hands
# the member's CSRF token to this form, so any other target would turn 'pick an address' into a
# POST the member never meant (issue 13: it ended their other sessions).
BACK_ENDPOINTS = ("signup.address_chosen", "mypage.address_chosen")


def _back(value: str | None) -> str | None:
    allowed = {url_for(endpoint) for endpoint in BACK_ENDPOINTS if endpoint in current_app.view_functions}
    return value if value in allowed else None


def _int(value, default: int, low: int, high: int) -> int:
    try:
        return min(max(int(value), low), high)
    except (TypeError, ValueError):
        return default


def _form_state() -> dict:
    """What the page shows and links keep: the request's parameters, checked and cut to size."""
    args = request.args
    state = {
        "mode": "building" if args.get("mode") == "building" else "road",
        "q": args.get("q", "")[:200], "building": args.get("building", "")[:200],
        "sido": args.get("sido", "")[:40], "sigungu": args.get("sigungu", "")[:40],
        "target": args.get("target") if args.get("target") in TARGETS else "home",
        "back": _back(args.get("back")), "ui": "dialog" if args.get("ui") == "dialog" else "page",
    }
    # Filling only the other method's field means that method (the radio is easy to overlook).
    if state["mode"] == "road" and not state["q"].strip() and state["building"].strip():
        state["mode"] = "building"
    elif state["mode"] == "building" and not state["building"].strip() and state["q"].strip():
        state["mode"] = "road"
    search = adapters().address
    state["sidos"] = search.sidos()
    if state["sido"] not in state["sidos"]:
        state["sido"] = ""
    state["sigungus"] = search.sigungus(state["sido"]) if state["sido"] else []
    if state["sigungu"] not in state["sigungus"]:
        state["sigungu"] = ""
    return state


@bp.route("/address")
def address():
    state = _form_state()
    result = error = None
    searched = "q" in request.args or "building" in request.args
    if searched:
        text = state["building"] if state["mode"] == "building" else state["q"]
        query = AddressQuery(mode=state["mode"], text=text, sido=state["sido"], sigungu=state["sigungu"],
                             page=_int(request.args.get("page"), 1, 1, 10_000),
                             per_page=_int(request.args.get("per_page"), 10, 1, 50))
        try:
            result = adapters().address.search(query)
        except ProviderError as exc:
            error = exc.message
    field_id = "building" if state["mode"] == "building" else "q"
    status = 422 if result is not None and result.message else 200
    return render("lookup/address.html", "lookup/_address_results.html", status=status,
                  result=result, error=error, searched=searched, field_id=field_id, page_errors=status == 422,
                  focus_results=request.args.get("nav") == "1", **state)


@bp.route("/sigungu")
def sigungu():
    state = _form_state()
    if is_htmx():
        return render("lookup/_sigungu_select.html", status=200, **state)
    return render("lookup/address.html", status=200, result=None, error=None, searched=False,
                  field_id="q", focus_results=False, **state)


@bp.app_context_processor
def _dialog_context():
    # The sign-up page includes _address_dialog.html without knowing about addresses: the dialog asks.
    return {"address_sidos": lambda: adapters().address.sidos()}

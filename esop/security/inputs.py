"""Input no person can type: NUL characters are dropped from query and form values before any view
sees them (PostgreSQL cannot store them; nothing a member typed is lost)."""
from __future__ import annotations

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property


def _without_nul(data):
    if not any("\x00" in k or any("\x00" in v for v in vs) for k, vs in data.lists()):
        return data
    return ImmutableMultiDict([(k.replace("\x00", ""), v.replace("\x00", ""))
                               for k, vs in data.lists() for v in vs])


class EsopRequest(Request):
    @cached_property
    def args(self):
        return _without_nul(super().args)

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = _without_nul(self.__dict__["form"])


def init_app(app) -> None:
    app.request_class = EsopRequest

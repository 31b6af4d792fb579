"""Input no person can type: NUL and the other control characters (but tab and line breaks) and Unicode
noncharacters are dropped from query and form values before any view sees them. PostgreSQL cannot
store NUL; HTML parsers report the rest as errors when a page echoes them back (WHATWG HTML "control
character / noncharacter in input stream"). Nothing a member typed is lost."""
from __future__ import annotations

import re

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property

UNTYPABLE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef"
                       + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000))
                       + "]")


def _without_untypable(data):
    if not any(UNTYPABLE.search(k) or any(UNTYPABLE.search(v) for v in vs) for k, vs in data.lists()):
        return data
    return ImmutableMultiDict([(UNTYPABLE.sub("", k), UNTYPABLE.sub("", v))
                               for k, vs in data.lists() for v in vs])


class EsopRequest(Request):
    @cached_property
    def args(self):
        return _without_untypable(super().args)

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = _without_untypable(self.__dict__["form"])


def init_app(app) -> None:
    app.request_class = EsopRequest

"""One engine for every wizard (STYLE 15; login.gov's flow_policy/StepInfo and confirm_step_allowed).

Sign-up, 추가인증, 인증센터 registration and the cloud link each declare a `Flow`: their steps as
data, where each step's page is, and which settings bound their life. This module gives all of them
the same four things: the lookup of the browser's flow from its session key, one expiry rule, one
guard, and transitions as conditional updates (a double submit advances once).

The session holds only a random key per flow; the table holds its SHA-256, so the rows alone give
no usable session value, and any app process can answer (ASVS 3.2.2).
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from flask import current_app, flash, g, session, url_for

from .db import db, sql_once
from .web import go

# Activity is written at most this often, so fragment requests (ID checks, polls) do not each cost a
# write; the limits are minutes long, so 15 s of slack changes nothing.
TOUCH_EVERY = dt.timedelta(seconds=15)
NOT_REACHED = "이전 단계를 먼저 마쳐 주십시오."


@dataclass(frozen=True)
class Step:
    name: str
    endpoint: str
    after: tuple[str, ...] | None = None  # the steps it is entered from; None: any earlier one
    revisit: bool = True                  # may a member who is past it open it again?


@dataclass(frozen=True)
class Flow:
    """A wizard as data. Its model has key_hash, step, created_at and (with an idle limit) last_seen."""
    name: str                              # names the hot lookup's cached SQL
    model: Any
    steps: tuple[Step, ...]
    session_key: str                       # "signup", "cloud:{}" (filled with the variant)
    entry: str                             # endpoint where the flow (re)starts
    restart_object: str                    # "회원가입을": what starts over when it expired
    missing: str                           # said when there is no flow to continue
    idle_setting: str | None = None        # config key: seconds allowed since the last request
    absolute_setting: str | None = None    # config key: seconds allowed since the start
    url_args: tuple[str, ...] = ()         # view arguments every step's URL takes (cloud: kind, purpose)
    keep: Any = None                       # model -> SQL condition: ended rows kept as evidence, not purged

    # -- the step table ------------------------------------------------------------------------
    def step(self, name: str) -> Step:
        return next(s for s in self.steps if s.name == name)

    def index(self, name: str) -> int:
        return [s.name for s in self.steps].index(name)

    @property
    def done(self) -> str:
        return self.steps[-1].name

    def entered_from(self, to: str) -> tuple[str, ...]:
        step = self.step(to)
        return step.after if step.after is not None else tuple(s.name for s in self.steps[:self.index(to)])

    # -- where a row stands (추가인증 answers these from its plan of slots) ------------------------
    def usable(self, row, variant: str) -> bool:
        """False for a row this browser may no longer continue (e.g. a consumed 추가인증)."""
        return True

    def admits(self, row) -> bool:
        """False when the row exists but its steps may not run yet (e.g. no 본인확인 done)."""
        return True

    def position(self, row, step: str) -> str:
        """here | behind (already passed) | ahead (not reached) | done (finished, asking elsewhere)."""
        at = row.step
        if at == self.done and step != self.done:
            return "done"
        here, wanted = self.index(at), self.index(step)
        return "ahead" if wanted > here else ("behind" if wanted < here else "here")

    def may_revisit(self, step: str) -> bool:
        return self.step(step).revisit

    def entry_url(self, row, args: dict) -> str:
        return url_for(self.entry, **args)

    def current_url(self, row, args: dict) -> str:
        return url_for(self.step(row.step).endpoint, **args)

    def done_url(self, row, args: dict) -> str:
        return url_for(self.step(self.done).endpoint, **args)


# -- the session key and the lookup -------------------------------------------------------------

def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _slot(flow: Flow, variant: str) -> str:
    return flow.session_key.format(variant)


def remember(flow: Flow, key: str, variant: str = "") -> None:
    session[_slot(flow, variant)] = key


def forget(flow: Flow, variant: str = "") -> None:
    session.pop(_slot(flow, variant), None)


def start(flow: Flow, variant: str = "", **fields):
    """A new row for this browser; an earlier flow of the same kind is forgotten."""
    key = secrets.token_urlsafe(32)
    row = flow.model.create(key_hash=digest(key), **fields)
    remember(flow, key, variant)
    return row


def row_by_key(flow: Flow, key: str):
    """Every step request starts here (fragments included), so the SQL is composed once."""
    model = flow.model
    sql = sql_once(f"flow_by_key:{flow.name}", lambda: model.select().where(model.key_hash == ""))
    found = db.execute_sql(sql, (digest(key),)).fetchone()  # key_hash is unique: one row or none
    if found is None:
        return None
    # The row built as peewee's raw() would, without its per-query column resolution (~0.1 ms a request).
    values = zip(model._meta.sorted_fields, found, strict=True)
    row = model(__no_default__=1, **{field.name: field.python_value(value) for field, value in values})
    row._dirty.clear()
    return row


def lookup(flow: Flow, variant: str = "", now: dt.datetime | None = None) -> tuple[str, Any]:
    """("ok", row) | ("expired", row) | ("none", None). An expired row is deleted (its personal
    data with it) and forgotten; a live one is touched."""
    key = session.get(_slot(flow, variant))
    row = row_by_key(flow, key) if isinstance(key, str) and key else None
    if row is None or not flow.usable(row, variant):
        return "none", None
    now = now or dt.datetime.now()
    if expired(flow, row, now):
        row.delete_instance()
        forget(flow, variant)
        return "expired", row
    touch(flow, row, now)
    return "ok", row


def current(flow: Flow, variant: str = ""):
    state, row = lookup(flow, variant)
    return row if state == "ok" else None


# -- the one expiry rule ------------------------------------------------------------------------

def deadline(flow: Flow, row) -> dt.datetime:
    """The earlier of: idle limit after the last request, absolute limit after the start."""
    config, ends = current_app.config, []
    if flow.idle_setting:
        ends.append(row.last_seen + dt.timedelta(seconds=config[flow.idle_setting]))
    if flow.absolute_setting:
        ends.append(row.created_at + dt.timedelta(seconds=config[flow.absolute_setting]))
    return min(ends)


def expired(flow: Flow, row, now: dt.datetime | None = None) -> bool:
    return (now or dt.datetime.now()) > deadline(flow, row)


def ended_before(flow: Flow, moment: dt.datetime):
    """deadline()'s rule as SQL, for `flask esop purge`: rows whose deadline passed before `moment`,
    except those the flow keeps as evidence."""
    config, model, ends = current_app.config, flow.model, []
    if flow.idle_setting:
        ends.append(model.last_seen < moment - dt.timedelta(seconds=config[flow.idle_setting]))
    if flow.absolute_setting:
        ends.append(model.created_at < moment - dt.timedelta(seconds=config[flow.absolute_setting]))
    condition = functools.reduce(lambda a, b: a | b, ends)
    return condition & ~flow.keep(model) if flow.keep is not None else condition


def limit_minutes(flow: Flow) -> int:
    setting = flow.idle_setting or flow.absolute_setting
    return current_app.config[setting] // 60


def expired_message(flow: Flow) -> str:
    return f"입력 시간({limit_minutes(flow)}분)이 지나 안전을 위해 {flow.restart_object} 처음부터 다시 시작합니다."


def warning_message(flow: Flow) -> str:
    """Said 2 minutes before the end (static/app.js), naming the configured limit as the end does."""
    return f"입력 시간({limit_minutes(flow)}분) 중 2분이 남았습니다. 계속하시려면 '시간 연장'을 눌러 주십시오."


def extend(flow: Flow, row, now: dt.datetime | None = None, **fields) -> dt.datetime | None:
    """시간 연장 (WCAG 2.2.1): every limit of the flow counts again from now, its progress kept; the
    absolute limit counts from created_at, so extending moves that. Returns the new deadline, or None
    when FLOW_MAX_EXTENSIONS are used up (counted in the UPDATE itself, so parallel requests cannot pass)."""
    now = now or dt.datetime.now()
    if flow.idle_setting:
        fields["last_seen"] = now
    if flow.absolute_setting:
        fields["created_at"] = now
    model, cap = flow.model, current_app.config["FLOW_MAX_EXTENSIONS"]
    if not transition(model, row.id, model.extensions < cap, extensions=model.extensions + 1, **fields):
        return None
    for name, value in fields.items():
        setattr(row, name, value)
    return deadline(flow, row)


def note_limit(flow: Flow, row) -> None:
    """What the time-limit box (signup/_timeout.html) shows: the deadline, the words said 2 minutes before
    and at the end, and whether '시간 연장' may still be offered."""
    g.flow_expires_at = deadline(flow, row)
    g.flow_warning_message = warning_message(flow)
    g.flow_expired_message = expired_message(flow)
    # Only flows that offer 시간 연장 (sign-up, 추가인증) count extensions; the others have no column.
    used_up = getattr(row, "extensions", 0) >= current_app.config["FLOW_MAX_EXTENSIONS"]
    g.flow_extensions_used_up = extensions_used_up() if used_up else ""


def extensions_used_up() -> str:
    return (f"시간 연장은 {current_app.config['FLOW_MAX_EXTENSIONS']}회까지 할 수 있습니다. "
            "표시된 시각까지 마쳐 주십시오.")


def touch(flow: Flow, row, now: dt.datetime | None = None) -> None:
    """Record activity for the idle limit; at most every TOUCH_EVERY (see there)."""
    if not flow.idle_setting:
        return
    now = now or dt.datetime.now()
    if now - row.last_seen < TOUCH_EVERY:
        return
    row.last_seen = now
    flow.model.update(last_seen=now).where(flow.model.id == row.id).execute()


# -- transitions --------------------------------------------------------------------------------

def transition(model, row_id: int, condition, **fields) -> bool:
    """UPDATE … SET fields WHERE id = ? AND condition; True when this request made the change.
    Two requests that both passed the guard cannot both win (the database decides, not Python)."""
    return model.update(**fields).where((model.id == row_id) & condition).execute() == 1


def advance(flow: Flow, row, to: str, *, from_steps: tuple[str, ...] | None = None, **fields) -> bool:
    """Move `row` to step `to` with `fields`, only from the steps it is entered from (a revisited
    earlier step never loses later progress; a double submit advances once). Reports whether it won;
    the row in hand follows the database only when it did."""
    allowed = from_steps if from_steps is not None else flow.entered_from(to)
    won = transition(flow.model, row.id, flow.model.step.in_(list(allowed)), step=to, **fields)
    if won:
        row.step = to
        for name, value in fields.items():
            setattr(row, name, value)
    return won


def restart(flow: Flow, row, **fields) -> None:
    """Back to the first step, unconditionally (a new 본인확인, 처음부터 다시)."""
    fields["step"] = flow.steps[0].name
    flow.model.update(**fields).where(flow.model.id == row.id).execute()
    for name, value in fields.items():
        setattr(row, name, value)


def reached(flow: Flow, row, step: str) -> bool:
    return flow.index(row.step) >= flow.index(step)


# -- the one guard ------------------------------------------------------------------------------

@dataclass
class Verdict:
    row: Any            # the flow, when there is one to continue
    position: str       # here | behind | ahead | done | expired | none
    response: Any       # where to send the member instead; None when the view may run


def check(flow: Flow, step: str, variant: str = "", args: dict | None = None) -> Verdict:
    """May this request run `step` (ASVS 11.1.1: steps in order, none skipped)? Missing → the entry
    with a word; expired → the entry, naming the limit; not reached → the current step; finished →
    the done page; a passed step that may not be revisited → the current step. htmx gets HX-Redirect."""
    args = args or {}
    state, row = lookup(flow, variant)
    if state == "expired":
        flash(expired_message(flow))
        return Verdict(None, "expired", go(flow.entry_url(row, args)))
    if state == "none" or not flow.admits(row):
        flash(flow.missing)
        return Verdict(None, "none", go(flow.entry_url(None, args)))
    position = flow.position(row, step)
    if position == "done":
        return Verdict(row, position, go(flow.done_url(row, args)))
    if position == "ahead":
        flash(NOT_REACHED)
        return Verdict(row, position, go(flow.current_url(row, args)))
    if position == "behind" and not flow.may_revisit(step):
        return Verdict(row, position, go(flow.current_url(row, args)))
    return Verdict(row, position, None)


def requires(flow: Flow, step: str, variant: str = ""):
    """The view runs as view(row, *args, **kwargs) only when `check` lets it; g.flow is the row."""
    def decorate(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            verdict = check(flow, step, variant, {name: kwargs[name] for name in flow.url_args})
            if verdict.response is not None:
                return verdict.response
            g.flow = verdict.row
            note_limit(flow, verdict.row)
            return view(verdict.row, *args, **kwargs)
        return wrapped
    return decorate

"""동의 관리: the member's consents read from the append-only ledger, and new answers added to it."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..db import db
from ..models import audit
from ..models.consent import (CATALOGUE, CREDIT_ITEMS, MARKETING_CHANNELS, ConsentRecord, Document,
                              current)
from ..models.member import Member

ITEM_LABELS = {"agree": "동의", **dict(CREDIT_ITEMS), **{f"channel:{c}": f"안내수단: {label}"
                                                         for c, label in MARKETING_CHANNELS}}
REQUIRED_ITEMS = {"consent": [k for k, _ in CREDIT_ITEMS], "terms": ["agree"]}


@dataclass
class DocumentState:
    slug: str
    title: str
    required: bool
    version: int | None = None          # the version the member last answered
    current_version: int = 0
    answered_at: object = None
    answers: dict = field(default_factory=dict)   # item → bool, latest answer per item of that version

    @property
    def outdated(self) -> bool:
        return self.version is not None and self.version < self.current_version


def history(member: Member):
    """Every ledger row of the member, newest first: past states are never lost."""
    return (ConsentRecord.select(ConsentRecord, Document).join(Document)
            .where(ConsentRecord.member == member)
            .order_by(ConsentRecord.created_at.desc(), ConsentRecord.id.desc()))


def states(member: Member) -> list[DocumentState]:
    """Per document of the catalogue: the latest answered version and the latest answer per item."""
    rows = list(history(member))
    out = []
    for slug, (kind, required) in CATALOGUE.items():
        if kind == "notice":
            continue
        doc = current(slug)
        state = DocumentState(slug=slug, title=doc.title, required=required, current_version=doc.version)
        mine = [r for r in rows if r.document.slug == slug]
        if mine:
            state.version = max(r.document.version for r in mine)
            for r in mine:  # newest first: the first answer seen per item is the current one
                if r.document.version == state.version and r.item not in state.answers:
                    state.answers[r.item] = r.answer
                    state.answered_at = state.answered_at or r.created_at
        out.append(state)
    return out


def outstanding(member: Member) -> list[Document]:
    """Required documents with a newer version than the one the member agreed to (ask again at login)."""
    due = []
    for state in states(member):
        if state.required and state.outdated:
            due.append(current(state.slug))
    return due


def agree_again(member: Member, documents: list[Document], agreed: set[str]) -> list[tuple[str, str]]:
    missing = [d for d in documents if d.slug not in agreed]
    if missing:
        return [(f"agree-{d.slug}", f"{d.title}(제{d.version}판)을 읽고 '동의함'에 체크해 주십시오.")
                for d in missing]
    with db.atomic():
        for doc in documents:
            for item in REQUIRED_ITEMS.get(doc.kind, ["agree"]):
                # The full text is on the interruption page itself, so it was shown in full.
                ConsentRecord.create(member=member, document=doc, item=item, answer=True, full_text_viewed=True)
        audit.record("consent.renewed", member=member, subject=member.user_id,
                     documents=[f"{d.slug}.v{d.version}" for d in documents])
    return []


def marketing_state(member: Member) -> tuple[bool, set[str]]:
    for state in states(member):
        if state.slug == "marketing-consent":
            return bool(state.answers.get("agree")), {c for c, _ in MARKETING_CHANNELS
                                                      if state.answers.get(f"channel:{c}")}
    return False, set()


def change_marketing(member: Member, agree: bool | None, channels: set[str]) -> tuple[list[tuple[str, str]], bool]:
    """Give or withdraw the optional consent and its channels: ([(field, message)], changed).

    A change appends the whole new state (agree + every channel) as new rows of the current version;
    nothing is overwritten, so the ledger answers "what did this member allow on date X"."""
    if agree is None:
        return [("marketing-yes", "상품서비스 안내 동의여부를 선택해 주십시오.")], False
    channels = {c for c in channels if c in dict(MARKETING_CHANNELS)} if agree else set()
    if agree and not channels:
        return [("channel-sms", "상품 서비스 안내수단을 하나 이상 선택해 주십시오.")], False
    if (agree, channels) == marketing_state(member):
        return [], False
    doc = current("marketing-consent")
    with db.atomic():
        ConsentRecord.create(member=member, document=doc, item="agree", answer=agree, full_text_viewed=True)
        for c, _ in MARKETING_CHANNELS:
            ConsentRecord.create(member=member, document=doc, item=f"channel:{c}", answer=c in channels,
                                 full_text_viewed=True)
        audit.record("consent.marketing_changed", member=member, subject=member.user_id, agree=agree,
                      channels=sorted(channels))
    return [], True

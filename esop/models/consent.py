"""Versioned documents (terms, consents, notices) and the append-only consent ledger."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from ..db import BaseModel, db
from .member import Member

DOCUMENTS_DIR = Path(__file__).resolve().parent.parent / "content" / "documents"

# slug → (kind, required). Order is the order of the manual's screens (2-1, then 2-2).
CATALOGUE = {
    "online-service-terms": ("terms", True),
    "electronic-finance-terms": ("terms", True),
    "privacy-policy": ("terms", True),
    "credit-info-consent": ("consent", True),
    "marketing-consent": ("consent", False),
    "customer-rights-notice": ("notice", False),
}
TERMS = ("online-service-terms", "electronic-finance-terms", "privacy-policy")
# The four required items of 2-2 and the optional one, with the manual's labels.
CREDIT_ITEMS = (
    ("collect", "개인(신용)정보 수집·이용 동의여부"),
    ("unique_collect", "고유식별정보 수집·이용 동의여부"),
    ("provide", "개인정보 제공 동의여부"),
    ("unique_provide", "고유식별정보 제공 동의여부"),
)
MARKETING_CHANNELS = (("sms", "문자메세지"), ("email", "이메일"), ("phone", "전화"), ("mail", "우편"))
# The effective date is written in the text itself (content/documents/README.md: 부칙 or 시행일).
EFFECTIVE_DATE = re.compile(r"(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일[^\n]*시행|시행일:\s*(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일")


class Document(BaseModel):
    slug = CharField()
    version = IntegerField()
    title = CharField()
    body = TextField()
    kind = CharField()  # terms | consent | notice
    required = BooleanField(default=True)
    published_at = DateTimeField(default=dt.datetime.now)

    class Meta:
        table_name = "document"
        indexes = ((("slug", "version"), True),)

    @property
    def effective_on(self) -> dt.date:
        """The date the text says it takes effect; the load date when a text names none."""
        found = EFFECTIVE_DATE.findall(self.body)
        if not found:
            return self.published_at.date()
        year, month, day = [int(n) for n in found[-1] if n]
        return dt.date(year, month, day)

    def paragraphs(self) -> list[dict]:
        """The body as headed paragraphs for templates ('제N조 (…)' lines become headings)."""
        out = []
        for block in self.body.split("\n\n"):
            block = block.strip("\n")
            if not block:
                continue
            first, _, rest = block.partition("\n")
            if first.startswith("제") and "조" in first[:6]:
                out.append({"heading": first, "lines": rest.split("\n") if rest else []})
            else:
                out.append({"heading": None, "lines": block.split("\n")})
        return out


class ConsentRecord(BaseModel):
    """One answer to one item of one document version. Never updated: a change is a new row."""
    member = ForeignKeyField(Member, null=True, backref="consents", on_delete="SET NULL")
    flow_key = CharField(default="", index=True)  # the sign-up flow that collected it, before the member exists
    document = ForeignKeyField(Document, on_delete="RESTRICT")
    item = CharField()      # agree | collect | unique_collect | provide | unique_provide | channel:sms …
    answer = BooleanField()
    full_text_viewed = BooleanField(default=False)
    created_at = DateTimeField(default=dt.datetime.now, index=True)

    class Meta:
        table_name = "consent_record"


def sync_documents() -> int:
    """Insert any `<slug>.v<N>.txt` not yet in the database; existing versions are never rewritten."""
    added = 0
    for path in sorted(DOCUMENTS_DIR.glob("*.v*.txt")):
        slug, _, version = path.stem.rpartition(".v")
        if slug not in CATALOGUE or not version.isdigit():
            continue
        if Document.select().where((Document.slug == slug) & (Document.version == int(version))).exists():
            continue
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        kind, required = CATALOGUE[slug]
        Document.create(slug=slug, version=int(version), title=title.strip(), body=body.strip(),
                        kind=kind, required=required)
        added += 1
    return added


def current(slug: str) -> Document:
    return Document.select().where(Document.slug == slug).order_by(Document.version.desc()).get()


def versions_of(slug: str) -> list[Document]:
    """Every published version of a document, newest first (empty for an unknown slug)."""
    return list(Document.select().where(Document.slug == slug).order_by(Document.version.desc()))


def catalogue_documents() -> list[Document]:
    """The newest version of each catalogued document, in the manual's order."""
    newest = {d.slug: d for d in Document.select().order_by(Document.version)}
    return [newest[slug] for slug in CATALOGUE if slug in newest]


def record_answers(flow_key: str, document: Document, answers: dict[str, bool], viewed: bool,
                   member: Member | None = None) -> None:
    with db.atomic():
        for item, answer in answers.items():
            ConsentRecord.create(member=member, flow_key=flow_key, document=document, item=item,
                                 answer=answer, full_text_viewed=viewed)


def attach_to_member(flow_key: str, member: Member) -> None:
    ConsentRecord.update(member=member).where(
        (ConsentRecord.flow_key == flow_key) & ConsentRecord.member.is_null()).execute()

"""직업 classification revisions (한국표준직업분류): each loaded revision's groups and where its file
came from. A loaded revision never changes (members' codes refer to it), so loading is once."""
from __future__ import annotations

import datetime as dt

from peewee import CharField, DateTimeField, IntegerField, TextField

from ..db import BaseModel, db
from ..rules import ksco


class JobRevision(BaseModel):
    revision = CharField(primary_key=True)   # "7", "8"
    source = TextField()                     # the official file it was loaded from (provenance)
    loaded_at = DateTimeField(default=dt.datetime.now)

    class Meta:
        table_name = "job_revision"


class JobGroup(BaseModel):
    revision = CharField()
    code = CharField()
    name = CharField()
    level = IntegerField()
    parent = CharField(default="")

    class Meta:
        table_name = "job_group"
        indexes = ((("revision", "code"), True),)


class RevisionConflict(ValueError):
    """The revision is loaded already, with other groups: a revision is never edited in place."""


def tree_of(revision: str) -> ksco.Tree | None:
    rows = (JobGroup.select().where(JobGroup.revision == revision).order_by(JobGroup.level, JobGroup.id))
    found = [ksco.Occupation(r.code, r.name, r.level, r.parent or None) for r in rows]
    return ksco.Tree(revision, found) if found else None


def is_loaded(revision: str) -> bool:
    return JobRevision.get_or_none(JobRevision.revision == revision) is not None


def load_revision(tree: ksco.Tree, source: str) -> bool:
    """Store a checked tree; True if stored, False if the same groups were there already (a second
    run of the same import). RevisionConflict when other groups are stored under that revision."""
    with db.atomic():
        have = tree_of(tree.revision)
        if have is not None:
            if _groups(have) != _groups(tree):
                raise RevisionConflict(f"{tree.label} is loaded already with other groups; a loaded revision is "
                                       "not changed (members' codes refer to it)")
            return False
        JobRevision.insert(revision=tree.revision, source=source).on_conflict_ignore().execute()
        JobGroup.insert_many([{"revision": tree.revision, "code": o.code, "name": o.name, "level": o.level,
                               "parent": o.parent or ""} for o in tree.rows]).execute()
    return True


def _groups(tree: ksco.Tree) -> set[tuple]:
    return {(o.code, o.name, o.level, o.parent) for o in tree.rows}

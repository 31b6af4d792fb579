"""Key rotation: re-encrypt every encrypted column under the active data key."""
from __future__ import annotations

from ..db import BaseModel, db
from ..models.fields import EncryptedField
from . import crypto


def _models():
    seen, todo = [], list(BaseModel.__subclasses__())
    while todo:
        model = todo.pop()
        seen.append(model)
        todo.extend(model.__subclasses__())
    return seen


def encrypted_columns():
    for model in _models():
        fields = [f for f in model._meta.sorted_fields if isinstance(f, EncryptedField)]
        if fields and db.table_exists(model._meta.table_name):
            yield model, fields


def rotate(batch: int = 500) -> dict[str, int]:
    """Rows whose values are under an older key id get re-encrypted; returns counts per table.
    Idempotent and resumable: a row already under the active key is skipped."""
    keyring, counts = crypto.keyring(), {}
    for model, fields in encrypted_columns():
        pk = model._meta.primary_key
        # Read the stored tokens without decrypting (raw SQL), to see which key wrote each.
        columns = ", ".join(f'"{f.column_name}"' for f in fields)
        cursor = db.execute_sql(f'SELECT "{pk.column_name}", {columns} FROM "{model._meta.table_name}"')
        stale = [row[0] for row in cursor.fetchall()
                 if any(token and keyring.key_id(token) != keyring.active for token in row[1:])]
        for start in range(0, len(stale), batch):
            with db.atomic():
                for obj in model.select().where(pk.in_(stale[start:start + batch])):
                    # Reading decrypts with whichever key wrote it; saving writes under the active key.
                    model.update({f: getattr(obj, f.name) for f in fields}).where(pk == obj.get_id()).execute()
        counts[model._meta.table_name] = len(stale)
    return counts

"""Union rosters from operators' CSV files: RRNs are validated, then kept only as blind indexes."""
from __future__ import annotations

from .db import db
from .models.union import RosterEntry, Union
from .rules.digits import normalize_digits
from .rules.rrn import parse_rrn
from .security import crypto


def load_roster(union_name: str, rows, company: str = "") -> tuple[int, list[tuple[int, str]]]:
    """Replace the union's roster atomically; returns (loaded, [(line, reason) skipped])."""
    entries, skipped = [], []
    for line_no, row in enumerate(rows, start=1):
        if not row or (line_no == 1 and row[0].strip() in {"성명", "name"}):
            continue
        if len(row) < 2:
            skipped.append((line_no, "columns: 성명,주민등록번호[,사번]"))
            continue
        digits = normalize_digits(row[1])
        result = parse_rrn(digits[:6], digits[6:])
        if not result.ok:
            skipped.append((line_no, "invalid RRN"))  # never echo the number itself
            continue
        entries.append({"name": row[0].strip(), "employee_no": row[2].strip() if len(row) > 2 else "",
                        "rrn_index": crypto.keyring().blind_index(result.digits, "rrn")})
    with db.atomic():
        union, _ = Union.get_or_create(name=union_name, defaults={"company": company})
        RosterEntry.delete().where(RosterEntry.union == union).execute()
        seen = set()
        for entry in entries:
            if entry["rrn_index"] in seen:
                continue
            seen.add(entry["rrn_index"])
            RosterEntry.create(union=union, **entry)
    return len(seen), skipped

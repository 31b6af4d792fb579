"""Issue 13 / STYLE.md 16: "this failed, on this field" exists once, as esop.results.FieldError.
No other class in esop may carry a field name and a message (an exception, a dataclass, a result),
nor a Retry-After wait (the code service's and the named limits' refusals were shapes of their own)."""
from __future__ import annotations

import ast
from pathlib import Path

ESOP = Path(__file__).resolve().parents[2] / "esop"


def _attributes(cls: ast.ClassDef) -> set[str]:
    """Names the class sets on self or declares in its body (dataclass fields)."""
    names = set()
    for node in ast.walk(cls):
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) \
                and isinstance(node.value, ast.Name) and node.value.id == "self":
            names.add(node.attr)
    return names


def test_only_field_error_carries_a_field_and_a_message_or_a_wait():
    shapes = []
    for path in sorted(ESOP.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and ({"field", "message"} <= _attributes(node)
                                                   or "retry_after" in _attributes(node)):
                shapes.append(f"{path.relative_to(ESOP.parent)}:{node.name}")
    assert shapes == ["esop/results.py:FieldError"]


def test_a_limit_refusal_is_a_field_error_with_its_wait(app):
    from esop import limits
    from esop.db import db
    from esop.results import FieldError
    count, _ = limits.configured("recovery.id")
    with app.app_context(), db.connection_context():
        answers = [limits.check({"recovery.id": "shape-test"}, field="user_id") for _ in range(count + 1)]
    assert answers[:count] == [None] * count
    refused = answers[-1]
    assert isinstance(refused, FieldError) and refused.field == "user_id" and refused.retry_after > 0
    assert refused.headers() == {"Retry-After": str(refused.retry_after)}

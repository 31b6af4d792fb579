"""Blueprints stand side by side (STYLE 21): one never imports another's views. What two flows share
(직업검색, the password policy) lives in a module of its own, so each flow can change without the other."""
from __future__ import annotations

import re
from pathlib import Path

ESOP = Path(__file__).resolve().parents[2] / "esop"
BLUEPRINTS = sorted(p.parent.name for p in ESOP.glob("*/__init__.py")
                    if "Blueprint(" in p.read_text("utf-8"))


def test_no_blueprint_imports_another_blueprints_views():
    crossings = []
    for package in BLUEPRINTS:
        for path in (ESOP / package).rglob("*.py"):
            for other in re.findall(r"from \.\.(\w+)\.views\w* import", path.read_text("utf-8")):
                if other != package and other in BLUEPRINTS:
                    crossings.append(f"{path.relative_to(ESOP)} → {other} views")
    assert BLUEPRINTS and not crossings, crossings

"""The hash-locked requirements (issue 14): requirements.lock pins exactly requirements.txt's versions,
every package in it (transitive ones too) carries a sha256, and the image installs from it."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _pins(text: str) -> dict[str, str]:
    return {m.group(1).lower().replace("_", "-"): m.group(2)
            for m in re.finditer(r"^([A-Za-z0-9_.-]+)==(\S+)", text, re.M)}


def test_the_lock_pins_exactly_the_versions_of_requirements_txt():
    wanted = _pins((ROOT / "requirements.txt").read_text())
    locked = _pins((ROOT / "requirements.lock").read_text())
    assert {name: locked.get(name) for name in wanted} == wanted


def test_every_locked_package_has_a_hash():
    entries = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / "requirements.lock").read_text().split("\n\n", 1)[1].strip())
    assert len(entries) == len(_pins((ROOT / "requirements.lock").read_text())) > len(
        _pins((ROOT / "requirements.txt").read_text()))             # transitive packages are locked too
    for entry in entries:
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", entry), entry


def test_the_image_installs_from_the_lock_with_hashes_required():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --require-hashes -r requirements.lock" in dockerfile
    assert "COPY requirements.lock" in dockerfile

"""Kill rate per mutated module after `mutmut run` (issue 13: at least 95 % of non-equivalent mutants).

Run from the repository root (`make mutate` does). Reads mutmut 3.8.1's results in mutants/ through its
own API, so the figures are mutmut's. A mutant counts as killed when a test failed or timed out on it;
"survived", "no tests", "suspicious" and "not checked" all count against the module, so a module under
esop/security/ that no unit test imports shows up at 0 % instead of being skipped.

Equivalent mutants (no test can tell them apart from the original) are listed in
tests/unit/equivalent_mutants.txt. Mutant names (`…__mutmut_17`) are renumbered whenever a function
changes, so an entry names what the mutation does instead:

    module.function :: original line :: mutated line :: why it is equivalent

with both lines stripped of surrounding whitespace, as `mutmut show` prints them. An entry that matches
no surviving mutant is reported as stale (the code moved on, or a test now kills it) so the list cannot
rot silently.
"""
from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from mutmut.mutation.data import SourceFileMutationData
from mutmut.mutation.diff_apply import get_diff_for_mutant
from mutmut.stats import status_by_exit_code
from mutmut.utils.file_utils import walk_mutatable_files

THRESHOLD = 95.0
EQUIVALENTS = Path(__file__).parent / "unit" / "equivalent_mutants.txt"
KILLED = {"killed", "timeout", "caught by type check"}


def read_equivalents(path: Path = EQUIVALENTS) -> dict[tuple[str, str, str], str]:
    entries = {}
    for number, raw in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = [p.strip() for p in raw.split(" :: ")]
        if len(parts) != 4 or not all(parts):
            sys.exit(f"{path}:{number}: expected 'module.function :: original :: mutated :: reason'")
        entries[tuple(parts[:3])] = parts[3]
    return entries


def mutation_key(mutant_name: str, diff: str) -> tuple[str, str, str]:
    """(module.function, original line, mutated line) of one mutant, from its unified diff."""
    module, _, generated = mutant_name.rpartition(".")
    function = generated.rpartition("__mutmut_")[0]                # x_name, or xǁClassǁmethod
    function = function.removeprefix("x_") if function.startswith("x_") else function[1:].replace("ǁ", ".")
    removed = [line[1:].strip() for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line[1:].strip() for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    return f"{module}.{function.strip('.')}", " / ".join(removed), " / ".join(added)


def main() -> int:
    equivalents = read_equivalents()
    used: set[tuple[str, str, str]] = set()
    failing = False
    print(f"{'module':36} {'killed':>6} {'equiv':>5} {'counted':>7} {'rate':>7}")
    for path in sorted(walk_mutatable_files()):
        data = SourceFileMutationData(path=path)
        data.load()
        if not data.exit_code_by_key:
            continue  # nothing to mutate (docstring-only __init__.py)
        counts: dict[str, int] = defaultdict(int)
        survivors = []
        for name, code in data.exit_code_by_key.items():
            status = status_by_exit_code[code]
            if status in KILLED:
                counts["killed"] += 1
                continue
            key = mutation_key(name, get_diff_for_mutant(name, path=path))
            if status == "survived" and key in equivalents:
                used.add(key)
                counts["equivalent"] += 1
            else:
                survivors.append((name, status, key))
        counted = len(data.exit_code_by_key) - counts["equivalent"]
        rate = 100.0 * counts["killed"] / counted if counted else 100.0
        module = str(path).removesuffix(".py").replace("/", ".")
        short = rate < THRESHOLD
        failing |= short
        print(f"{module:36} {counts['killed']:6} {counts['equivalent']:5} {counted:7} {rate:6.1f}%"
              + ("  < 95 %" if short else ""))
        untested = [name for name, status, _ in survivors if status == "no tests"]
        if untested:
            print(f"    no tests: {len(untested)} mutants that no test in tests/unit reaches")
        for name, status, (_, before, after) in survivors:
            if status != "no tests":
                print(f"    {status}: {name}: {before!r} -> {after!r}")
    for stale in sorted(set(equivalents) - used):
        print(f"stale entry in {EQUIVALENTS.name} (no such surviving mutant): {' :: '.join(stale)}")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())

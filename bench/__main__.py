"""`python -m bench`: run the benchmarks in this folder (or list them).

    python -m bench                              # every benchmark, with its defaults
    python -m bench --list
    python -m bench retention_due --customers 20000

A benchmark is any module bench/<name>.py not starting with "_"; each runs in its own process as
`python -m bench.<name> [args]`, so one failing or slow to import does not stop the others.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def benchmarks() -> dict[str, str]:
    """Name → first line of its docstring (read without importing it)."""
    found = {}
    for path in sorted(HERE.glob("*.py")):
        if path.stem.startswith("_"):
            continue
        try:
            doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        except SyntaxError as exc:
            doc = f"(does not parse: {exc})"
        found[path.stem] = doc.strip().splitlines()[0] if doc.strip() else ""
    return found


def main(argv: list[str]) -> int:
    found = benchmarks()
    if argv[:1] in (["--list"], ["-l"], ["--help"], ["-h"]):
        print(__doc__.strip() + "\n\nBenchmarks:")
        for name, summary in found.items():
            print(f"  {name:<24} {summary}")
        return 0
    if argv and argv[0] not in found:
        print(f"no benchmark named {argv[0]!r}; present: {', '.join(found) or 'none'}", file=sys.stderr)
        return 2
    chosen = [(argv[0], argv[1:])] if argv else [(name, []) for name in found]
    failed = []
    for name, args in chosen:
        print(f"== bench.{name}", flush=True)
        command = [sys.executable, "-m", f"bench.{name}", *args]
        if subprocess.run(command, cwd=HERE.parent, check=False).returncode != 0:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

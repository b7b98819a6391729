"""The command line as an owner runs it: in this process through typer's CliRunner, or as the real
`python main.py` process. Each command group keeps one test of the second kind (does the entry point
start, read the environment, print and exit right); everything else uses the first, which skips a
cold interpreter start.

    out = invoke("outbox", "retry", "--all-parked", "--db", url)          # exit code 0 or it fails
    out = main_py("stats", "--json", "--db", url, env={"COLUMNS": "200"})

A command that runs its own event loop (`asyncio.run`) cannot be invoked from inside one: call
`invoke` from a sync test, or `await asyncio.to_thread(invoke, ...)`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import traceback
from pathlib import Path

from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
WIDE = {"COLUMNS": "200"}  # rich tables are not cut to 80 columns


def invoke(*args: str, env: dict[str, str] | None = None, input: str | None = None, code: int = 0) -> str:
    """`main.py ARGS` in this process; returns what it printed to stdout. Fails on another exit code."""
    from main import app
    from tests.conftest import OUR_VARIABLES

    scrubbed: dict[str, str | None] = {name: None for name in os.environ if name in OUR_VARIABLES}  # as clean_environ
    result = CliRunner().invoke(app, list(args), env={**scrubbed, **WIDE, **(env or {})}, input=input)
    if result.exit_code != code:
        error = "".join(traceback.format_exception(result.exception)) if result.exception else ""
        raise AssertionError(f"main.py {' '.join(args)} exited {result.exit_code}, not {code}:\n{result.output}\n{error}")
    return result.stdout


def main_py(
    *args: str, env: dict[str, str] | None = None, input: str | None = None, code: int = 0, inherit_env: bool = True
) -> str:
    """The real `python main.py ARGS` process, in the test's folder (see `clean_environ`); returns its stdout."""
    base = dict(os.environ) if inherit_env else {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    run = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        env={**base, **WIDE, **(env or {})},
        input=input,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == code, f"main.py {' '.join(args)} exited {run.returncode}, not {code}:\n{run.stdout}\n{run.stderr}"
    return run.stdout

"""The committed synthetic shop in examples/ is exactly what examples/generate.py makes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_the_examples_are_reproduced_by_the_generator(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(EXAMPLES / "generate.py"), "--out", str(tmp_path)], check=True, capture_output=True)

    for name in ("customers.csv", "purchases.csv", "purchases.xlsx"):
        assert (tmp_path / name).read_bytes() == (EXAMPLES / name).read_bytes(), name

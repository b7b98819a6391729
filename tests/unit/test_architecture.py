"""The conversation core imports no framework, channel or CRM client (DESIGN.md §2)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = ["bot/dialogue", "retention", "catalogs"]
BANNED = {"aiogram", "pywa", "fastapi", "starlette", "httpx", "langchain", "langchain_core", "langchain_openai",
          "langchain_gigachat", "openai", "crm_adapters", "bot.channels", "bot.web", "bot.llm", "bot.vision", "uvicorn",
          "rapidocr_onnxruntime", "pytesseract", "onnxruntime", "tenacity"}


def imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", [p for folder in CORE for p in sorted((ROOT / folder).rglob("*.py"))], ids=str)
def test_core_module_imports_no_framework(path: Path) -> None:
    bad = {name for name in imports(path) if any(name == b or name.startswith(b + ".") for b in BANNED)}
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"

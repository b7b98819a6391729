"""The architecture as tests (DESIGN.md §2): dependencies point inward, no import cycle anywhere,
only the composition root imports adapters, and the core imports no framework, channel or CRM client.

Imports are read from the source, including those under `if TYPE_CHECKING:` and inside functions:
a cycle that only type checkers see is still a cycle in the design.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["bot", "crm_adapters", "retention", "catalogs"]
COMPOSITION = {"bot.bootstrap", "main", "bot.commands", "bot.replay"}  # may import anything
ADAPTERS = ["bot.channels", "crm_adapters", "bot.web", "bot.llm", "bot.vision"]
CORE = [
    "bot.app",
    "bot.dialogue",
    "bot.store",
    "retention",
    "catalogs",
    "bot.ports",
    "bot.messages",
    "bot.plugin",
    "bot.runtime",
    "bot.config",
    "bot.clock",
    "bot.working_hours",
    "bot.media_links",
]
FRAMEWORKS = {
    "aiogram",
    "pywa",
    "maxapi",
    "fastapi",
    "starlette",
    "uvicorn",
    "httpx",
    "aiohttp",
    "langchain",
    "langchain_core",
    "langchain_openai",
    "langchain_gigachat",
    "openai",
    "gigachat",
    "rapidocr_onnxruntime",
    "pytesseract",
    "onnxruntime",
    "cv2",
    "tenacity",
}


def _name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py") if "versions" not in p.parts}
MODULES["main"] = ROOT / "main.py"


def _within(name: str, prefixes: list[str] | set[str]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def imported(module: str) -> set[str]:
    """Every module name `module` imports: project modules resolved to the module, others as written."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                names.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return names


GRAPH = {module: {name for name in imported(module) if name in MODULES and name != module} for module in MODULES}


def test_there_is_no_import_cycle_between_the_projects_modules() -> None:
    cycles, state = [], dict.fromkeys(GRAPH, "new")

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(GRAPH[module]):
            if state[target] == "open":
                cycles.append([*path[path.index(target) :], target] if target in path else [module, target])
            elif state[target] == "new":
                visit(target, [*path, target])
        state[module] = "done"

    for module in sorted(GRAPH):
        if state[module] == "new":
            visit(module, [module])
    assert not cycles, "\n".join(" -> ".join(cycle) for cycle in cycles)


@pytest.mark.parametrize("module", sorted(m for m in MODULES if not _within(m, COMPOSITION)))
def test_only_the_composition_root_imports_bootstrap(module: str) -> None:
    assert "bot.bootstrap" not in imported(module)


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _within(m, CORE)))
def test_the_core_imports_no_adapter_and_no_framework(module: str) -> None:
    bad = {n for n in imported(module) if _within(n, ADAPTERS) or n.split(".")[0] in FRAMEWORKS}
    assert not bad, f"{module} imports {sorted(bad)}"


TOOLKIT = {"bot.channels.gate"}  # plumbing any channel may use (HTTP under a flood); it knows no channel


@pytest.mark.parametrize("adapter", sorted(m for m in MODULES if _within(m, ["bot.channels", "crm_adapters"])))
def test_an_adapter_reaches_no_other_channel_or_crm(adapter: str) -> None:
    """A channel package sees the core only; so does a CRM package (one adapter never imports another)."""
    own = ".".join(adapter.split(".")[:3]) if adapter.startswith("bot.channels.") else ".".join(adapter.split(".")[:2])
    others = {n for n in imported(adapter) if _within(n, ["bot.channels", "crm_adapters"]) and not _within(n, [own, *TOOLKIT])}
    assert not others, f"{adapter} imports {sorted(others)}"


@pytest.mark.parametrize("module", sorted(TOOLKIT))
def test_the_channels_toolkit_knows_no_channel_and_no_crm(module: str) -> None:
    reached = {n for n in imported(module) if _within(n, ["bot.channels", "crm_adapters"])}
    assert not reached, f"{module} imports {sorted(reached)}"


def test_the_checks_see_the_modules_they_guard() -> None:
    """A guard that reads no file passes for nothing."""
    assert {"bot.bootstrap", "bot.app.service", "bot.channels.telegram.plugin", "crm_adapters.amocrm.client"} <= set(MODULES)
    assert "bot.app.service" in GRAPH["bot.channels.web"] or "bot.plugin" in GRAPH["bot.channels.web"]
    assert "crm_adapters.amocrm.plugin" in imported("bot.bootstrap")

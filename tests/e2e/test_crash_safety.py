"""Crash safety with real processes: `python main.py run` (the WhatsApp webhook, the fake Graph API,
the fake amoCRM) is killed with SIGKILL at a named point of a turn (bot/faults.py: PARTSBOT_CRASH_AT)
and started again on the same database, and Meta delivers the update again as it does when a webhook
call fails. Every customer message is answered exactly once, no reply goes out twice, and the deal
reaches amoCRM once."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.store.engine import upgrade
from tests.fakes.graph_api import FakeGraph
from tests.support.amocrm import FakeAmo, amo  # noqa: F401
from tests.support.server import service_process, wait_for
from tests.support.whatsapp import as_env, body, cloud_api_settings, signed, text_update

pytestmark = pytest.mark.heavy  # seconds each: scheduled first (tests/conftest.py)

CUSTOMER = "79165550101"
VIN = "JTNBE46K303123456"
LEASE = "1"  # seconds before the outbox takes over what the killed process left under way
FIRST = text_update(CUSTOMER, f"нужен стартер на камри, вин {VIN}", "wamid.first")
LAST = text_update(CUSTOMER, "нет, всё", "wamid.last")


@contextmanager
def service(
    database_url: str, graph: FakeGraph, amo: FakeAmo, log: Path, crash_at: str = ""
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    env = {
        **as_env(cloud_api_settings(graph.url)),  # type: ignore[attr-defined]
        "AMOCRM_BASE_URL": amo.url,
        "AMOCRM_ACCESS_TOKEN": "long-lived-token",
        "AMOCRM_RATE_PER_SECOND": "100",
        "AMOCRM_RETRY_SECONDS": "0.01",
        "RETENTION_ENABLED": "false",
        "OUTBOX_POLL_SECONDS": "0.1",
        "OUTBOX_LEASE_SECONDS": LEASE,
        "OUTBOX_REPLY_LEASE_SECONDS": LEASE,
        "PARTSBOT_CRASH_AT": crash_at,
    }
    with service_process(database_url, output=log, **env) as running:
        yield running


def deliver(base_url: str, update: dict[str, Any]) -> None:
    """Post an update as Meta does; a call the dying process never answers is simply not acknowledged."""
    raw = body(update)
    with suppress(httpx.TransportError):
        httpx.post(f"{base_url}/webhooks/whatsapp", content=raw, headers=signed(raw), timeout=30)


def killed(process: subprocess.Popen[bytes]) -> bool:
    return process.poll() == -signal.SIGKILL


def answers(graph: FakeGraph) -> list[str]:
    return graph.texts(CUSTOMER)


def deals(amo: FakeAmo) -> list[dict[str, object]]:
    return list(amo.state.leads.values())


@pytest.fixture
def database(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'crash.db'}"
    upgrade(url)
    return url


def test_killed_after_the_message_is_stored_the_next_start_answers_it_once(
    database: str, graph: FakeGraph, amo: FakeAmo, tmp_path: Path
) -> None:
    log = tmp_path / "service.log"
    with service(database, graph, amo, log, crash_at="turn.stored") as (process, base):
        deliver(base, FIRST)
        wait_for(lambda: killed(process), "the process killed itself after storing the message")
    assert answers(graph) == []
    with service(database, graph, amo, log) as (_, base):
        wait_for(lambda: answers(graph), "the stored message answered at the next start")
        deliver(base, FIRST)  # Meta's re-delivery of the update it saw fail
        time.sleep(1.5)  # past the reply lease: nothing more may come
    [reply] = answers(graph)
    assert "стартер" in reply.lower() or VIN in reply


def test_killed_between_the_commit_and_the_send_the_reply_goes_out_once_after_the_restart(
    database: str, graph: FakeGraph, amo: FakeAmo, tmp_path: Path
) -> None:
    log = tmp_path / "service.log"
    with service(database, graph, amo, log, crash_at="turn.answered") as (process, base):
        deliver(base, FIRST)
        wait_for(lambda: killed(process), "the process killed itself after committing the answer")
    assert answers(graph) == []
    with service(database, graph, amo, log) as (_, base):
        deliver(base, FIRST)
        wait_for(lambda: answers(graph), "the committed reply sent by the outbox after the restart")
        deliver(base, LAST)
        wait_for(lambda: len(answers(graph)) >= 2 and amo.state.tasks, "the request finished and its deal delivered")
        time.sleep(1.5)
    assert len(answers(graph)) == 2 and len(deals(amo)) == 1


def test_killed_while_delivering_the_deal_to_amocrm_the_deal_is_made_once(
    database: str, graph: FakeGraph, amo: FakeAmo, tmp_path: Path
) -> None:
    log = tmp_path / "service.log"
    with service(database, graph, amo, log, crash_at="crm.deal_made") as (process, base):
        deliver(base, FIRST)
        deliver(base, LAST)
        wait_for(lambda: killed(process), "the process killed itself right after amoCRM made the deal")
    assert len(deals(amo)) == 1 and not amo.state.tasks
    with service(database, graph, amo, log):
        wait_for(lambda: amo.state.tasks and len(answers(graph)) == 2, "the delivery finished after the restart")
        time.sleep(1.5)
    assert len(deals(amo)) == 1 and len(amo.state.tasks) == 1
    assert len(answers(graph)) == 2

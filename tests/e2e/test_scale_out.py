"""Several service processes on one PostgreSQL behind the WhatsApp webhook (README, "Several workers"):
the updates of one chat are spread over the processes, as a load balancer would, and every message
is still answered once and in order, and the request's deal reaches amoCRM once."""

from __future__ import annotations

import contextlib
import time
import uuid
from pathlib import Path

import httpx
import pytest

from tests.fakes.graph_api import FakeGraph
from tests.support.amocrm import FakeAmo, amo  # noqa: F401
from tests.support.postgres import ThrowawayPostgres
from tests.support.server import service_process, wait_for
from tests.support.whatsapp import as_env, body, cloud_api_settings, signed, text_update

pytestmark = pytest.mark.heavy  # seconds each: scheduled first (tests/conftest.py)

PATH = "/webhooks/whatsapp"
VIN = "JTNBE46K303123456"


@pytest.mark.parametrize("workers", [2, 4])
def test_processes_sharing_one_postgresql_answer_each_message_once_and_in_order(
    workers: int, postgres: ThrowawayPostgres, postgres_template: str, graph: FakeGraph, amo: FakeAmo, tmp_path: Path
) -> None:
    database = postgres.create_database(f"t_{uuid.uuid4().hex[:12]}", template=postgres_template)
    env = {
        **as_env(cloud_api_settings(graph.url)),  # type: ignore[attr-defined]
        "AMOCRM_BASE_URL": amo.url,
        "AMOCRM_ACCESS_TOKEN": "long-lived-token",
        "AMOCRM_RETRY_SECONDS": "0.01",
        "RETENTION_ENABLED": "false",
        "OUTBOX_POLL_SECONDS": "0.2",
    }
    customers = [f"7916555{n:04d}" for n in range(6)]
    said = [f"нужен стартер на камри, вин {VIN}", "и ещё передние колодки", "нет, всё"]
    with contextlib.ExitStack() as stack:
        bases = [
            stack.enter_context(service_process(database, output=tmp_path / f"worker{n}.log", **env))[1] for n in range(workers)
        ]
        clients = [stack.enter_context(httpx.Client(base_url=base, timeout=30)) for base in bases]
        for turn, text in enumerate(said):
            for number, customer in enumerate(customers):
                raw = body(text_update(customer, text, f"wamid.{customer}.{turn}"))
                client = clients[(number + turn) % workers]  # each message of a chat through another process
                assert client.post(PATH, content=raw, headers=signed(raw)).status_code == 200
                client = clients[(number + turn + 1) % workers]  # and Meta re-delivers it to the next one
                assert client.post(PATH, content=raw, headers=signed(raw)).status_code == 200
            answered = turn + 1
            wait_for(lambda n=answered: all(len(graph.texts(c)) >= n for c in customers), f"every chat's answer {answered}")
        wait_for(lambda: len(amo.state.tasks) >= len(customers), "every deal delivered")
        time.sleep(1.0)  # anything doubled would show by now
    for customer in customers:
        answers = graph.texts(customer)
        assert len(answers) == len(said), answers
        assert "заявк" in answers[2].lower(), answers
    assert len(amo.state.leads) == len(customers) and len(amo.state.tasks) == len(customers)

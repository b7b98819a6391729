"""Self-test of tests/support/postgres.py: a real cluster, a real connection."""

from __future__ import annotations

import socket
import uuid
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from tests.support.postgres import ENV_URL, ThrowawayPostgres


def _asyncpg_dsn(sqlalchemy_url: str) -> str:
    return make_url(sqlalchemy_url).set(drivername="postgresql").render_as_string(hide_password=False)


async def test_throwaway_cluster_serves_a_fresh_database_and_is_gone_after_the_block() -> None:
    with ThrowawayPostgres() as pg:
        url = pg.create_database("partsbot_support_selftest")
        assert url.startswith("postgresql+asyncpg://postgres@")
        assert url.endswith("/partsbot_support_selftest")
        assert url == pg.url("partsbot_support_selftest")

        conn = await asyncpg.connect(_asyncpg_dsn(url), timeout=10)
        try:
            assert await conn.fetchval("select 1") == 1
            assert await conn.fetchval("select current_database()") == "partsbot_support_selftest"
            if not pg.external:
                assert await conn.fetchval("show fsync") == "off"
                assert await conn.fetchval("show listen_addresses") == "127.0.0.1"
        finally:
            await conn.close()
        tmpdir, port = pg._tmpdir, pg.port

    with pytest.raises(RuntimeError, match="not started"):
        pg.url("x")
    if tmpdir is not None:  # a private cluster: gone after stop()
        assert not Path(tmpdir).exists()
        assert port is not None
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0


async def test_a_database_copied_from_a_template_has_its_tables_and_names_are_unique(postgres: ThrowawayPostgres) -> None:
    template, copy = f"tpl_{uuid.uuid4().hex[:8]}", f"copy_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(_asyncpg_dsn(postgres.create_database(template)), timeout=10)
    try:
        await conn.execute("create table parts (name text); insert into parts values ('стартер')")
    finally:
        await conn.close()
    conn = await asyncpg.connect(_asyncpg_dsn(postgres.create_database(copy, template=template)), timeout=10)
    try:
        assert await conn.fetch("select name from parts") == [("стартер",)]
    finally:
        await conn.close()
    with pytest.raises(asyncpg.DuplicateDatabaseError):
        postgres.create_database(copy)
    postgres.drop_database(copy)
    postgres.drop_database(template)


def test_start_failure_reports_server_log(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_URL, raising=False)  # this test is about the private cluster
    # An invalid setting makes the postmaster exit at once; pg_ctl fails; the log says why.
    monkeypatch.setattr("tests.support.postgres.free_port", lambda: 70000)
    pg = ThrowawayPostgres()
    with pytest.raises(RuntimeError, match=r"server log tail[\s\S]*70000"):
        pg.start()
    assert pg._tmpdir is None

"""The migrations build the schema the models describe, upgrade a populated database, and go back down.

Run from scratch here on both engines; every other test gets a copy of a database they built once."""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

from bot.store.engine import alembic_config, create_engine, upgrade


async def test_migrated_schema_matches_the_models(blank_db_url: str) -> None:
    await asyncio.to_thread(upgrade, blank_db_url)
    engine = create_engine(blank_db_url)
    try:
        async with engine.connect() as connection:
            diff = await connection.run_sync(lambda sync: compare_metadata(MigrationContext.configure(sync), SQLModel.metadata))
    finally:
        await engine.dispose()
    assert diff == []


async def test_a_database_with_customers_upgrades_and_downgrades(blank_db_url: str) -> None:
    db_url = blank_db_url
    await asyncio.to_thread(upgrade, db_url)
    await asyncio.to_thread(command.downgrade, alembic_config(db_url), "0001")
    engine = create_engine(db_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(sa.text("INSERT INTO customers (name, created_at) VALUES ('Сергей', '2026-01-01 10:00:00')"))
    finally:
        await engine.dispose()
    await asyncio.to_thread(upgrade, db_url)
    engine = create_engine(db_url)
    try:
        async with engine.connect() as connection:
            row = (await connection.execute(sa.text("SELECT timezone, bonus_points, ads_consent FROM customers"))).one()
    finally:
        await engine.dispose()
    assert row[0] == "Europe/Moscow" and row[1] == 0 and not row[2]


@pytest.mark.backend_matters
async def test_the_database_each_test_gets_is_a_copy_at_the_newest_migration(db_url: str) -> None:
    head = ScriptDirectory.from_config(alembic_config(db_url)).get_current_head()
    engine = create_engine(db_url)
    try:
        async with engine.connect() as connection:
            [version] = (await connection.execute(sa.text("SELECT version_num FROM alembic_version"))).scalars().all()
            customers = (await connection.execute(sa.text("SELECT count(*) FROM customers"))).scalar_one()
    finally:
        await engine.dispose()
    assert version == head and customers == 0

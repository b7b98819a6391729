"""The migrations build the schema the models describe, upgrade a populated database, and go back down."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from bot.db import alembic_config, create_engine, upgrade


async def test_migrated_schema_matches_the_models(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        async with engine.connect() as connection:
            diff = await connection.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), SQLModel.metadata)
            )
    finally:
        await engine.dispose()
    assert diff == []


async def test_a_database_with_customers_upgrades_and_downgrades(db_url: str) -> None:
    import asyncio

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

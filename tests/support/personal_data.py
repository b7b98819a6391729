"""Where a customer's identifying data could still be: every text and JSON column of every table the
models declare (a table added later is covered by itself), and the media folder."""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel


async def leftovers(engine: AsyncEngine, needles: list[str]) -> list[str]:
    """Every stored text or JSON value containing one of `needles` (any case), as "table.column: value"."""
    wanted = [needle.lower() for needle in needles]
    found: list[str] = []
    async with engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            columns = [column for column in table.columns if isinstance(column.type, sa.String | sa.JSON)]
            if not columns:
                continue
            for row in (await connection.execute(sa.select(*columns))).all():
                for column, value in zip(columns, row, strict=True):
                    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                    if any(needle in text.lower() for needle in wanted):
                        found.append(f"{table.name}.{column.name}: {text}")
    return found


def tables_inspected() -> set[str]:
    return {table.name for table in SQLModel.metadata.sorted_tables}


def files_in(media_dir: Path) -> list[str]:
    """Every file and folder left in the media folder but the links' secret."""
    return sorted(str(p.relative_to(media_dir)) for p in Path(media_dir).rglob("*") if not p.name.startswith(".link-secret"))

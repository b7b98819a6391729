"""telegram update dedup

Revision ID: 0003_telegram
Revises: 0002
Create Date: 2026-11-24 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.store.models

revision = "0003_telegram"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "telegram_updates",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("seen_at", bot.store.models.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("update_id"),
    )
    with op.batch_alter_table("telegram_updates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_telegram_updates_seen_at"), ["seen_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("telegram_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_telegram_updates_seen_at"))
    op.drop_table("telegram_updates")

"""Erasure at the customer's request (152-FZ): the customer row kept as a tombstone (`forgotten_at`)
and the suppression list of keyed hashes that keeps an erased customer from being imported again.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.store.models

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("customers") as table:
        table.add_column(sa.Column("forgotten_at", bot.store.models.UtcDateTime(), nullable=True))
    op.create_table(
        "suppressions",
        sa.Column("digest", sa.String(), primary_key=True),
        sa.Column("created_at", bot.store.models.UtcDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("suppressions")
    with op.batch_alter_table("customers") as table:
        table.drop_column("forgotten_at")

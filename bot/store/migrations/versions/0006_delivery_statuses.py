"""Delivery statuses of outgoing messages (sent -> delivered -> read, or failed), and campaign touches
whose message never reached the customer (they do not count in the funnel).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.store.models

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as table:
        table.add_column(sa.Column("delivery", sa.String(), nullable=True))
        table.add_column(sa.Column("delivery_error", sa.String(), nullable=True))
    with op.batch_alter_table("retention_contacts") as table:
        table.add_column(sa.Column("failed_at", bot.store.models.UtcDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("retention_contacts") as table:
        table.drop_column("failed_at")
    with op.batch_alter_table("messages") as table:
        table.drop_column("delivery_error")
        table.drop_column("delivery")

"""The owner's view (#17): the retention passes' groups (touched / control) with the date each customer
was due, purchase lines, and each customer's purchase-cycle segment.

Revision ID: 0010_holdout
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.store.models

revision = "0010_holdout"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "retention_assignments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("customer_id", sa.Integer(), sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("arm", sa.String(), nullable=False),
        sa.Column("due_at", bot.store.models.UtcDateTime(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("segment", sa.String(), nullable=False),
        sa.Column("contact_id", sa.Integer(), sa.ForeignKey("retention_contacts.id"), nullable=True),
    )
    op.create_index("ix_retention_assignments_customer_id", "retention_assignments", ["customer_id"])
    op.create_index("ix_retention_assignments_due_at", "retention_assignments", ["due_at"])
    with op.batch_alter_table("purchases") as table:
        table.add_column(sa.Column("items", sa.String(), nullable=True))
    with op.batch_alter_table("customers") as table:
        table.add_column(sa.Column("retention_segment", sa.String(), nullable=True))
        table.add_column(sa.Column("segment_of", bot.store.models.UtcDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("customers") as table:
        table.drop_column("segment_of")
        table.drop_column("retention_segment")
    with op.batch_alter_table("purchases") as table:
        table.drop_column("items")
    op.drop_index("ix_retention_assignments_due_at", "retention_assignments")
    op.drop_index("ix_retention_assignments_customer_id", "retention_assignments")
    op.drop_table("retention_assignments")

"""Managers (#18): each handed-off request's way to a manager (when due, who took it and how, the first
reply, the escalation steps) and the after-purchase feedback (a rating 1–5, a comment).

Revision ID: 0011_manager_sla
Revises: 0010_holdout
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.store.models

revision = "0011_manager_sla"
down_revision = "0010_holdout"
branch_labels = None
depends_on = None


def upgrade() -> None:
    when = bot.store.models.UtcDateTime
    op.create_table(
        "lead_sla",
        sa.Column("lead_id", sa.Integer(), sa.ForeignKey("leads.id"), primary_key=True, autoincrement=False),
        sa.Column("handed_off_at", when(), nullable=False),
        sa.Column("take_due_at", when(), nullable=True),
        sa.Column("escalate_due_at", when(), nullable=True),
        sa.Column("taken_at", when(), nullable=True),
        sa.Column("taken_by", sa.String(), nullable=True),
        sa.Column("taken_via", sa.String(), nullable=True),
        sa.Column("first_reply_at", when(), nullable=True),
        sa.Column("overdue_at", when(), nullable=True),
        sa.Column("escalated_at", when(), nullable=True),
        sa.Column("customer_told_at", when(), nullable=True),
    )
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("customer_id", sa.Integer(), sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("purchase_id", sa.Integer(), sa.ForeignKey("purchases.id"), nullable=False, unique=True),
        sa.Column("lead_id", sa.Integer(), sa.ForeignKey("leads.id"), nullable=True),
        sa.Column("conversation_id", sa.Integer(), sa.ForeignKey("conversations.id"), nullable=False),
        sa.Column("asked_at", when(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("comment", sa.String(), nullable=True),
        sa.Column("answered_at", when(), nullable=True),
    )
    op.create_index("ix_feedback_customer_id", "feedback", ["customer_id"])
    op.create_index("ix_feedback_asked_at", "feedback", ["asked_at"])


def downgrade() -> None:
    op.drop_index("ix_feedback_asked_at", "feedback")
    op.drop_index("ix_feedback_customer_id", "feedback")
    op.drop_table("feedback")
    op.drop_table("lead_sla")

"""Merge the Telegram and LLM branches; make the follow-up date index partial.

Revision ID: 0004
Revises: 0003_telegram, 0003_llm
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = ("0003_telegram", "0003_llm")
branch_labels = None
depends_on = None

WHERE = sa.text("next_contact_at IS NOT NULL")


def upgrade() -> None:
    op.drop_index("ix_customers_next_contact_at", table_name="customers")
    op.create_index("ix_customers_next_contact_at", "customers", ["next_contact_at"], sqlite_where=WHERE, postgresql_where=WHERE)


def downgrade() -> None:
    op.drop_index("ix_customers_next_contact_at", table_name="customers")
    op.create_index("ix_customers_next_contact_at", "customers", ["next_contact_at"])

"""A request budget shared by every process on the database (amoCRM's 7 requests a second).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_slots",
        sa.Column("bucket", sa.String(), primary_key=True),
        sa.Column("slot", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("used_at", sa.Double(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("rate_slots")

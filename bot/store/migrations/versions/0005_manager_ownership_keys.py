"""Who owns a conversation is the core's record now, for every channel: kv keys
telegram.manager_active:<conversation> -> manager.owner:<conversation>,
telegram.taken:<lead> -> manager.taken:<lead>.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

RENAMES = (("telegram.manager_active:", "manager.owner:"), ("telegram.taken:", "manager.taken:"))


def _rename(old: str, new: str) -> None:
    op.get_bind().execute(
        sa.text("UPDATE kv SET key = :new || substr(key, :cut) WHERE key LIKE :pattern"),
        {"new": new, "cut": len(old) + 1, "pattern": old + "%"},
    )


def upgrade() -> None:
    for old, new in RENAMES:
        _rename(old, new)


def downgrade() -> None:
    for old, new in RENAMES:
        _rename(new, old)

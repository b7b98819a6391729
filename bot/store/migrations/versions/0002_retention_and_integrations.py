"""retention and integrations

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 18:12:36.627816
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
import sqlmodel.sql.sqltypes
from alembic import op

import bot.store.models

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kv",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", bot.store.models.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("at", bot.store.models.UtcDateTime(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consents_customer_id"), ["customer_id"], unique=False)

    op.create_table(
        "retention_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("contacted_at", bot.store.models.UtcDateTime(), nullable=False),
        sa.Column("replied_at", bot.store.models.UtcDateTime(), nullable=True),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("outcome_at", bot.store.models.UtcDateTime(), nullable=True),
        sa.Column("next_contact_at", bot.store.models.UtcDateTime(), nullable=True),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("cost_rub", sa.Float(), nullable=False),
        sa.Column("web_token", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
        ),
        sa.ForeignKeyConstraint(
            ["lead_id"],
            ["leads.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("web_token"),
    )
    with op.batch_alter_table("retention_contacts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_retention_contacts_contacted_at"), ["contacted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_retention_contacts_conversation_id"), ["conversation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_retention_contacts_customer_id"), ["customer_id"], unique=False)

    op.create_table(
        "offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("retention_contact_id", sa.Integer(), nullable=True),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("created_at", bot.store.models.UtcDateTime(), nullable=False),
        sa.Column("expires_at", bot.store.models.UtcDateTime(), nullable=False),
        sa.Column("used_at", bot.store.models.UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
        ),
        sa.ForeignKeyConstraint(
            ["retention_contact_id"],
            ["retention_contacts.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offers_customer_id"), ["customer_id"], unique=False)

    op.create_table(
        "purchases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("external_id", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("purchased_at", bot.store.models.UtcDateTime(), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("retention_contact_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
        ),
        sa.ForeignKeyConstraint(
            ["retention_contact_id"],
            ["retention_contacts.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("external_id"),
    )
    with op.batch_alter_table("purchases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_purchases_customer_id"), ["customer_id"], unique=False)

    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("external_ref", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(
            sa.Column("timezone", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default="Europe/Moscow")
        )
        batch_op.add_column(sa.Column("bonus_points", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("messaging_consent", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("ads_consent", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("telegram_chat_id", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column("telegram_unreachable", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("whatsapp_unreachable", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("last_purchase_at", bot.store.models.UtcDateTime(), nullable=True))
        batch_op.add_column(sa.Column("last_contacted_at", bot.store.models.UtcDateTime(), nullable=True))
        batch_op.add_column(sa.Column("next_contact_at", bot.store.models.UtcDateTime(), nullable=True))
        batch_op.add_column(sa.Column("opted_out_at", bot.store.models.UtcDateTime(), nullable=True))
        batch_op.create_index("ix_customers_due", ["last_purchase_at", "last_contacted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_customers_next_contact_at"), ["next_contact_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_customers_telegram_chat_id"), ["telegram_chat_id"], unique=False)
        batch_op.create_unique_constraint("uq_customers_external_ref", ["external_ref"])

    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.add_column(sa.Column("crm_stage", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column("closed_at", bot.store.models.UtcDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_column("closed_at")
        batch_op.drop_column("crm_stage")

    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_constraint("uq_customers_external_ref", type_="unique")
        batch_op.drop_index(batch_op.f("ix_customers_telegram_chat_id"))
        batch_op.drop_index(batch_op.f("ix_customers_next_contact_at"))
        batch_op.drop_index("ix_customers_due")
        batch_op.drop_column("opted_out_at")
        batch_op.drop_column("next_contact_at")
        batch_op.drop_column("last_contacted_at")
        batch_op.drop_column("last_purchase_at")
        batch_op.drop_column("whatsapp_unreachable")
        batch_op.drop_column("telegram_unreachable")
        batch_op.drop_column("telegram_chat_id")
        batch_op.drop_column("ads_consent")
        batch_op.drop_column("messaging_consent")
        batch_op.drop_column("bonus_points")
        batch_op.drop_column("timezone")
        batch_op.drop_column("external_ref")

    with op.batch_alter_table("purchases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_purchases_customer_id"))

    op.drop_table("purchases")
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offers_customer_id"))

    op.drop_table("offers")
    with op.batch_alter_table("retention_contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_retention_contacts_customer_id"))
        batch_op.drop_index(batch_op.f("ix_retention_contacts_conversation_id"))
        batch_op.drop_index(batch_op.f("ix_retention_contacts_contacted_at"))

    op.drop_table("retention_contacts")
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consents_customer_id"))

    op.drop_table("consents")
    op.drop_table("kv")

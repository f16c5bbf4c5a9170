"""Release 0.1.0's schema, exactly as its create_all made it.

A 0.1.0 file has these tables but no alembic_version: server/schema.py stamps it 0001.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("queue", sa.String, nullable=False),
        sa.Column("number", sa.String, nullable=False),
        sa.Column("seq_no", sa.Integer, nullable=False),
        sa.Column("business_day", sa.String, nullable=False),
        sa.Column("service", sa.String, nullable=False),
        sa.Column("category", sa.String),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("issued_at", sa.Float, nullable=False),
        sa.Column("called_at", sa.Float),
        sa.Column("first_called_at", sa.Float),
        sa.Column("completed_at", sa.Float),
        sa.Column("counter", sa.Integer),
        sa.Column("target_counter", sa.Integer),
        sa.Column("recalls", sa.Integer, nullable=False),
    )
    op.create_index("ix_tickets_waiting", "tickets", ["status", "queue", "issued_at"])
    op.create_index("ix_tickets_day", "tickets", ["business_day", "status"])
    op.create_table(
        "numbering",
        sa.Column("queue", sa.String, primary_key=True),
        sa.Column("business_day", sa.String, primary_key=True),
        sa.Column("last", sa.Integer, nullable=False),
    )
    op.create_table(
        "counters",
        sa.Column("number", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("reason", sa.String, nullable=False),
        sa.Column("ticket_id", sa.Integer),
    )
    op.create_table(
        "events",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("type", sa.String, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_events_type", "events", ["type", "seq"])
    op.create_table(
        "tokens",
        sa.Column("hash", sa.String, primary_key=True),
        sa.Column("role", sa.String, nullable=False),
        sa.Column("counter", sa.Integer),
        sa.Column("label", sa.String, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.create_table(
        "idempotency",
        sa.Column("principal", sa.String, primary_key=True),
        sa.Column("key", sa.String, primary_key=True),
        sa.Column("status", sa.Integer, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.String, nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("code", sa.String, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("raised_at", sa.Float, nullable=False),
        sa.Column("cleared_at", sa.Float),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String, primary_key=True),
        sa.Column("value", sa.String, nullable=False),
    )


def downgrade() -> None:
    for table in ("meta", "alerts", "idempotency", "tokens", "events", "counters", "numbering", "tickets"):
        op.drop_table(table)

"""Release 0.3.0, appointments: the bookings citizens check in at the kiosk.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "appointments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String, nullable=False, unique=True),
        sa.Column("day", sa.String, nullable=False),
        sa.Column("slot", sa.String, nullable=False),
        sa.Column("service", sa.String, nullable=False),
        sa.Column("note", sa.String, nullable=False),
        sa.Column("phone_last4", sa.String, nullable=False),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("ticket_id", sa.Integer),
        sa.Column("booked_at", sa.Float, nullable=False),
        sa.Column("checked_in_at", sa.Float),
    )
    op.create_index("ix_appointments_day", "appointments", ["day", "status"])


def downgrade() -> None:
    op.drop_table("appointments")

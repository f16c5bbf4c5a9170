"""Release 0.2.0: the care streak is stored, idempotency keys remember their request,
tokens can be revoked.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added columns with a constant default: SQLite and PostgreSQL both ALTER in place.
    with op.batch_alter_table("counters") as batch:
        batch.add_column(sa.Column("care_streak", sa.Integer, nullable=False, server_default="0"))
    with op.batch_alter_table("idempotency") as batch:
        batch.add_column(sa.Column("request", sa.Text, nullable=False, server_default=""))
    with op.batch_alter_table("tokens") as batch:
        batch.add_column(sa.Column("revoked_at", sa.Float))


def downgrade() -> None:
    with op.batch_alter_table("tokens") as batch:
        batch.drop_column("revoked_at")
    with op.batch_alter_table("idempotency") as batch:
        batch.drop_column("request")
    with op.batch_alter_table("counters") as batch:
        batch.drop_column("care_streak")

"""Release 0.3.0, the reports: each ticket keeps the clerk who first called it, so that the
office's reports can give waiting and service times per clerk.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Tickets of earlier releases get no clerk (""): their reports show them as 「未記錄」.
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("clerk", sa.String, nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("clerk")

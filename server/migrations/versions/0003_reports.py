"""Release 0.3.0, the reports: each ticket keeps the clerk who first called it, so that the
office's reports can give waiting and service times per clerk.

Revision ID: 0003_reports
Revises: 0003_console (chained after the console's revision in this branch; the lead re-chains)
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_reports"
down_revision = "0003_console"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Tickets of earlier releases get no clerk (""): their reports show them as 「未記錄」.
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("clerk", sa.String, nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("clerk")

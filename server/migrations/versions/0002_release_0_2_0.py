"""Release 0.2.0: the care streak is stored, idempotency keys remember their request,
tokens can be revoked, citizens rate the service (ratings, follow-ups, what a counter
served last), and the public side keeps each ticket's phone-page code and survey answers.

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
        batch.add_column(sa.Column("last_done_id", sa.Integer))
    with op.batch_alter_table("idempotency") as batch:
        batch.add_column(sa.Column("request", sa.Text, nullable=False, server_default=""))
    with op.batch_alter_table("tokens") as batch:
        batch.add_column(sa.Column("revoked_at", sa.Float))
    op.create_table(
        "ratings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ticket_id", sa.Integer, nullable=False, unique=True),
        sa.Column("business_day", sa.String, nullable=False),
        sa.Column("counter", sa.Integer, nullable=False),
        sa.Column("clerk", sa.String, nullable=False),
        sa.Column("service", sa.String, nullable=False),
        sa.Column("score", sa.Integer, nullable=False),
        sa.Column("reasons", sa.Text, nullable=False),
        sa.Column("rated_at", sa.Float, nullable=False),
    )
    op.create_index("ix_ratings_day", "ratings", ["business_day"])
    op.create_table(
        "followups",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("rating_id", sa.Integer, nullable=False, unique=True),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("opened_at", sa.Float, nullable=False),
        sa.Column("closed_at", sa.Float),
        sa.Column("note", sa.Text, nullable=False),
    )
    op.create_index("ix_followups_status", "followups", ["status", "id"])
    op.create_table(
        "public_codes",
        sa.Column("code", sa.String, primary_key=True),
        sa.Column("ticket_id", sa.Integer, nullable=False, unique=True),
        sa.Column("business_day", sa.String, nullable=False),
    )
    op.create_table(
        "survey_answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ticket_id", sa.Integer, nullable=False, unique=True),
        sa.Column("business_day", sa.String, nullable=False),
        sa.Column("counter", sa.Integer),
        sa.Column("service", sa.String, nullable=False),
        sa.Column("scores", sa.Text, nullable=False),
        sa.Column("answered_at", sa.Float, nullable=False),
    )
    op.create_index("ix_survey_answers_day", "survey_answers", ["business_day"])


def downgrade() -> None:
    op.drop_table("survey_answers")
    op.drop_table("public_codes")
    op.drop_table("followups")
    op.drop_table("ratings")
    with op.batch_alter_table("tokens") as batch:
        batch.drop_column("revoked_at")
    with op.batch_alter_table("idempotency") as batch:
        batch.drop_column("request")
    with op.batch_alter_table("counters") as batch:
        batch.drop_column("last_done_id")
        batch.drop_column("care_streak")

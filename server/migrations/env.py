"""Alembic's environment: always handed an open connection by server/schema.py."""

from alembic import context

from server import db

connection = context.config.attributes["connection"]
# One transaction for the whole upgrade (SQLite can: its DDL is transactional), so a failed
# upgrade leaves the file as it was. Batch mode lets SQLite change columns by copying tables.
context.configure(connection=connection, target_metadata=db.metadata, render_as_batch=True,
                  transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()

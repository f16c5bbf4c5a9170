"""Alembic revisions of the service's schema; run through server/schema.py, not the alembic CLI."""

"""The queue service: FastAPI + SQLAlchemy on an SQLite file."""

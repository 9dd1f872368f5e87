"""The console's own database: staff sessions, used form tokens, sign-in failures, flags, batch runs.

Kept apart from the assistant's conversation database (TRACKER_DB_URL), which the console only
reads (and erases its own test conversations from). SQLite for one machine, PostgreSQL in
production; the tables are created at start-up when missing. Times are Unix seconds (UTC).
"""
from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

sessions = sa.Table(
    "console_sessions", metadata,
    # The SHA-256 of the random session id in the cookie: a copy of the database gives no sessions.
    sa.Column("id_hash", sa.String(64), primary_key=True),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False, index=True),
)

used_form_tokens = sa.Table(
    "console_used_form_tokens", metadata,
    sa.Column("nonce", sa.String(64), primary_key=True),
    sa.Column("used_at", sa.Float, nullable=False, index=True),
)

sign_in_failures = sa.Table(
    "console_sign_in_failures", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(200), nullable=False, index=True),
    sa.Column("at", sa.Float, nullable=False, index=True),
)

flags = sa.Table(
    "console_flags", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("topic", sa.String(100), nullable=False),
    sa.Column("answer", sa.String(200), nullable=False),
    sa.Column("reason", sa.String(20), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("question", sa.Text, nullable=True),
    sa.Column("flagged_by", sa.String(64), nullable=False),
    sa.Column("flagged_at", sa.Float, nullable=False),
    sa.Column("resolved_by", sa.String(64), nullable=True),
    sa.Column("resolved_at", sa.Float, nullable=True),
)

batch_runs = sa.Table(
    "console_batch_runs", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("filename", sa.String(200), nullable=False),
    sa.Column("created_by", sa.String(64), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False, index=True),
    sa.Column("results", sa.Text, nullable=False),
)


class DatabaseUnavailable(Exception):
    """The console database cannot be opened; the message says which one and why."""


def open_database(url: str) -> sa.engine.Engine:
    """An engine on the console database, with its tables created; or `DatabaseUnavailable`."""
    engine = sa.create_engine(url, future=True)
    try:
        metadata.create_all(engine)
    except sa.exc.SQLAlchemyError as error:
        engine.dispose()
        shown = sa.engine.make_url(url).render_as_string(hide_password=True)
        first_line = str(error.orig if getattr(error, "orig", None) else error).splitlines()[0]
        raise DatabaseUnavailable(
            f"The staff console cannot start: its database {shown} (CONSOLE_DB_URL) cannot be opened: "
            f"{first_line}. For SQLite, check that the folder exists; for PostgreSQL, that the server "
            "is running and the database exists."
        ) from None
    return engine

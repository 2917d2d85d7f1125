"""Backups that restore (issue 11, item 7).

SQLite: `backup_sqlite` copies the live database with SQLite's online backup API, page by
page, consistent while Harbour keeps serving (readers and writers carry on; a page changed
during the copy is copied again). `restore_sqlite` copies a backup back over the live
database the same way. PostgreSQL: `pg_dump --format=custom` and `pg_restore` (README,
"Backups"); `backup_sqlite` refuses other engines with that advice.

What a backup holds: the database, which is everything the seizure test allows a database to
hold (sealed content, wrapped keys, the audit chain). What it never holds: the server's
secret key or settings, which live outside the database. Encrypt backups at rest and keep
them no longer than the organisations' retention periods.
"""

import os
import sqlite3
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def _sqlite_connection() -> sqlite3.Connection:
    if connection.vendor != "sqlite":
        raise BackupError("This database is PostgreSQL: back it up with `pg_dump --format=custom` "
                          "and restore with `pg_restore` (README, Backups).")
    connection.ensure_connection()
    return connection.connection


def backup_sqlite(target: Path, *, pages_per_step: int = 1024) -> int:
    """Copy the live SQLite database to `target` (a new file, created 0600); return its size
    in bytes. Raises BackupError if `target` exists or the database is not SQLite."""
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} already exists: choose a new file name.")
    source = _sqlite_connection()
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(descriptor)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy, pages=pages_per_step)
        copy.execute("PRAGMA journal_mode=DELETE")
        ok = copy.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        copy.close()
    if ok != "ok":
        target.unlink()
        raise BackupError(f"the copy failed its integrity check ({ok}); nothing was kept.")
    return target.stat().st_size


def restore_sqlite(source: Path) -> None:
    """Replace the live SQLite database's content with the backup at `source`. Raises
    BackupError if the file is missing or not a sound SQLite database."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} is not a file.")
    backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        ok = backup.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":
            raise BackupError(f"{source} failed its integrity check ({ok}); nothing was restored.")
        live = _sqlite_connection()
        backup.backup(live)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} is not a SQLite database ({error}); nothing was restored.") from None
    finally:
        backup.close()

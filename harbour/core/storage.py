"""What the database keeps after data is sealed or deleted (F5).

SQLite in WAL mode writes every changed page to the `-wal` file first, and copies it into
the main file only at a checkpoint: after a confidential location is sealed, the `-wal`
file still holds the page images with its plain address until then. Harbour sets
`secure_delete` (config/env.py) so deleted cells are overwritten, and after sealing data
that was once plain it asks for a checkpoint that truncates the `-wal` file to nothing.
"""

import logging

from django.db import connection, transaction

logger = logging.getLogger("harbour.core.storage")


def checkpoint_truncate() -> bool:
    """On SQLite, copy the `-wal` file into the main file and truncate it to zero bytes.
    Returns True if done, False if another connection's read kept it from completing (a
    later checkpoint will), or on another database (PostgreSQL's dead rows are a VACUUM's
    work: docs/threat-model.md). Must run outside a transaction."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        busy, _log_frames, _checkpointed = cursor.fetchone()
    if busy:
        logger.warning("A checkpoint after sealing was blocked by a reader; the next one will finish it.")
    return not busy


def forget_plaintext() -> None:
    """Call inside the transaction that sealed or blanked once-plain data: once it commits,
    the old page images are checkpointed out of the `-wal` file and the file is truncated."""
    transaction.on_commit(checkpoint_truncate)

import logging


class DropRequestFilter(logging.Filter):
    """Strip the request from log records, so no handler can format its address, agent,
    path or query string (F8)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        return True

import logging


class DropRequestFilter(logging.Filter):
    """Strip the request from log records, so no handler can format its address, agent,
    path or query string (F8)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        return True


class RequestErrorFilter(DropRequestFilter):
    """For Django's request logger, as a logger filter (so it runs before any handler).

    Client errors (4xx) are dropped: they say only what someone asked for. Server errors are
    kept, so operators learn of them, with their traceback but without the request, its
    path or its query string.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            return False
        super().filter(record)
        record.msg = "Server error %s (request details withheld)"
        record.args = (getattr(record, "status_code", 500),)
        return True

import logging


class ExceptionMessageWithheld(Exception):
    """Stands in for a logged exception whose message might quote what someone typed."""


def withhold_exception_message(record: logging.LogRecord) -> None:
    """Keep a record's traceback (files, lines, functions: what operators need) but replace
    the exception by its type's name: messages such as "Reverse for '<what she typed>' not
    found" would otherwise put request data in the log (F8)."""
    if record.exc_info and record.exc_info[0] is not None:
        exc_type, _value, traceback = record.exc_info
        if exc_type is not ExceptionMessageWithheld:
            name = f"{exc_type.__module__}.{exc_type.__qualname__}"
            record.exc_info = (ExceptionMessageWithheld, ExceptionMessageWithheld(f"{name} (message withheld)"),
                               traceback)
        record.exc_text = None


class DropRequestFilter(logging.Filter):
    """Strip the request from log records, so no handler can format its address, agent,
    path or query string, and withhold exception messages (F8)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        withhold_exception_message(record)
        return True


class RequestErrorFilter(DropRequestFilter):
    """For Django's request logger, as a logger filter (so it runs before any handler).

    Client errors (4xx) are dropped: they say only what someone asked for. Server errors are
    kept, so operators learn of them, with their traceback but without the request, its
    path, its query string or the exception's message.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            return False
        super().filter(record)
        record.msg = "Server error %s (request details withheld)"
        record.args = (getattr(record, "status_code", 500),)
        return True

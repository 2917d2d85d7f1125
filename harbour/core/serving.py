"""Production serving: gunicorn's logger made private (issue 11, item 5; F8).

gunicorn writes client addresses into its error log ("Invalid request from ip=…"), and a
malformed request line or an error while handling a request puts the path and query there
too. `PrivateLogger` is gunicorn's logger with no access log at all, and every error-log
line scrubbed of addresses, quoted text, paths and query strings; exceptions keep their
type and the code locations of their traceback (file, line, function), never their message,
which may quote what a client sent. config/gunicorn.py installs it.
"""

import logging
import re
import traceback

from gunicorn.glogging import Logger

_SCRUBBERS = [
    (re.compile(r"\bip=\S*"), "ip=…"),
    (re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b"), "…"),          # IPv4[:port]
    (re.compile(r"\[?\b(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}\b\]?(?::\d+)?"), "…"),  # IPv6
    (re.compile(r"'[^']*'|\"[^\"]*\""), "'…'"),                          # quoted request data
    (re.compile(r"(?<![\w.])/[^\s,;)]*"), "/…"),                          # paths and queries
    (re.compile(r"\?\S*"), "?…"),
]


def scrub(text: str) -> str:
    """`text` with addresses, quoted strings, paths and query strings replaced by "…"."""
    for pattern, replacement in _SCRUBBERS:
        text = pattern.sub(replacement, text)
    return text


def _render(msg, args) -> str:
    try:
        return str(msg) % args if args else str(msg)
    except (TypeError, ValueError):
        return str(msg)


def _where(exc_info) -> str:
    """Type and code locations of an exception, without its message."""
    if not exc_info or exc_info is True or not isinstance(exc_info, tuple) or exc_info[0] is None:
        return ""
    frames = traceback.extract_tb(exc_info[2])
    where = " <- ".join(f"{frame.name} ({frame.filename.rsplit('/', 1)[-1]}:{frame.lineno})"
                        for frame in reversed(frames[-6:]))
    return f" [{exc_info[0].__name__} at {where}]"


class PrivateLogger(Logger):
    """gunicorn's Logger with no access log and scrubbed error-log lines (module doc)."""

    def access(self, resp, req, environ, request_time):
        return None

    def _private(self, level: int, msg, args, kwargs) -> None:
        exc_info = kwargs.pop("exc_info", None)
        if exc_info is True:
            import sys

            exc_info = sys.exc_info()
        self.error_log.log(level, "%s", scrub(_render(msg, args)) + _where(exc_info))

    def critical(self, msg, *args, **kwargs):
        self._private(logging.CRITICAL, msg, args, kwargs)

    def error(self, msg, *args, **kwargs):
        self._private(logging.ERROR, msg, args, kwargs)

    def warning(self, msg, *args, **kwargs):
        self._private(logging.WARNING, msg, args, kwargs)

    def info(self, msg, *args, **kwargs):
        self._private(logging.INFO, msg, args, kwargs)

    def debug(self, msg, *args, **kwargs):
        self._private(logging.DEBUG, msg, args, kwargs)

    def exception(self, msg, *args, **kwargs):
        kwargs["exc_info"] = True
        self._private(logging.ERROR, msg, args, kwargs)

    def log(self, lvl, msg, *args, **kwargs):
        if isinstance(lvl, str):
            lvl = self.LOG_LEVELS.get(lvl.lower(), logging.INFO)
        self._private(lvl, msg, args, kwargs)

"""Production serving: gunicorn's logger made private (issue 11, item 5; F8).

gunicorn writes client addresses into its error log ("Invalid request from ip=…"), and a
malformed request line or an error while handling a request puts the path and query there
too. `PrivateLogger` is gunicorn's logger with no access log at all, and every error-log
line scrubbed of addresses, quoted text, paths and query strings; exceptions keep their
type and the code locations of their traceback (file, line, function), never their message,
which may quote what a client sent. config/gunicorn.py installs it.

`warm_up` does, once in gunicorn's master before it forks the workers (config/gunicorn.py
preloads the application), the work every worker would otherwise do on its first requests:
importing every view through the URL configuration, reading the interface catalogues for the
draft notice, loading each language's translations, compiling Harbour's templates and the
form widgets'. Done lazily, every thread of a cold worker did the catalogue reading at once
(about 1 s of CPU each, 16 times over with 4 workers × 4 threads), and the first requests
after a start waited tens of seconds on a busy 2-core machine (docs/benchmarks.md, issue 11).
"""

import logging
import re
import traceback
from pathlib import Path

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


def _widget_sampler():
    from django import forms

    class WidgetSampler(forms.Form):
        text = forms.CharField()
        number = forms.IntegerField()
        choice = forms.ChoiceField(choices=[("a", "a")])
        radio = forms.ChoiceField(choices=[("a", "a")], widget=forms.RadioSelect)
        boxes = forms.MultipleChoiceField(choices=[("a", "a")], widget=forms.CheckboxSelectMultiple)
        box = forms.BooleanField()
        hidden = forms.CharField(widget=forms.HiddenInput)
        area = forms.CharField(widget=forms.Textarea)

    return WidgetSampler


def warm_up() -> dict[str, int]:
    """Load what a first request would load, without touching the database (see the module
    docstring). Returns counts of what was loaded: {"languages", "templates"}. Raises what
    importing the URL configuration or compiling a template raises, so a broken release
    fails at start rather than on a woman's first request."""
    from django.apps import apps
    from django.conf import settings
    from django.db import connections
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils.translation import trans_real

    from harbour.core.languages import languages_with_drafts

    get_resolver().url_patterns  # noqa: B018  (imports every app's urls and views)
    languages_with_drafts()
    for code, _name in settings.LANGUAGES:
        trans_real.translation(code)
    templates = 0
    for config in apps.get_app_configs():
        if not config.name.startswith("harbour."):
            continue
        root = Path(config.path) / "templates"
        for path in sorted(root.rglob("*.html")) + sorted(root.rglob("*.txt")):
            get_template(str(path.relative_to(root)))
            templates += 1
    _widget_sampler()().as_p()  # compiles the form renderer's widget templates
    # Nothing above should have opened a connection; one inherited by forked workers would
    # be shared between processes.
    connections.close_all()
    return {"languages": len(settings.LANGUAGES), "templates": templates}

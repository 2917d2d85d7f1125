"""F8: no address, user agent or search query is stored or logged, on any route.

Canary addresses, user agents and query words are sent to every route the URL
configuration defines (GET with a query string, POST with the words in every usual field),
by a visitor and by a logged-in caseworker. Then every log record that reached a handler
(after its filters, as the handler would write it) and every table (sessions decoded, the
raw SQLite file included) are searched for each canary in every encoding (raw, hex,
base64 at every alignment, URL-quoted). Mutation tests plant realistic violations: the
staff login storing the address and agent in the session, the directory search logging
or auditing the words.
"""

import logging
import re
import uuid

import pytest
from django.db import transaction
from django.dispatch import receiver
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import translation

from harbour.accounts.signals import password_verified
from tests.firewall.traces import encodings_of
from tests.help.seizure import dump_every_table

ADDRESS = "198.51.100.77"
FORWARDED = "203.0.113.78"
AGENT = "CanaryAgent/9.9 (traces-4c1e)"
WORDS = "canaryquerywords51"
CANARIES = (ADDRESS, FORWARDED, AGENT, WORDS)
HEADERS = {"REMOTE_ADDR": ADDRESS, "HTTP_X_FORWARDED_FOR": FORWARDED, "HTTP_USER_AGENT": AGENT,
           "HTTP_X_REAL_IP": FORWARDED, "HTTP_REFERER": f"https://example.org/?q={WORDS}"}
FIELDS = ("q", "query", "search", "text", "message", "name", "email", "where", "place", "code", "token",
          "password", "next")
SAMPLES = {"uuid": str(uuid.UUID(int=7)), "int": "1", "slug": "x", "str": "x", "path": "x"}


def _piece(pattern) -> str | None:
    if isinstance(pattern, LocalePrefixPattern):
        return pattern.language_prefix
    if isinstance(pattern, RoutePattern):
        return re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES.get(m.group(1) or "str", "x"), str(pattern))
    if isinstance(pattern, RegexPattern):
        text = pattern.regex.pattern.lstrip("^").rstrip("$").replace("\\Z", "")
        return None if any(ch in text for ch in "()[]*+?\\|{}") else text
    return None


def every_route(patterns=None, prefix="") -> list[str]:
    """One concrete path for every URL pattern of the configuration (samples for its
    parameters); regular expressions that cannot be written out are skipped."""
    paths = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        piece = _piece(entry.pattern)
        if piece is None:
            continue
        if isinstance(entry, URLResolver):
            paths += every_route(entry.url_patterns, prefix + piece)
        elif isinstance(entry, URLPattern):
            paths.append("/" + prefix + piece)
    return sorted(set(paths))


class HandledRecords:
    """Every log record as a handler receives it, after the handler's own filters."""

    def __init__(self):
        self.texts: list[str] = []

    def __enter__(self):
        self._original = logging.Handler.handle
        captured = self.texts

        def handle(handler, record):
            passed = self._original(handler, record)
            # pytest's own capture handlers are not Harbour's configured handlers.
            if passed and not type(handler).__module__.startswith("_pytest"):
                formatted = logging.Formatter("%(name)s %(levelname)s %(message)s").format(record)
                captured.append(f"{formatted} {record.__dict__!r}")
            return passed

        logging.Handler.handle = handle
        return self

    def __exit__(self, *exc):
        logging.Handler.handle = self._original

    def text(self) -> bytes:
        return "\n".join(self.texts).encode("utf-8", "replace")


def traces_in(blob: bytes) -> list[str]:
    return sorted({canary for canary in CANARIES if any(form in blob for form in encodings_of(canary.encode()))})


def staff_client(persona) -> Client:
    """A caseworker logged in through the real steps, every request with the canaries."""
    client = Client(raise_request_exception=False, **HEADERS)
    assert client.post("/staff/login/", {"email": persona.user.email, "password": persona.password}).status_code == 302
    assert client.post("/staff/login/verify/", {"token": persona.backup_codes.pop()}).status_code == 302
    return client


def visit(client, paths, data=None) -> int:
    visited = 0
    data = data or dict.fromkeys(FIELDS, WORDS)
    for path in paths:
        client.get(f"{path}?q={WORDS}&search={WORDS}&page=1")
        client.post(f"{path}?q={WORDS}", data, follow=True)
        visited += 1
    return visited


@pytest.fixture
def journey_through_every_route(sealed_a, caseworker_a, org_a):
    paths = every_route()
    with HandledRecords() as records:
        anonymous = Client(raise_request_exception=False, **HEADERS)
        staff = staff_client(caseworker_a)
        visit(anonymous, paths)
        visit(staff, [p for p in paths if p.startswith("/staff/") and "logout" not in p and "exit" not in p])
    return paths, records


def test_every_route_is_generated_from_the_url_configuration():
    with translation.override("en"):
        paths = every_route()
    assert {"/en/", "/en/help/", "/en/rights/", "/en/services/", "/staff/login/", "/api/v1/openapi.json",
            "/api/hsds/openapi.json", "/staff/firewall/"} <= set(paths)
    assert len(paths) > 40


@pytest.mark.django_db
def test_no_canary_from_any_route_reaches_a_log_or_a_table(journey_through_every_route):
    paths, records = journey_through_every_route
    assert len(records.texts) > 0  # the capture works: some records were handled
    assert traces_in(records.text()) == []
    assert traces_in(dump_every_table()) == []


# -- mutation fixtures --------------------------------------------------------------------------

def test_a_server_error_keeps_its_traceback_but_not_a_message_quoting_the_request():
    with HandledRecords() as records:
        try:
            raise ValueError(f"Reverse for '{WORDS}' not found")
        except ValueError:
            logging.getLogger("django.request").error("Internal Server Error: %s", f"/x?q={WORDS}",
                                                      exc_info=True, extra={"status_code": 500})
            logging.getLogger("harbour.help").exception("failed on %s", "a request")
    assert traces_in(records.text()) == []
    assert "builtins.ValueError (message withheld)" in records.text().decode()
    assert "test_a_server_error_keeps_its_traceback" in records.text().decode()


@pytest.mark.django_db
def test_mutation_an_address_and_agent_kept_in_the_staff_session_are_found(sealed_a, caseworker_a):
    @receiver(password_verified, dispatch_uid="mutation.keep_address")
    def keep_address(sender, request, **kwargs):
        request.session["seen_from"] = {"addr": request.META.get("REMOTE_ADDR"),
                                        "agent": request.META.get("HTTP_USER_AGENT")}

    try:
        staff_client(caseworker_a)
    finally:
        password_verified.disconnect(dispatch_uid="mutation.keep_address")
    assert traces_in(dump_every_table()) == sorted([ADDRESS, AGENT])


@pytest.mark.django_db
def test_mutation_directory_search_words_in_a_log_are_found(monkeypatch):
    from harbour.directory import selectors

    real = selectors.search_services

    def logging_search(params, **kwargs):
        logging.getLogger("harbour.directory").warning("search for %s from %s", params.text, "somewhere")
        return real(params, **kwargs)

    monkeypatch.setattr(selectors, "search_services", logging_search)
    with HandledRecords() as records:
        visit(Client(raise_request_exception=False, **HEADERS), ["/en/services/"], {"q": WORDS})
    assert traces_in(records.text()) == [WORDS]


@pytest.mark.django_db
def test_mutation_directory_search_words_in_the_audit_table_are_found(monkeypatch):
    from harbour.core.audit import audit_append
    from harbour.directory import selectors

    real = selectors.search_services

    def auditing_search(params, **kwargs):
        with transaction.atomic():
            audit_append(action="directory.search", detail={"q": params.text.encode().hex()})
        return real(params, **kwargs)

    monkeypatch.setattr(selectors, "search_services", auditing_search)
    visit(Client(raise_request_exception=False, **HEADERS), ["/en/services/"], {"q": WORDS})
    assert traces_in(dump_every_table()) == [WORDS]


def test_every_encoding_of_a_canary_is_recognised():
    import base64
    import json
    import urllib.parse

    raw = AGENT.encode()
    for shift in range(3):
        assert traces_in(b"zz" + base64.b64encode(b"p" * shift + raw) + b"zz") == [AGENT]
        assert traces_in(base64.urlsafe_b64encode(b"p" * shift + raw)) == [AGENT]
    assert traces_in(raw.hex().encode()) == [AGENT]
    assert traces_in(raw.hex().upper().encode()) == [AGENT]
    assert traces_in(urllib.parse.quote(AGENT).encode()) == [AGENT]
    assert traces_in(urllib.parse.quote_plus(AGENT).encode()) == [AGENT]
    assert traces_in(json.dumps({"a": AGENT}).encode()) == [AGENT]
    assert traces_in(b"nothing here") == []

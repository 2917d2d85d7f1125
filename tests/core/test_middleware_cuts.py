"""Harbour's LocaleMiddleware and CommonMiddleware answer as Django's do, without the URL
resolutions Django makes on every 404 (harbour/core/middleware.py, issue 11)."""

import json
from unittest import mock

import pytest
from django.conf import settings
from django.middleware import common as django_common
from django.middleware import locale as django_locale
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

DJANGOS = [name.replace("harbour.core.middleware.LocaleMiddleware", "django.middleware.locale.LocaleMiddleware")
           .replace("harbour.core.middleware.CommonMiddleware", "django.middleware.common.CommonMiddleware")
           for name in settings.MIDDLEWARE]


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        else:
            yield route


def test_harbour_installs_both():
    assert "harbour.core.middleware.LocaleMiddleware" in settings.MIDDLEWARE
    assert "harbour.core.middleware.CommonMiddleware" in settings.MIDDLEWARE
    assert DJANGOS != settings.MIDDLEWARE


def test_no_page_under_a_language_prefix_begins_with_api():
    """What LocaleMiddleware's shortcut for /api/ relies on."""
    localised = [p for p in get_resolver().url_patterns
                 if isinstance(p, URLResolver) and isinstance(p.pattern, LocalePrefixPattern)]
    assert localised
    routes = list(_routes(localised[0].url_patterns))
    assert routes
    for route in routes:
        assert not route.startswith(("api", "<", "^")), route


def _answers(requests):
    client = Client()
    out = []
    for method, path, body in requests:
        if method == "post":
            response = client.post(path, json.dumps(body), content_type="application/json")
        else:
            response = client.get(path)
        out.append((response.status_code, response.get("Location"), response.get("Vary"),
                    response.get("Content-Language"), response.content))
    return out


REQUESTS = [
    ("post", "/api/v1/help-requests/status", {"code": "zoo " * 9}),   # a view's 404 (JSON)
    ("get", "/api/v1/no-such-thing", None),                           # the resolver's 404
    ("get", "/api/hsds/no-such-thing", None),
    ("get", "/services/", None),                                      # language prefix missing
    ("get", "/en/services", None),                                    # slash missing
    ("get", "/en/no-such-page", None),
    ("get", "/no-such-page", None),
]


@pytest.mark.django_db
def test_same_answers_as_djangos_middleware():
    ours = _answers(REQUESTS)
    with override_settings(MIDDLEWARE=DJANGOS):
        theirs = _answers(REQUESTS)
    assert ours == theirs
    assert ours[0][0] == 404 and ours[3][0] == 302 and ours[3][1] == "/en/services/"
    assert ours[4][0] == 301 and ours[4][1] == "/en/services/"


@pytest.mark.django_db
def test_a_wrong_status_check_resolves_no_other_path():
    """Without the shortcuts Django resolves three more paths for this 404."""
    with mock.patch.object(django_locale, "is_valid_path", wraps=django_locale.is_valid_path) as locale_calls, \
            mock.patch.object(django_common, "is_valid_path", wraps=django_common.is_valid_path) as common_calls:
        response = Client().post("/api/v1/help-requests/status", json.dumps({"code": "zoo " * 9}),
                                 content_type="application/json")
    assert response.status_code == 404
    assert locale_calls.call_count == 0
    assert common_calls.call_count == 0


def test_the_message_storage_is_made_only_when_a_message_is_read_or_added():
    """harbour.core.middleware.MessageMiddleware: a request that never touches messages makes no
    storage (and sets no cookie); one that adds a message stores it, and the next request reads
    it, as with Django's middleware."""
    from django.contrib import messages
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.http import HttpResponse
    from django.test import RequestFactory

    from harbour.core import middleware

    def through(view, cookies=None):
        request = RequestFactory().get("/en/")
        request.COOKIES.update(cookies or {})
        SessionMiddleware(lambda r: None).process_request(request)
        return middleware.MessageMiddleware(view)(request)

    assert "harbour.core.middleware.MessageMiddleware" in settings.MIDDLEWARE
    with mock.patch.object(middleware, "default_storage", wraps=middleware.default_storage) as made:
        quiet = through(lambda request: HttpResponse("no messages here"))
        assert made.call_count == 0 and not quiet.cookies

        def adds(request):
            messages.info(request, "Saved.")
            return HttpResponse()

        stored = through(adds)
        assert made.call_count == 1
        cookie = stored.cookies["messages"].value
        read = []

        def reads(request):
            read.extend(str(m) for m in messages.get_messages(request))
            return HttpResponse()

        through(reads, {"messages": cookie})
    assert read == ["Saved."]

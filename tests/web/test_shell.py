import gzip
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from tests.web.pages import public_urls

BUDGET = 14_336
NEUTRAL_FORBIDDEN = re.compile(r"abuse|violence|refuge|rape|trafficking|domestic", re.IGNORECASE)


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stylesheets, self.scripts, self.urls, self.title, self._in_title = [], [], [], "", False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.stylesheets.append(attrs["href"])
        if tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
        for name in ("src", "href", "action", "formaction", "poster", "data"):
            if attrs.get(name):
                self.urls.append(attrs[name])
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False if tag == "title" else self._in_title

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def static_bytes(url: str) -> bytes:
    path = finders.find(url.removeprefix(settings.STATIC_URL))
    assert path, f"{url} is not a static file"
    with open(path, "rb") as handle:
        return handle.read()


def parse(html: str) -> Assets:
    parser = Assets()
    parser.feed(html)
    return parser


@pytest.mark.django_db
@pytest.mark.parametrize("url", public_urls())
def test_every_public_page_with_its_css_and_js_fits_the_first_round_trip(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content
    assets = parse(html.decode())
    total = html + b"".join(static_bytes(u) for u in assets.stylesheets + assets.scripts)
    size = len(gzip.compress(total, compresslevel=9))
    assert size <= BUDGET, f"{url} is {size} bytes gzip, over {BUDGET}"


@pytest.mark.django_db
@pytest.mark.parametrize("url", public_urls())
def test_public_pages_request_nothing_from_another_site(client, url):
    assets = parse(client.get(url).content.decode())
    offsite = [u for u in assets.urls if re.match(r"^(https?:)?//", u)]
    assert offsite == []


@pytest.mark.django_db
@pytest.mark.parametrize("url", public_urls())
def test_public_titles_and_paths_are_neutral(client, url):
    assets = parse(client.get(url).content.decode())
    assert not NEUTRAL_FORBIDDEN.search(assets.title), assets.title
    assert not NEUTRAL_FORBIDDEN.search(url)


@pytest.mark.django_db
@pytest.mark.parametrize("url", public_urls())
def test_quick_exit_is_the_first_link_and_a_visible_button(client, url):
    html = client.get(url).content.decode()
    links = re.findall(r'<a [^>]*href="([^"]+)"[^>]*>', html)
    # A page with a form adds its one-time token (?f=…), which Quick exit closes.
    assert re.fullmatch(r"/exit(\?f=[\w-]+)?", links[0])
    assert re.search(r'<a class="exit" href="/exit[?"]', html)


@pytest.mark.django_db
def test_arabic_pages_are_right_to_left(client):
    html = client.get("/ar/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["en", "es"])
def test_left_to_right_languages(client, code):
    assert f'<html lang="{code}" dir="ltr">' in client.get(f"/{code}/").content.decode()


@pytest.mark.django_db
def test_spanish_interface_is_translated_and_says_it_is_a_draft(client):
    html = client.get("/es/").content.decode()
    assert "Salida rápida" in html
    assert 'class="draft"' in html


@pytest.mark.django_db
def test_english_interface_has_no_draft_notice(client):
    assert 'class="draft"' not in client.get("/en/").content.decode()


@pytest.mark.django_db
def test_language_switcher_links_to_the_same_page_in_each_language(client):
    html = client.get("/en/staying-safe-online/").content.decode()
    for code, _name in settings.LANGUAGES:
        assert f'href="/{code}/staying-safe-online/"' in html


@pytest.mark.django_db
def test_root_redirects_to_a_language(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


@pytest.mark.django_db
def test_unknown_language_prefix_is_a_clear_404(client):
    response = client.get("/xx/")
    assert response.status_code == 404
    assert "There is no page at this address" in response.content.decode()


@pytest.mark.django_db
def test_home_links_only_to_pages_that_exist(client):
    html = client.get("/en/").content.decode()
    main = html.split('<main id="main">')[1].split("</main>")[0]
    for href in re.findall(r'href="([^"]+)"', main):
        assert client.get(href).status_code == 200, href


def assert_security_headers(response, *, staff: bool):
    csp = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "frame-ancestors 'none'", "form-action 'self'", "base-uri 'none'",
                      "script-src 'self'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    for feature in ("geolocation=()", "camera=()", "microphone=()"):
        assert feature in response["Permissions-Policy"]
    if staff:
        assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_security_headers_on_a_public_page(client):
    assert_security_headers(client.get("/en/"), staff=False)


@pytest.mark.django_db
def test_security_headers_and_no_store_on_a_staff_page(as_caseworker_a):
    response = as_caseworker_a.get(reverse("accounts:dashboard"))
    assert response.status_code == 200
    assert_security_headers(response, staff=True)


@pytest.mark.django_db
def test_security_headers_on_an_error_page(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert_security_headers(response, staff=False)


@pytest.mark.django_db
def test_security_headers_on_the_api(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert_security_headers(response, staff=False)


@pytest.mark.django_db
def test_hsts_is_sent_over_https(client):
    response = client.get("/en/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
def test_exit_ends_the_session_clears_the_site_and_redirects_with_303(as_caseworker_a):
    assert as_caseworker_a.get(reverse("accounts:dashboard")).status_code == 200
    response = as_caseworker_a.get("/exit")
    assert response.status_code == 303
    assert response["Location"] == settings.EXIT_URL
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME):
        assert response.cookies[name]["max-age"] == 0
    # The session is gone: the staff page now asks for a login.
    after = as_caseworker_a.get(reverse("accounts:dashboard"))
    assert after.status_code == 302
    assert after["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_exit_by_post_also_leaves_even_without_a_csrf_token():
    assert Client(enforce_csrf_checks=True).post("/exit").status_code == 303


@pytest.mark.django_db
def test_healthz_says_ok_and_nothing_personal(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"status", "database", "version"}
    assert (body["status"], body["database"]) == ("ok", "ok")


@pytest.mark.django_db
def test_expired_form_shows_what_she_typed_so_nothing_is_lost():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"email": "x@example.org", "password": "secret-value"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "x@example.org" in html
    assert "secret-value" not in html


@pytest.mark.django_db
def test_unknown_language_prefix_answers_in_the_browser_language(client):
    response = client.get("/xx/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 404
    assert "No hay ninguna página en esta dirección" in response.content.decode()


@pytest.mark.django_db
def test_no_address_agent_or_query_reaches_any_log(client, caplog, caseworker_a):
    import logging

    caplog.set_level(logging.DEBUG)
    canary = {"REMOTE_ADDR": "198.51.100.23", "HTTP_USER_AGENT": "CanaryBrowser/1.0",
              "HTTP_X_FORWARDED_FOR": "198.51.100.23"}
    client.get("/en/?q=canary-query-words", **canary)
    client.get("/en/missing-page/?q=canary-query-words", **canary)
    client.post(reverse("accounts:login"), {"email": caseworker_a.user.email, "password": "wrong"}, **canary)
    client.get("/staff/", **canary)
    logged = "\n".join(
        f"{record.getMessage()} {getattr(record, 'request', '')} {record.args}" for record in caplog.records
    )
    for trace in ("198.51.100.23", "CanaryBrowser", "canary-query-words"):
        assert trace not in logged


def test_a_server_error_is_logged_without_its_request(caplog):
    import logging

    from django.test import RequestFactory
    from django.utils.log import log_response

    caplog.set_level(logging.DEBUG)
    request = RequestFactory().get("/en/private-path/?q=canary-query", REMOTE_ADDR="198.51.100.9")
    from django.http import HttpResponse

    try:
        raise ValueError("boom")
    except ValueError as error:
        log_response("Internal Server Error: %s", request.path, response=HttpResponse(status=500),
                     request=request, exception=error)
    records = [r for r in caplog.records if r.name == "django.request"]
    assert [r.getMessage() for r in records] == ["Server error 500 (request details withheld)"]
    assert records[0].request is None
    assert records[0].exc_info is not None


@pytest.mark.django_db
@pytest.mark.parametrize("fetch_site,secure,expected", [
    ("same-origin", False, 400), ("same-origin", True, 400), (None, False, 400),
    ("cross-site", False, 403), ("same-site", True, 403),
])
def test_forms_work_under_no_referrer_where_browsers_send_origin_null(fetch_site, secure, expected):
    """With Referrer-Policy: no-referrer, browsers post forms with `Origin: null`."""
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("accounts:login"), secure=secure)
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    headers = {"HTTP_ORIGIN": "null", "HTTP_X_CSRFTOKEN": token}
    if fetch_site:
        headers["HTTP_SEC_FETCH_SITE"] = fetch_site
    # 400 is the login form's own answer to a wrong password: the CSRF check let it through.
    response = client.post(reverse("accounts:login"), {"email": "a@example.org", "password": "x"},
                           secure=secure, **headers)
    assert response.status_code == expected


@pytest.mark.django_db
def test_a_foreign_origin_is_still_refused():
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("accounts:login"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(reverse("accounts:login"), {"email": "a@example.org", "password": "x"},
                           HTTP_ORIGIN="https://evil.example.net", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 403

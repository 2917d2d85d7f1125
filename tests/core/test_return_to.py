"""A page that answers a form has the form's address; a step taken from it (the staff language
switch) goes back to the page that form was on, never to a 405 (walk-through fault: the staff
language switch on a refused translation sent her to a blank "Method Not Allowed")."""

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from harbour.core.audience import page_to_return_to
from tests.directory.factories import make_service

HARBOUR = Path(__file__).resolve().parents[2] / "harbour"
SAMPLE = {"uuid": "6d1f2a52-7c1e-4a5b-9a57-000000000001", "int": "1", "slug": "x", "str": "x", "path": "x"}


def _patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _sample_path(route: str) -> str:
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "x"), route)
    return "/" + path.lstrip("^").rstrip("$")


def test_views_mark_post_only_through_core_never_require_post_itself():
    # page_to_return_to knows a form's address by the mark post_only leaves; a view that used
    # Django's require_POST directly would be taken for a page and sent back to as a 405.
    offenders = [str(path.relative_to(HARBOUR)) for path in HARBOUR.rglob("*.py")
                 if path.name != "audience.py"
                 and re.search(r"require_POST|require_http_methods\(\s*\[\s*[\"']POST[\"']\s*\]", path.read_text())]
    assert offenders == []


def test_every_form_address_has_a_page_to_return_to():
    post_only = [(route, _sample_path(route)) for route, view in _patterns()
                 if getattr(view, "harbour_post_only", False) and route.startswith("staff/")]
    assert len(post_only) > 30  # the walk found the staff forms
    for route, path in post_only:
        back = page_to_return_to(path, "/nowhere/")
        assert back != path and back != "/nowhere/", route
        assert path.startswith(back), route


def test_a_page_is_its_own_page_to_return_to_with_its_query():
    assert page_to_return_to("/staff/directory/?q=a", "/d/") == "/staff/directory/?q=a"
    assert page_to_return_to("/staff/no/such/page/", "/d/") == "/staff/"
    assert page_to_return_to("/no/such/page/", "/d/") == "/d/"


@pytest.mark.django_db
def test_changing_language_on_a_refused_translation_returns_to_the_service_page(as_admin_a, org_a):
    service = make_service(name="Espaço Mulher", owner=org_a)
    translate = reverse("directory_staff:translation", kwargs={"service_id": service.pk})
    refused = as_admin_a.post(translate, {"tr-language": "pt br", "tr-name": "Espaço de escuta",
                                          "tr-review_state": "draft"})
    assert refused.status_code == 400
    # The switch on the refused page sends her form back to its own (POST-only) address, which
    # shows it again, on the service page, in the new language (core.staff_language).
    form = re.search(r'<form[^>]*class="staff-lang".*?</form>', refused.content.decode(), re.S).group(0)
    assert f'action="{translate}"' in form and 'name="next"' not in form
    switched = as_admin_a.post(translate, {"tr-language": "pt br", "tr-name": "Espaço de escuta",
                                           "tr-review_state": "draft", "switch_language": "ar"})
    assert switched.status_code == 200 and "Espaço de escuta" in switched.content.decode()
    assert 'lang="ar"' in switched.content.decode()[:400]
    # A `next` naming a form's address still returns to the page that form is on.
    changed = as_admin_a.post(reverse("accounts:language"), {"language": "ar", "next": translate})
    assert changed.status_code == 302
    assert changed["Location"] == reverse("directory_staff:service", kwargs={"service_id": service.pk})
    page = as_admin_a.get(changed["Location"])
    assert page.status_code == 200
    assert 'lang="ar"' in page.content.decode()[:400]

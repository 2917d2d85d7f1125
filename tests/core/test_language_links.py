"""The language switch's links are django.urls.translate_url's, with the page's path resolved
once per request instead of once per language (issue 11: a tenth of a page's CPU)."""

import uuid

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import translate_url
from django.utils import translation

from harbour.core.templatetags import harbour as tags

PATHS = ["/en/", "/ar/", "/en/services/", "/fa/services/", f"/en/services/{uuid.uuid4()}/", "/en/help/",
         "/en/help/status/", "/en/rights/", "/en/workshops/", "/en/no-such-page/", "/nowhere", "/en/a%3Fb/",
         "/staff/", "/api/v1/organisations", "/en/services/?x#y"]


@pytest.mark.parametrize("path", PATHS)
def test_each_language_link_is_translate_urls(path):
    request = RequestFactory().get(path)
    page_language = path.split("/")[1] if path.split("/")[1] in dict(settings.LANGUAGES) else "en"
    with translation.override(page_language):
        ours = [tags.other_language_url({"request": request}, code) for code, _name in settings.LANGUAGES]
        djangos = [translate_url(request.path, code) for code, _name in settings.LANGUAGES]
    assert ours == djangos


def test_the_path_is_resolved_once_per_request(monkeypatch):
    calls = []
    real = tags.resolve
    monkeypatch.setattr(tags, "resolve", lambda path: calls.append(path) or real(path))
    request = RequestFactory().get("/en/services/")
    with translation.override("en"):
        links = [tags.other_language_url({"request": request}, code) for code, _name in settings.LANGUAGES]
    assert calls == ["/en/services/"]
    assert links == [f"/{code}/services/" for code, _name in settings.LANGUAGES]

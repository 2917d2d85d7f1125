# ruff: noqa: F811 - pytest fixtures imported from other modules are parameters here
"""The staff language switch after a refused translation, in a real browser (Chromium): what
she typed comes back in the other language, and nothing is saved."""

import os

import pytest
from django.conf import settings
from django.urls import reverse

from harbour.directory.models import Translation
from tests.conftest import verified_client
from tests.directory.factories import make_service
from tests.web.test_browser import CHROMIUM, browser  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

if not os.path.exists(CHROMIUM):
    pytest.skip("Chromium is not installed", allow_module_level=True)


def test_a_refused_translation_survives_a_change_of_staff_language(browser, live_server, admin_a, org_a):
    service = make_service(name="A's advice line", owner=org_a)
    client = verified_client(admin_a)
    context = browser.new_context()
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
    page = context.new_page()
    page.goto(live_server.url + reverse("directory_staff:service", kwargs={"service_id": service.pk}))
    page.fill("input[name=tr-language]", "pt br")
    page.fill("input[name=tr-name]", "Espaço de escuta")
    page.fill("textarea[name=tr-description]", "Apoio sem julgamento\nàs terças")
    page.locator("input[name=tr-name]").press("Enter")
    page.wait_for_selector("ul.errorlist")
    page.select_option("#staff-language", "es")
    page.click("form.staff-lang button[type=submit]")
    page.wait_for_selector("html[lang=es]")
    assert page.input_value("input[name=tr-language]") == "pt br"
    assert page.input_value("input[name=tr-name]") == "Espaço de escuta"
    assert page.input_value("textarea[name=tr-description]") == "Apoio sem julgamento\nàs terças"
    assert not Translation.objects.exists()
    context.close()

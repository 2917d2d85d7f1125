# ruff: noqa: F811 - pytest fixtures imported from other modules are parameters here
"""The walk-through's fault, in a real browser at 360 px: on a fresh help form she ticks an
organisation and a need, types her name and message, then taps another language: the form must
come back in that language with everything she typed, and nothing sent; with JavaScript (the
page swaps in place) and without."""

import os

import pytest

from tests.firewall.fixtures import sealed_a  # noqa: F401 - an organisation that takes requests
from tests.web.test_browser import CHROMIUM, browser  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

if not os.path.exists(CHROMIUM):
    pytest.skip("Chromium is not installed", allow_module_level=True)

WORDS = "He took my passport. Call after 6, not before."


@pytest.mark.parametrize("javascript", [True, False])
def test_switching_language_on_a_fresh_help_form_keeps_what_she_typed(browser, live_server, sealed_a, javascript):
    from harbour.help.models import HelpRequest

    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/help/")
    page.locator("input[name=organisation]").first.check()
    page.locator("input[name=needs][value=safety]").check()
    page.fill("input[name=name]", "Amina")
    page.fill("textarea[name=message]", WORDS)
    with page.expect_navigation() if not javascript else _nothing():
        page.click("nav button[lang=fa]")
    page.wait_for_function("() => document.documentElement.lang === 'fa'")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.input_value("textarea[name=message]") == WORDS
    assert page.input_value("input[name=name]") == "Amina"
    assert page.locator("input[name=needs][value=safety]").is_checked()
    assert page.locator("input[name=organisation]").first.is_checked()
    assert HelpRequest.objects.count() == 0
    context.close()


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

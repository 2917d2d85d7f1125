# ruff: noqa: F811 - pytest fixtures imported from other modules are parameters here
"""Every public page in every language of settings.LANGUAGES, in real Chromium (issue 18,
Accessibility 1 and 3): axe-core finds no violation at any impact, in the light theme and in
the dark one if a stylesheet has one; every target is at least 24 by 24 CSS px (WCAG 2.2,
2.5.8, inline links excepted); nothing scrolls sideways at 320 px (1.4.10 Reflow); text at
200 % is neither cut off nor pushed off the side (1.4.4 Resize Text).

The pages are each app's `public_pages`, the pages reached by a link (a service, a workshop,
a rights instrument, a missing page) and the states reached by a form (a rights result, a help
request sent, a status page found, a workshop booked…): tests/web/a11y.py walks them.

These sweeps check templates and styles, not the database, and take about half a minute per
language. `make test` opens the languages of tests/web/a11y.py SWEEP_LANGUAGES on SQLite; CI
sets HARBOUR_A11Y_LANGUAGES to split every language between its SQLite pass and its
PostgreSQL pass (which otherwise leaves browser tests out), so each is swept once per run.
"""

import os
from pathlib import Path

import pytest

from tests.directory.factories import make_service
from tests.firewall.fixtures import sealed_a  # noqa: F401 - an organisation that takes requests
from tests.training.conftest import course, make_session  # noqa: F401
from tests.web.a11y import (
    CLIPPED,
    OVERFLOW,
    SMALL_TARGETS,
    TEXT_100,
    TEXT_200,
    axe_violations,
    dark_sweep_languages,
    public_states,
    sweep_languages,
)
from tests.web.test_browser import CHROMIUM, browser  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.a11y_sweep,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres")
                       and not os.environ.get("HARBOUR_A11Y_LANGUAGES"),
                       reason="checks templates and styles, not the database: on PostgreSQL only for "
                              "the languages CI gives it (HARBOUR_A11Y_LANGUAGES)"),
]

if not os.path.exists(CHROMIUM):
    pytest.skip("Chromium is not installed", allow_module_level=True)

STATIC = Path(__file__).resolve().parents[2] / "harbour"


@pytest.fixture
def world(sealed_a, admin_a, course):
    """A service, a workshop open for booking, a help request and a booking with their codes."""
    from harbour.firewall import codes
    from harbour.help import services as help_services
    from harbour.training import services as training_services

    service = make_service(name="Casa Lumbre", city="Madrid", lat=40.4168, lng=-3.7038, country="ES",
                           languages=("es", "ar"), hours=("00:00", "23:59", ""), phones=("+44 20 7946 0000",))
    session = make_session(admin=admin_a, course=course, capacity=500)
    _request, help_code = help_services.help_request_create(
        organisation=admin_a.organisation, needs=["safety"], message="", name="", contact_channel="",
        contact_value="", safe_times="", message_ok=None, language="en")
    _booking, booking_code = training_services.booking_create(session=session, places=1, language="en")
    return {"service": service, "session": session, "organisation": admin_a.organisation,
            "help_code": help_code, "booking_code": booking_code, "wrong_code": codes.new_code("en")}


def dark_theme_exists() -> bool:
    return any("prefers-color-scheme" in path.read_text(encoding="utf-8")
               for path in STATIC.glob("*/static/**/*.css"))


def test_every_public_page_in_every_language_has_no_axe_violation(browser, live_server, world):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    schemes = {"light": sweep_languages()}
    if dark_theme_exists():
        schemes["dark"] = dark_sweep_languages()
    found, seen = {}, 0
    for scheme, languages in schemes.items():
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        for code in languages:
            for name in public_states(page, live_server.url, code, world):
                seen += 1
                problems = axe_violations(page, axe)
                if problems:
                    found[f"{scheme} {name}"] = problems
        context.close()
    assert seen >= len(sweep_languages()) * 20
    assert found == {}, "\n".join(f"{name}: {problems}" for name, problems in found.items())


def test_every_public_page_fits_a_phone_with_big_targets_and_text_at_200_percent(browser, live_server, world):
    context = browser.new_context(viewport={"width": 320, "height": 700})
    page = context.new_page()
    faults = {}
    for code in sweep_languages():
        for name in public_states(page, live_server.url, code, world):
            if (wide := page.evaluate(OVERFLOW)) > 0:
                faults[f"{name} at 320 px"] = f"{wide} px sideways"
            if small := page.evaluate(SMALL_TARGETS):
                faults[f"{name}: targets under 24 px"] = small
            page.set_viewport_size({"width": 640, "height": 700})   # a 1280 px window at 200 %
            page.evaluate(TEXT_200)
            if (wide := page.evaluate(OVERFLOW)) > 0:
                faults[f"{name} with text at 200 %"] = f"{wide} px sideways"
            if cut := page.evaluate(CLIPPED):
                faults[f"{name} with text at 200 %: cut off"] = cut
            page.evaluate(TEXT_100)
            page.set_viewport_size({"width": 320, "height": 700})
    context.close()
    assert faults == {}, "\n".join(f"{name}: {fault}" for name, fault in faults.items())


def test_the_measures_catch_what_they_look_for(browser):
    """The in-page measures are not blind: a page built to fail each one fails it."""
    page = browser.new_page(viewport={"width": 320, "height": 700})
    page.set_content("<!doctype html><p>x</p><div style='width:400px'>wide</div><button style='padding:0;font-size:8px'>b</button>"
                     "<p style='overflow:hidden;height:10px'>a long text in a short box</p>"
                     "<p>Read <a href='/x'>this</a> please.</p>")
    assert page.evaluate(OVERFLOW) > 0
    small = page.evaluate(SMALL_TARGETS)
    assert len(small) == 1 and small[0].startswith("button")   # the inline link is excepted
    assert page.evaluate(CLIPPED) == ["p."]
    page.close()

# ruff: noqa: F811 - pytest fixtures imported from other modules are parameters here
"""Every journey done with the keyboard alone, in real Chromium (issue 18, Accessibility 2):
only Tab, Shift+Tab, Enter, Space, arrows and typing. At every tab stop the focused element
shows a visible focus indicator (a computed outline or box-shadow, WCAG 2.4.7), and focus
moves on each Tab (no trap, 2.1.2): `tab_to` fails otherwise.

Public: the rights interview to a result, a services search to a service, a help request to
"sent", the status page with her code, quick exit, booking a workshop. Staff: login with the
second factor (a TOTP code computed as the tests do), then a help request, a case, a workshop.
"""

import os

import pytest

from tests.cases.conftest import a_case, colleague_a, keyed_a, second_admin_a  # noqa: F401
from tests.directory.factories import make_service
from tests.firewall.fixtures import sealed_a  # noqa: F401
from tests.training.conftest import course, make_session  # noqa: F401
from tests.web.test_browser import CHROMIUM, browser, neutral_site  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

if not os.path.exists(CHROMIUM):
    pytest.skip("Chromium is not installed", allow_module_level=True)

MAX_STOPS = 120

# What the focused element is, and whether its focus can be seen.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  const id = el.tagName.toLowerCase() + (el.name ? `[name=${el.name}]` : "") + (el.getAttribute("href") ? `[href=${el.getAttribute("href")}]` : "") + (el.value && el.type !== "text" ? `[value=${el.value}]` : "");
  if (!el.dataset.kbd) el.dataset.kbd = String(Math.random());
  return {id, key: el.dataset.kbd, visible: outline || shadow};
}"""


def tab_to(page, selector: str) -> None:
    """Press Tab until the focused element matches `selector`. Fails if a stop has no visible
    focus, if Tab leaves focus where it was (a trap), or after MAX_STOPS stops."""
    last = None
    for _ in range(MAX_STOPS):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        if now is None:          # focus went to the browser's own controls: the page's end
            continue
        assert now["visible"], f"no visible focus on {now['id']} at {page.url}"
        assert last is None or now["key"] != last["key"], f"focus trapped on {now['id']} at {page.url}"
        last = now
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached with Tab at {page.url}")


def activate(page, selector: str) -> None:
    """Tab to a link or button and press Enter; wait for the next page (it may replace this
    one in place, as forms do with JavaScript)."""
    from playwright.sync_api import Error

    tab_to(page, selector)
    page.evaluate("() => document.querySelector('main').setAttribute('data-kbd-old', '')")
    page.keyboard.press("Enter")
    for _ in range(5):
        try:
            page.wait_for_function("() => document.querySelector('main') && !document.querySelector('main[data-kbd-old]')")
            break
        except Error as error:  # a real navigation replaced the document while we looked
            if "context was destroyed" not in error.message:
                raise
    page.wait_for_load_state()


def start(page, url: str) -> None:
    page.goto(url)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")


@pytest.fixture
def places(sealed_a, admin_a, course):
    service = make_service(name="Casa Lumbre", city="Madrid", lat=40.4168, lng=-3.7038, country="ES")
    session = make_session(admin=admin_a, course=course, capacity=50)
    return {"service": service, "session": session}


def test_the_public_journeys_with_the_keyboard_alone(browser, live_server, places, neutral_site):
    base = live_server.url
    page = browser.new_page()

    # Rights: choose where, answer each question, reach the result.
    start(page, f"{base}/en/rights/")
    tab_to(page, "select[name=where]")
    page.keyboard.type("England")
    activate(page, "button[value=next]")
    for _ in range(15):
        if page.locator("main select#lang").count():
            break
        tab_to(page, "main input[type=radio], main input[type=checkbox]")
        page.keyboard.press("Space")
        activate(page, "button[value=next]")
    assert page.locator("main select#lang").count() == 1

    # Services: search, open a result.
    start(page, f"{base}/en/services/")
    tab_to(page, "input[name=q]")
    page.keyboard.type("Lumbre")
    activate(page, "main form button[type=submit]")
    activate(page, "main ol a")
    assert page.locator("h1").inner_text() == "Casa Lumbre"

    # Help: choose a need and the organisation, send, keep the code.
    start(page, f"{base}/en/help/")
    tab_to(page, "input[name=needs]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=organisation]")
    page.keyboard.press("Space")
    activate(page, "main form button[type=submit]")
    code = page.locator("main pre.typed").inner_text()

    # Status: type the code, see the request.
    start(page, f"{base}/en/help/status/")
    tab_to(page, "input[name=code]")
    page.keyboard.type(code)
    activate(page, "main form button[type=submit]")
    assert page.locator("main h1").inner_text() == "Your request"

    # A workshop: open it from the list and book a place.
    start(page, f"{base}/en/workshops/")
    activate(page, "main section h2 a")
    activate(page, "main form button[type=submit]")
    assert page.locator("main p.typed").count() == 1

    # Quick exit: the first Tab stop, then Enter.
    start(page, f"{base}/en/")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["visible"]
    page.keyboard.press("Enter")
    page.wait_for_url(neutral_site)
    page.close()


def login(page, base: str, persona) -> None:
    """Log in as `persona` with the keyboard: e-mail, password, then a TOTP code from her
    confirmed device, computed as tests/accounts/test_login.py does."""
    from django_otp.oath import totp

    from tests.conftest import PASSWORD

    device = persona.device
    start(page, f"{base}/staff/login/")
    tab_to(page, "input[name=email]")
    page.keyboard.type(persona.user.email)
    tab_to(page, "input[name=password]")
    page.keyboard.type(PASSWORD)
    activate(page, "main button[type=submit]")
    tab_to(page, "input[name=token]")
    page.keyboard.type(f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}")
    activate(page, "main button[type=submit]")
    assert page.url == f"{base}/staff/"


def test_the_staff_journeys_with_the_keyboard_alone(browser, live_server, caseworker_a, admin_a, a_case, course):
    from harbour.help import services as help_services

    help_request, _code = help_services.help_request_create(
        organisation=caseworker_a.organisation, needs=["safety"], language="en")
    session = make_session(admin=admin_a, course=course)

    context = browser.new_context()
    page = context.new_page()
    login(page, live_server.url, caseworker_a)
    activate(page, "nav a[href='/staff/help/']")
    if page.locator(f"main a[href*='{help_request.public_id}']").count() == 0:
        activate(page, "main a[href^='/staff/help/inbox/']")
    activate(page, f"main a[href*='{help_request.public_id}']")
    assert str(help_request.public_id) in page.url
    activate(page, "nav a[href='/staff/cases/']")
    activate(page, f"main a[href*='{a_case.public_id}']")
    assert str(a_case.public_id) in page.url
    context.close()

    context = browser.new_context()
    page = context.new_page()
    login(page, live_server.url, admin_a)
    activate(page, "nav a[href='/staff/training/']")
    for _ in range(3):
        if page.locator(f"main a[href*='{session.public_id}']").count():
            break
        activate(page, f"main a[href*='{course.public_id}'], main a[href^='/staff/training/organisations/']")
    activate(page, f"main a[href*='{session.public_id}']")
    assert str(session.public_id) in page.url
    context.close()


def test_tab_to_fails_on_an_invisible_focus_and_on_a_trap(browser):
    """The checks can fail: focus hidden by `outline: none`, and a field that sends focus back."""
    page = browser.new_page()
    page.set_content("<!doctype html><a href='#a' style='outline:none'>a</a><button>b</button>")
    with pytest.raises(AssertionError, match="no visible focus"):
        tab_to(page, "button")
    page.set_content("<!doctype html><style>:focus{outline:2px solid}</style><input id=i>"
                     "<button>b</button><script>i.addEventListener('keydown', (e) => { if (e.key === 'Tab') e.preventDefault(); })"
                     "</script>")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    with pytest.raises(AssertionError, match="trapped"):
        tab_to(page, "button")
    page.close()

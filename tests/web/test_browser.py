"""Quick exit in a real browser: Playwright driving Debian's Chromium (/usr/bin/chromium)."""

import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

if not os.path.exists(CHROMIUM):
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing: .ci/run installs it; CI must run the browser tests.")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

# Playwright's sync API runs an event loop in this thread; the test's own database work is
# ordinary synchronous code, so Django's async-safety guard must be told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield browser
        browser.close()


@pytest.fixture
def neutral_site(live_server, settings):
    """Quick exit goes to a page of the test server, so the test needs no network."""
    settings.EXIT_URL = f"{live_server.url}/healthz"
    return settings.EXIT_URL


def harbour_page(url: str, live_server) -> bool:
    return url.startswith(live_server.url) and "/healthz" not in url


def assert_left_for_good(page, live_server, neutral_site) -> None:
    page.wait_for_url(neutral_site)
    page.go_back()
    assert not harbour_page(page.url, live_server), page.url
    page.close()


def test_shift_three_times_leaves_and_back_does_not_return(browser, live_server, neutral_site):
    page = browser.new_page()
    page.goto(f"{live_server.url}/en/")
    page.click("text=Staying safe online >> nth=0")
    page.wait_for_url("**/en/staying-safe-online/")
    for _ in range(3):
        page.keyboard.press("Shift")
    assert_left_for_good(page, live_server, neutral_site)


def test_shift_with_another_key_does_not_count(browser, live_server, neutral_site):
    page = browser.new_page()
    page.goto(f"{live_server.url}/en/staying-safe-online/")
    for _ in range(3):
        page.keyboard.press("Shift+KeyA")
    page.wait_for_timeout(300)
    assert page.url == f"{live_server.url}/en/staying-safe-online/"
    page.close()


def test_the_exit_button_leaves_with_javascript(browser, live_server, neutral_site):
    page = browser.new_page()
    page.goto(f"{live_server.url}/ar/")
    page.click("a.exit")
    assert_left_for_good(page, live_server, neutral_site)


def test_the_first_tab_stop_is_the_exit_link(browser, live_server, neutral_site):
    page = browser.new_page()
    page.goto(f"{live_server.url}/en/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/exit"
    page.keyboard.press("Enter")
    page.wait_for_url(neutral_site)
    page.close()


def test_the_exit_link_works_without_javascript(browser, live_server, neutral_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/es/")
    page.click("a.exit")
    page.wait_for_url(neutral_site)
    assert page.url == neutral_site
    context.close()


def test_a_form_posts_in_a_real_browser_under_no_referrer(browser, live_server, neutral_site):
    """Browsers send `Origin: null` with form posts under Referrer-Policy: no-referrer."""
    page = browser.new_page()
    page.goto(f"{live_server.url}/en/staff/login/".replace("/en/staff", "/staff"))
    page.fill("input[name=email]", "nobody@example.org")
    page.fill("input[name=password]", "not the password")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.click("button[type=submit]")
    assert posted.value.status == 400  # the form's own answer, not a CSRF refusal (403)
    assert "do not match an account" in page.content()
    page.close()


def click_and_wait_for_page(page, selector: str) -> None:
    """Click a button that sends a form. With JavaScript the next page replaces this one in
    place (no navigation to wait for), so wait until the old <main> is gone."""
    old = page.locator("main").element_handle()
    page.click(selector)
    page.wait_for_function("main => !main.isConnected", arg=old)

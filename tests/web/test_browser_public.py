# ruff: noqa: F811 - pytest fixtures imported from other modules are parameters here
"""The public site in a real browser (Chromium through Playwright) as she meets it on a phone:
nothing left for Back after quick exit (issue 8, item 2), reloads, Back and language switches
that land on a working page (item 3), left-to-right runs kept in order in Arabic (item 4), and
no page wider than the phone (item 8).

Bounded for CI: one browser for the module, a page per check, no sleeps beyond 300 ms.
"""

import os

import pytest

from tests.directory.factories import make_service
from tests.firewall.fixtures import sealed_a  # noqa: F401 - an organisation that takes requests
from tests.web.a11y import POST_IN_PAGE
from tests.web.test_browser import (  # noqa: F401
    CHROMIUM,
    browser,
    click_and_wait_for_page,
    harbour_page,
    neutral_site,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

if not os.path.exists(CHROMIUM):
    pytest.skip("Chromium is not installed", allow_module_level=True)

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def a_service(db):
    return make_service(name="Casa Lumbre", city="Madrid", lat=40.4168, lng=-3.7038, country="ES",
                        languages=("es", "ar"), hours=("00:00", "23:59", ""))


def phone_page(browser, **options):
    context = browser.new_context(viewport=PHONE, **options)
    return context, context.new_page()


def back_never_reaches_harbour(page, live_server, presses: int = 4) -> list[str]:
    """Press Back several times; return every Harbour address it reached (none is right)."""
    from playwright.sync_api import Error

    reached = []
    for _ in range(presses):
        try:
            page.go_back(wait_until="load")
        except Error as error:  # "Confirm form resubmission": a posted Harbour page
            reached.append(f"{page.url}: {error.message.splitlines()[0]}")
            continue
        if harbour_page(page.url, live_server):
            reached.append(page.url)
        if page.evaluate("document.title").find("Harbour") >= 0:
            reached.append(page.evaluate("document.title"))
    return reached


def test_after_a_search_and_a_result_quick_exit_leaves_nothing_for_back(browser, live_server, neutral_site,
                                                                         a_service):
    context, page = phone_page(browser)
    page.goto(neutral_site)                       # where she was before Harbour
    page.goto(f"{live_server.url}/en/")
    page.click("a[href='/en/services/']")
    page.wait_for_url("**/en/services/")
    page.fill("input[name=q]", "Lumbre")
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=Casa Lumbre")
    page.fill("input[name=q]", "Lumbre")         # a second search, a second POST
    first = page.url
    page.click("main form button[type=submit]")
    page.wait_for_function("u => location.href !== u", arg=first)  # its own address (core.recall)
    page.click("main ol a")
    page.wait_for_selector("h1:has-text('Casa Lumbre')")
    page.click("a.exit")
    page.wait_for_url(neutral_site)
    assert back_never_reaches_harbour(page, live_server) == []
    context.close()


def test_after_the_rights_interview_shift_three_times_leaves_nothing_for_back(browser, live_server,
                                                                              neutral_site):
    context, page = phone_page(browser)
    page.goto(neutral_site)
    page.goto(f"{live_server.url}/en/rights/")
    page.select_option("select[name=where]", "gb-eaw")
    page.click("button[value=next]")
    page.wait_for_selector("input[name=stage]")
    page.check("input[name=stage] >> nth=0")
    page.click("button[value=next]")
    page.wait_for_selector("input[name=gbv]")
    page.click("button[value=back]")
    page.wait_for_selector("input[name=stage]")
    assert page.is_checked("input[name=stage] >> nth=0")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(neutral_site)
    assert back_never_reaches_harbour(page, live_server) == []
    context.close()


def test_after_asking_for_help_quick_exit_leaves_nothing_for_back(browser, live_server, neutral_site,
                                                                   sealed_a):
    context, page = phone_page(browser)
    page.goto(neutral_site)
    page.goto(f"{live_server.url}/ar/help/")
    page.click("main form button[type=submit]")       # nothing chosen: the form comes back with errors
    page.wait_for_selector("[role=alert]")
    page.check("input[name=needs] >> nth=0")
    page.fill("textarea[name=message]", "رسالة")
    page.check("input[name=organisation] >> nth=0")
    page.click("main form button[type=submit]")
    page.wait_for_selector("pre.typed")
    page.click("a.exit")
    page.wait_for_url(neutral_site)
    assert back_never_reaches_harbour(page, live_server) == []
    context.close()


def test_a_reload_and_a_language_switch_inside_the_interview_land_on_working_pages(browser, live_server):
    context, page = phone_page(browser)
    page.goto(f"{live_server.url}/en/rights/")
    page.select_option("select[name=where]", "gb-eaw")
    page.click("button[value=next]")
    page.wait_for_selector("input[name=stage]")
    page.click("footer button[lang=ar]")             # the language switch, on a posted page
    page.wait_for_selector("html[lang=ar] input[name=stage]")
    assert page.url.startswith(f"{live_server.url}/ar/rights/answer/?r=")
    response = page.reload()
    assert response.status == 200
    # The same question again, with her answer to the first kept (it used to start over).
    assert page.locator("html[lang=ar] input[name=stage]").count() >= 1
    assert page.locator("input[type=hidden][name=where][value=gb-eaw]").count() == 1
    context.close()


def test_without_javascript_the_forms_still_work(browser, live_server, a_service):
    context, page = phone_page(browser, java_script_enabled=False)
    page.goto(f"{live_server.url}/es/services/")
    page.fill("input[name=q]", "Lumbre")
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=Casa Lumbre")
    page.goto(f"{live_server.url}/es/rights/")
    page.select_option("select[name=where]", "ES")
    page.click("button[value=next]")
    page.wait_for_selector("input[name=stage]")
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_language_switch_on_the_third_page_of_results_lands_on_the_third_page(browser, live_server, javascript):
    """A walk-through: page 3 of her results, then العربية, gave page 1 of them in Arabic."""
    for index in range(25):
        make_service(name=f"Legal advice {index:02d}")
    context, page = phone_page(browser, java_script_enabled=javascript)
    page.goto(f"{live_server.url}/en/services/")
    page.fill("input[name=q]", "legal")
    page.click("main form button[type=submit]")
    page.wait_for_selector("ol[start='1']")
    page.click("main button[name=page][value='2']")
    page.wait_for_selector("ol[start='11']")
    page.click("main button[name=page][value='3']")
    page.wait_for_selector("ol[start='21']")
    page.click("footer button[lang=ar]")
    page.wait_for_selector("html[lang=ar]")
    assert page.locator("ol[start='21']").count() == 1
    assert page.input_value("input[name=q]") == "legal"
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_her_results_come_back_from_a_service_page_and_after_a_reload(browser, live_server, a_service, javascript):
    """A walk-through: Back from a service page gave ERR_CACHE_MISS with JavaScript off, and
    her search was gone; with it on, Back leaves Harbour (exit.js) and nothing led back."""
    context, page = phone_page(browser, java_script_enabled=javascript)
    page.goto(f"{live_server.url}/en/services/")
    page.fill("input[name=q]", "Lumbre")
    page.click("main form button[type=submit]")
    page.wait_for_selector("main ol a")
    assert "Lumbre" not in page.url
    page.reload()
    assert page.input_value("input[name=q]") == "Lumbre" and page.locator("main ol a").count() == 1
    page.click("main ol a")
    page.wait_for_selector("h1:has-text('Casa Lumbre')")
    if javascript:
        page.click("main a:has-text('Back to your results') >> nth=0")
    else:
        page.go_back(wait_until="load")
    page.wait_for_selector("main ol a")
    assert page.input_value("input[name=q]") == "Lumbre"
    # After Quick exit the same address shows nothing of hers (the key cookie is gone).
    results = page.url
    page.click("a.exit")
    page.wait_for_load_state()
    page.goto(results)
    assert page.locator("main ol a").count() == 0 and page.input_value("input[name=q]") == ""
    context.close()


# --- Item 8: no page wider than a phone; touch targets of at least 24 px ---------------------

MEASURE = """() => {
  const wide = document.documentElement.scrollWidth - document.documentElement.clientWidth;
  const small = [];
  for (const el of document.querySelectorAll("main input, main select, main button, main textarea, footer button")) {
    const box = el.getBoundingClientRect();
    if (el.type === "hidden" || box.width === 0 || el.closest("[hidden]")) continue;
    if (box.width < 24 || box.height < 24) small.push(`${el.tagName.toLowerCase()}[name=${el.name}] ${Math.round(box.width)}x${Math.round(box.height)}`);
  }
  return {wide, small: [...new Set(small)]};
}"""

# The in-page POST (one copy, in tests/web/a11y.py).



def phone_states(page, base: str, code: str, service_id):
    """Visit every public page of one language and the posted states; yield each name."""
    from django.urls import reverse
    from django.utils import translation

    from tests.web.pages import public_page_names

    with translation.override(code):
        urls = [reverse(name) for name in public_page_names()]
        urls.append(reverse("directory:service", kwargs={"service_id": service_id}))
        help_url, search_url, rights_url = reverse("help:request"), reverse("directory:search"), reverse("rights:start")
        answer_url = reverse("rights:answer")
    for url in urls:
        page.goto(base + url)
        yield url
    posts = [(help_url, help_url, [["message", "x" * 4001]]),
             (search_url, search_url, [["q", ""]]),
             (rights_url, answer_url, [["where", "gb-eaw"], ["stage", "reporting"], ["go", "result"]])]
    for start, action, fields in posts:
        page.goto(base + start)
        with page.expect_navigation():
            page.evaluate(POST_IN_PAGE, [action, fields])
        yield f"{action} (posted)"


def test_no_public_page_is_wider_than_a_phone_and_every_control_is_big_enough(browser, live_server,
                                                                                sealed_a, a_service):
    context = browser.new_context(viewport={"width": 320, "height": 700})
    page = context.new_page()
    faults = {}
    for code in ("en", "ar", "es"):
        for name in phone_states(page, live_server.url, code, a_service.pk):
            for width in (320, 360):
                page.set_viewport_size({"width": width, "height": 700})
                found = page.evaluate(MEASURE)
                if found["wide"] > 0:
                    faults[f"{name} at {width}px"] = f"{found['wide']}px too wide"
                if found["small"] and width == 360:
                    faults[f"{name}: small targets"] = found["small"]
    context.close()
    assert faults == {}


# --- Item 4: left-to-right runs keep their order inside Arabic ----------------------------

VISUAL_ORDER = """(text) => {
  /* The characters of the first text run holding `text`, sorted by where they are drawn, left to right. */
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(text);
    if (at < 0) continue;
    const drawn = [];
    for (let k = 0; k < text.length; k++) {
      const range = document.createRange();
      range.setStart(node, at + k); range.setEnd(node, at + k + 1);
      const box = range.getBoundingClientRect();
      drawn.push([box.left + box.width / 2, text[k]]);
    }
    drawn.sort((a, b) => a[0] - b[0]);
    return drawn.map((c) => c[1]).join("");
  }
  return null;
}"""

RUNS = ("+44 20 7946 0000", "20 Example Road, Madrid, 28001", "00:00–23:59")


@pytest.fixture
def a_service_with_ltr_runs(db):
    return make_service(name="Casa Lumbre", city="Madrid", lat=40.4168, lng=-3.7038, country="ES",
                        languages=("es", "ar"), hours=("00:00", "23:59", ""), phones=("+44 20 7946 0000",),
                        address_1="20 Example Road")


def test_left_to_right_runs_read_in_the_same_order_in_arabic_as_in_english(browser, live_server,
                                                                            a_service_with_ltr_runs):
    """Postcode: the factory's address ends in the postcode, so the run "…, Madrid, 28001"
    is checked with a Spanish postcode."""
    from harbour.directory.models import Address

    Address.objects.update(postal_code="28001")
    page = browser.new_page(viewport={"width": 1200, "height": 900})  # one line each: order is left to right
    orders = {}
    for code in ("en", "ar"):
        page.goto(f"{live_server.url}/{code}/services/{a_service_with_ltr_runs.pk}/")
        orders[code] = {run: page.evaluate(VISUAL_ORDER, run) for run in RUNS}
    page.close()
    assert orders["en"] == {run: run for run in RUNS}
    assert orders["ar"] == orders["en"]


SIDE_OF = """([own, gloss]) => {
  /* Where the first `gloss` in the page's main text is drawn beside the first `own`: "right" or "left". */
  const box = (text) => {
    const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(text);
      if (at < 0) continue;
      const r = document.createRange(); r.setStart(node, at); r.setEnd(node, at + text.length);
      return r.getBoundingClientRect();
    }
    return null;
  };
  const a = box(own), b = box(gloss);
  if (!a || !b || Math.abs(a.top - b.top) > 4) return null;  /* both on one line, or no answer */
  return b.left >= a.right ? "right" : "left";
}"""


def test_a_language_named_in_two_scripts_reads_its_own_name_first_in_either_direction(browser, live_server,
                                                                                       a_service):
    """A walk-through found "(Arabic) العربية" on an English page: the label, isolated whole,
    took right-to-left from its first letter. Its own name comes first in reading order: on
    the left on an English page, on the right on an Arabic one (labels.language_label)."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})  # one line: sides are order
    page.goto(f"{live_server.url}/en/services/{a_service.pk}/")
    english = page.evaluate(SIDE_OF, ["العربية", "(Arabic)"])
    page.goto(f"{live_server.url}/ar/services/{a_service.pk}/")
    arabic = page.evaluate(SIDE_OF, ["español", "(الإسبانية)"])
    page.close()
    assert (english, arabic) == ("right", "left")


# --- Item 13: the Shift tip where a keyboard is likely; overlapping Shift presses all count ----

def test_the_shift_tip_shows_where_a_keyboard_is_likely_and_the_button_everywhere(browser, live_server):
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(f"{live_server.url}/en/")
    assert not page.is_visible("p.tip")
    assert page.is_visible("a.exit")
    phone.close()
    desk = browser.new_page()
    desk.goto(f"{live_server.url}/en/")
    assert desk.is_visible("p.tip") and desk.is_visible("a.exit")
    desk.close()


def test_three_overlapping_presses_of_left_and_right_shift_count_as_three(browser, live_server, neutral_site):
    page = browser.new_page()
    page.goto(f"{live_server.url}/en/staying-safe-online/")
    keyboard = page.keyboard
    keyboard.down("ShiftLeft")
    keyboard.down("ShiftRight")
    keyboard.up("ShiftLeft")
    keyboard.down("ShiftLeft")
    keyboard.up("ShiftRight")
    keyboard.up("ShiftLeft")
    page.wait_for_url(neutral_site)
    page.close()

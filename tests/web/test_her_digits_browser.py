# ruff: noqa: F811 - pytest fixtures imported from other modules are parameters here
"""Numbers and dates in her digits are not visually reversed in a real browser (Chromium through
Playwright): inside a right-to-left page a number's digits still run left to right, and a date's
day, written first, stands to the right of its year (issue 18, item 6 of "Languages")."""

import os

import pytest
from django.contrib.staticfiles import finders
from django.utils import translation
from django.utils.translation import gettext

from harbour.core.formats import her_datetime
from harbour.core.numbers import her_digits, her_number
from tests.firewall.fixtures import sealed_a  # noqa: F401
from tests.training.conftest import course, make_session  # noqa: F401
from tests.web.test_browser import CHROMIUM, browser  # noqa: F401 - the shared browser fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

if not os.path.exists(CHROMIUM):
    pytest.skip("Chromium is not installed", allow_module_level=True)

# The left edge (CSS px) of each character of `text` inside the first element matching `selector`.
LEFTS = """([selector, text]) => {
  const element = document.querySelector(selector);
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(text);
    if (at < 0) continue;
    const lefts = [];
    for (let i = 0; i < text.length; i++) {
      const range = document.createRange();
      range.setStart(node, at + i); range.setEnd(node, at + i + 1);
      lefts.push(range.getBoundingClientRect().left);
    }
    return lefts;
  }
  return null;
}"""


def _runs_left_to_right(lefts: list[float]) -> bool:
    return all(a < b for a, b in zip(lefts, lefts[1:], strict=False))


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_her_seat_number_and_the_workshop_date_read_in_order(browser, live_server, admin_a, course, sealed_a,
                                                            language):
    from harbour.training import services

    session = make_session(admin=admin_a, course=course, capacity=30)
    for _ in range(11):
        services.booking_create(session=session, places=1, language="en")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/workshops/{session.public_id}/")
    with page.expect_navigation():  # the booking page replaces this one (JavaScript off: a real POST)
        page.click("form button[type=submit]")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    with translation.override(language):
        seat = her_number(12)
        sentence = gettext("Your seat number is %(seat)s.") % {"seat": seat}
        start = her_datetime(session.local_start())
        year = her_digits(str(session.local_start().year))
        day = her_digits(str(session.local_start().day))
    page.wait_for_selector("ul.facts")
    # The seat: "12" (or "١٢", "۱۲") reads 1 then 2, left to right, inside the Arabic sentence.
    paragraph = page.locator("p", has_text=sentence)
    assert paragraph.count() == 1
    paragraph.first.evaluate("p => p.id = 'seat-sentence'")
    lefts = page.evaluate(LEFTS, ["#seat-sentence", seat])
    assert lefts and _runs_left_to_right(lefts), (seat, lefts)
    # The start: its year's digits left to right, and the day (first in the logical order) to the
    # right of the year, as a right-to-left reader expects.
    assert page.inner_text("ul.facts li bdi").strip() == start
    year_lefts = page.evaluate(LEFTS, ["ul.facts li bdi", year])
    assert year_lefts and _runs_left_to_right(year_lefts), (year, year_lefts)
    day_lefts = page.evaluate(LEFTS, ["ul.facts li bdi", f" {day} "])
    assert day_lefts and min(day_lefts[1:-1]) > max(year_lefts), (start, day_lefts, year_lefts)
    context.close()


# [top, left] of the first character of each space-separated group in the first `selector`.
GROUP_LEFTS = """(selector) => {
  const node = document.querySelector(selector).firstChild;
  const lefts = [];
  let at = 0;
  for (const group of node.data.split(" ")) {
    const range = document.createRange();
    range.setStart(node, at); range.setEnd(node, at + 1);
    const box = range.getBoundingClientRect();
    lefts.push([Math.round(box.top), box.left]);
    at += group.length + 1;
  }
  return lefts;
}"""


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_her_status_code_reads_its_groups_left_to_right_in_a_right_to_left_page(browser, client, sealed_a, org_a,
                                                                                language):
    """Issue 18: the status code's digit groups read from the right in an Arabic page. The page
    Harbour sends is laid out by Chromium at 360 px; the first group must stand leftmost."""
    client.get(f"/{language}/help/")
    html = client.post(f"/{language}/help/", {
        "organisation": str(org_a.public_id), "needs": ["safety"], "contact_channel": "phone",
        "contact_value": "07700 900123", "message_ok": "no", "message": "x"}).content.decode()
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.set_content(html)
    page.add_style_tag(path=finders.find("web/harbour.css"))  # the page's own stylesheet, from disk
    assert page.evaluate("document.documentElement.dir") == "rtl"
    lefts = page.evaluate(GROUP_LEFTS, "pre.typed")
    page.close()
    assert len(lefts) == 8
    # Line by line from the top, each line's groups from left to right: the code wraps at 360 px.
    assert lefts == sorted(lefts), lefts

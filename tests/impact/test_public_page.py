# ruff: noqa: F811 - pytest fixtures imported from other modules are parameters here
"""The public figures page as she meets it: within the page budget with real published figures,
neutral title, no JavaScript needed, and in a real browser in Arabic (right to left, numbers
not reversed, no wider than a phone)."""

import gzip
import os

import pytest

from harbour.impact import services
from tests.impact.conftest import FEB, JAN, MAR, help_request
from tests.web.test_browser import CHROMIUM, browser  # noqa: F401
from tests.web.test_shell import BUDGET, parse, static_bytes

NEEDS = ["safety", "housing", "legal", "immigration_advice", "counselling", "health", "interpreter", "other"]


def publish_a_quarter(admin, org):
    for day in (JAN, FEB, MAR):
        for n in range(40):
            help_request(org, day, [NEEDS[n % len(NEEDS)]], ["en", "ar", "es"][n % 3])
    for metric_id, breakdown in [("help_requests", "need"), ("help_requests", "language"),
                                 ("barriers", "category"), ("outreach_people", "kind"),
                                 ("people_trained", "audience"), ("cases_opened", "total")]:
        services.publication_set(acting_user=admin.user, organisation=org, metric_id=metric_id, breakdown=breakdown,
                                 publish=True)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ar", "es"])
def test_the_figures_page_with_six_published_figures_fits_the_budget(client, admin_a, org_a, language):
    publish_a_quarter(admin_a, org_a)
    response = client.get(f"/{language}/figures/?period=2025-Q1")
    assert response.status_code == 200
    html = response.content
    assert html.count(b"<svg") == 6 and html.count(b"<table") == 6
    assets = parse(html.decode())
    total = html + b"".join(static_bytes(u) for u in assets.stylesheets + assets.scripts)
    size = len(gzip.compress(total, compresslevel=9))
    assert size <= BUDGET, f"{size} bytes gzip, over {BUDGET}"
    title = html.split(b"<title>")[1].split(b"</title>")[0].decode()
    assert "immigration" not in title.lower() and "abuse" not in title.lower()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium is not installed")
def test_the_figures_page_in_arabic_in_a_real_browser(browser, live_server, admin_a, org_a):
    publish_a_quarter(admin_a, org_a)
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/ar/figures/?period=2025-Q1")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.locator("h1").inner_text() == "الأرقام"
    # No horizontal scroll on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # A table wider than the phone scrolls in its own focusable region, and its words break
    # between words, never letter by letter (a walk-through saw "مُ/شَ/ور" in a squeezed column).
    assert page.locator(".table-scroll[role=region][tabindex='0'][aria-label] > table").count() == 6
    wraps = page.evaluate("[...document.querySelectorAll('th, td')].map((c) => getComputedStyle(c).overflowWrap)")
    assert set(wraps) == {"normal"}, set(wraps)
    # The total of 120 requests reads 120, not 021: the number is an isolated left-to-right run.
    cell = page.locator("td bdi[dir=ltr]", has_text="120").first
    assert cell.inner_text() == "120"
    boxes = page.evaluate("""(el) => { const r = document.createRange(); const t = el.firstChild;
        const out = []; for (let k = 0; k < t.data.length; k++) { r.setStart(t, k); r.setEnd(t, k + 1);
        out.push([r.getBoundingClientRect().left, t.data[k]]); } return out.sort((a, b) => a[0] - b[0])
        .map((c) => c[1]).join(""); }""", cell.element_handle())
    assert boxes == "120"
    # Charts: bars grow from the right in Arabic, and each chart has its table beside it.
    assert page.locator("svg.chart[direction=rtl]").count() == 6
    assert page.locator("table caption").count() == 6
    # The suppression note is in Arabic.
    assert "أقل من" in page.locator("main").inner_text()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("rtl", [False, True])
def test_every_chart_label_stays_inside_the_chart_in_both_directions(browser, rtl):  # noqa: F811
    """The walk-through found the Arabic chart's labels drawn past its right edge at 360 px."""
    from harbour.impact.charts import WIDTH, bar_chart

    rows = [("Fear that my details would be passed to immigration enforcement", {"value": 40, "suppressed": False}),
            ("خوف من رد فعل مجتمعي", {"value": 12, "suppressed": False}),
            ("Language", {"value": None, "suppressed": True})]
    svg = bar_chart(rows, threshold=10, rtl=rtl)
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.set_content(f'<!doctype html><html dir="{"rtl" if rtl else "ltr"}"><body>{svg}</body></html>')
    boxes = page.evaluate("() => [...document.querySelectorAll('svg text')].map(t => {"
                          "const b = t.getBBox(); return [b.x, b.x + b.width]; })")
    page.close()
    assert boxes and all(left >= 0 and right <= WIDTH for left, right in boxes), boxes

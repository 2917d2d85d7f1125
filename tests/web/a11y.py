"""Shared pieces of the accessibility checks (issue 18, Accessibility): the axe-core run with
its pinned version, the in-page measurements, and the walk over every public page and posted
state in one language.

Languages come from settings.LANGUAGES and pages from each app's `public_pages` (tests/web/
pages.py) plus the pages only a link or a form reaches, so a new language or a new app's
public page joins every check without editing this file.
"""

from django.conf import settings

# The axe-core bundled by the pinned axe-playwright-python (pyproject.toml). A new version may
# add or change rules: bump both together, deliberately, and run the sweeps.
AXE_CORE_VERSION = "4.12.1"


# Public URL names the walk below opens besides the apps' `public_pages` (they need an argument
# or a POST), and public URL names that are not pages, with the reason.
WALKED = {"directory:service", "training:session", "rights:instrument", "rights:answer"}
NOT_PAGES = {"training:calendar": "an iCalendar feed, not HTML",
             "impact:figures_csv": "a CSV file of the published figures, not HTML"}
# Public pages that only a one-time secret opens, swept by their own app's browser test.
SWEPT_ELSEWHERE = {"referrals:link": "tests/referrals/test_link.py (a one-time referral link)"}


def public_url_names() -> set[str]:
    """Every named URL under i18n_patterns (the public site), as "namespace:name"."""
    from django.urls import URLResolver, get_resolver
    from django.urls.resolvers import LocalePrefixPattern

    def names(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from names(pattern.url_patterns, inner)
            elif pattern.name:
                yield f"{namespace}{pattern.name}"

    found = set()
    for top in get_resolver().url_patterns:
        if isinstance(top, URLResolver) and isinstance(top.pattern, LocalePrefixPattern):
            found |= set(names(top.url_patterns))
    return found


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


# The languages the page sweeps open in `make test`: English and one language of each script and
# direction the site serves (Latin, Arabic, Cyrillic, Ge'ez, and the Perso-Arabic letters of Urdu
# and Sorani), so a fault of direction, script or text length shows in a local run.
# HARBOUR_A11Y_LANGUAGES chooses others: "all" (`make test-a11y-all`), codes separated by
# commas, or "all-except:" and such a list. CI splits settings.LANGUAGES between its SQLite and
# PostgreSQL passes with a list and its "all-except:" (.ci/run), so every language is swept once
# per CI run, and a language added to settings is swept without a change to CI.
SWEEP_LANGUAGES = ("en", "ar", "es", "uk", "ti", "ur", "ckb")
# The dark theme changes colours only, and colours do not depend on the language: its sweep
# opens every page in one language of each direction unless every language is asked for.
DARK_SWEEP_LANGUAGES = ("en", "ar")


def sweep_languages() -> list[str]:
    """The language codes (settings.LANGUAGES order) the public sweeps open.

    HARBOUR_A11Y_LANGUAGES="all" (or HARBOUR_A11Y_ALL_LANGUAGES=true) gives every code of
    settings.LANGUAGES; "en,ar" gives those codes; "all-except:en,ar" every code but those;
    unset, the codes of SWEEP_LANGUAGES. Raises ValueError for a code the site does not
    offer, so a typing slip in CI cannot silently sweep less."""
    import os

    offered = language_codes()
    chosen = os.environ.get("HARBOUR_A11Y_LANGUAGES", "").strip()
    if chosen.lower() == "all" or os.environ.get("HARBOUR_A11Y_ALL_LANGUAGES", "").lower() == "true":
        return offered
    if not chosen:
        return [code for code in offered if code in SWEEP_LANGUAGES]
    prefix = "all-except:"
    excluding = chosen.lower().startswith(prefix)
    listed = [code.strip() for code in chosen[len(prefix) if excluding else 0:].split(",") if code.strip()]
    if unknown := [code for code in listed if code not in offered]:
        raise ValueError(f"HARBOUR_A11Y_LANGUAGES names languages the site does not offer: {unknown}")
    return [code for code in offered if (code in listed) != excluding]


def dark_sweep_languages() -> list[str]:
    """The codes the dark-theme sweep opens: every code of sweep_languages() when all
    languages are asked for, else those of them in DARK_SWEEP_LANGUAGES (possibly none, when
    a CI pass sweeps other languages than these)."""
    codes = sweep_languages()
    if codes == language_codes():
        return codes
    return [code for code in codes if code in DARK_SWEEP_LANGUAGES]


def axe_violations(page, axe=None) -> list[str]:
    """Every axe-core violation on `page` at any impact, as "rule-id: [selectors…]" strings
    (at most three nodes each). Raises AssertionError if the bundled axe-core is not
    AXE_CORE_VERSION, so the rule set cannot change silently."""
    from axe_playwright_python.sync_playwright import Axe

    results = (axe or Axe()).run(page)
    version = results.response["testEngine"]["version"]
    assert version == AXE_CORE_VERSION, f"axe-core {version} is bundled; the checks pin {AXE_CORE_VERSION}"
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]]


# WCAG 2.2, 2.5.8 Target Size (Minimum): a pointer target is at least 24 by 24 CSS pixels,
# unless it is a link inside a sentence or block of text (the "inline" exception), or the
# browser draws it unchanged (the "user agent control" exception does not cover controls
# Harbour styles, so none is exempted here). Hidden and visually-hidden elements are no targets.
SMALL_TARGETS = """() => {
  const small = [];
  const targets = document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])");
  for (const el of targets) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width === 0 || box.height === 0 || style.visibility === "hidden" || el.closest("[hidden]")) continue;
    if (box.right <= 0 || box.bottom <= 0) continue;               /* moved off-screen until focused */
    if (box.width >= 24 && box.height >= 24) continue;
    if (el.tagName === "A" && style.display === "inline") {
      /* Inline exception: the link sits in a line of text longer than its own. */
      const block = el.closest("p, li, td, th, dd, small, div, label, legend") || el.parentElement;
      if (block && block.textContent.trim().length > el.textContent.trim().length) continue;
    }
    const name = el.tagName.toLowerCase() + (el.name ? `[name=${el.name}]` : "") + (el.getAttribute("href") ? `[href=${el.getAttribute("href")}]` : "");
    small.push(`${name} ${Math.round(box.width)}x${Math.round(box.height)}`);
  }
  return [...new Set(small)];
}"""

# Horizontal scrolling of the page, in CSS pixels (0 is right).
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"

# Text cut off: an element that hides overflow while its content is larger than its box.
CLIPPED = """() => {
  const cut = [];
  for (const el of document.body.querySelectorAll("*")) {
    const style = getComputedStyle(el);
    const hides = ["hidden", "clip"].includes(style.overflowX) || ["hidden", "clip"].includes(style.overflowY);
    if (!hides || !el.textContent.trim()) continue;
    const box = el.getBoundingClientRect();
    if (box.right <= 0 || box.bottom <= 0 || box.width <= 1) continue;  /* visually hidden on purpose */
    if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) cut.push(el.tagName.toLowerCase() + "." + el.className);
  }
  return cut;
}"""

TEXT_200 = "() => { document.documentElement.style.fontSize = '200%'; }"
TEXT_100 = "() => { document.documentElement.style.fontSize = ''; }"

# A form posted from the page itself, as her browser would send it without JavaScript.
POST_IN_PAGE = """([action, fields]) => {
  const form = document.createElement("form");
  form.method = "post"; form.action = action;
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) fields.push(["csrfmiddlewaretoken", token.value]);
  for (const [name, value] of fields) {
    const input = document.createElement("input");
    input.type = "hidden"; input.name = name; input.value = value; form.appendChild(input);
  }
  document.body.appendChild(form);
  HTMLFormElement.prototype.submit.call(form);
}"""


def post(page, base: str, start: str, action: str, fields: list[list[str]]) -> None:
    page.goto(base + start)
    with page.expect_navigation():
        page.evaluate(POST_IN_PAGE, [action, fields])


def public_states(page, base: str, code: str, world: dict):
    """Open, in language `code`, every public page and every state a form or link leads to;
    yield a name for each once it is shown. `world` holds "service" (a Service),
    "session" (a training Session open for booking), "help_code" and "booking_code" (codes
    that find a help request and a booking), "wrong_code" (one that finds nothing), "organisation" (one that takes help requests)."""
    from django.urls import reverse
    from django.utils import translation

    from harbour.rights.catalogue import load_catalogue
    from tests.web.pages import public_page_names

    with translation.override(code):
        urls = [reverse(name) for name in public_page_names()]
        urls.append(reverse("directory:service", kwargs={"service_id": world["service"].pk}))
        urls.append(reverse("training:session", kwargs={"public_id": world["session"].public_id}))
        instrument = sorted(load_catalogue().instruments)[0]
        urls.append(reverse("rights:instrument", kwargs={"instrument_id": instrument}))
        urls.append(f"/{code}/no-such-page/")
        help_url, status_url = reverse("help:request"), reverse("help:status")
        search_url, rights_url, answer_url = reverse("directory:search"), reverse("rights:start"), reverse("rights:answer")
        session_url = reverse("training:session", kwargs={"public_id": world["session"].public_id})
        booking_url, list_url = reverse("training:booking"), reverse("training:list")
    for url in urls:
        page.goto(base + url)
        yield url
    # (name, page holding the form, where it posts, fields, a selector only the reached state shows)
    posted = [
        ("rights result", rights_url, answer_url, [["where", "gb-eaw"], ["stage", "reporting"], ["go", "result"]],
         "main select#lang"),
        ("services found", search_url, search_url, [["q", ""]], "main ol"),
        ("workshops filtered", list_url, list_url, [["language", ""]], "main section"),
        ("help form with errors", help_url, help_url, [["message", "x" * 4001]], "[role=alert]"),
        ("help request sent", help_url, help_url, [["organisation", str(world["organisation"].public_id)],
                                                   ["needs", "safety"], ["message_ok", "no"]], "main pre.typed"),
        ("status found", status_url, status_url, [["code", world["help_code"]]], "main h2"),
        ("status wrong code", status_url, status_url, [["code", world["wrong_code"]]], "[role=alert]"),
        ("workshop booked", session_url, session_url, [["places", "1"], ["travel", ""]], "main p.typed"),
        ("booking found", booking_url, booking_url, [["code", world["booking_code"]]], "main h2"),
    ]
    for name, start, action, fields, shown in posted:
        post(page, base, start, action, fields)
        assert page.locator(shown).count() > 0, f"{code}: {name} was not reached ({page.title()})"
        yield f"{code}: {name}"

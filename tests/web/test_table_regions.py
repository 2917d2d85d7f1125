"""Every table scrolls in its own named, focusable region, so that on a 360 px phone a wide
table scrolls by itself instead of widening the page (and a keyboard can scroll it).

The fault was found on the impact tables and fixed there alone; the staff inbox, referrals,
members, training sessions, claims, key holders, reports and the printable sheets kept bare
tables. This scans every template, so a table added later is held to the same rule."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(p for p in (ROOT / "harbour").rglob("*.html") if "templates" in p.parts)
REGION = re.compile(
    r'<div class="table-scroll" role="region" tabindex="0" '
    r'(?:aria-label="[^"]+"|aria-labelledby="(?P<labelledby>[^"]+)")>\s*<table\b')
TABLE = re.compile(r"<table\b")


def test_the_scan_sees_the_templates():
    assert len(TEMPLATES) > 100
    assert any(TABLE.search(p.read_text(encoding="utf-8")) for p in TEMPLATES)


@pytest.mark.parametrize("path", [p for p in TEMPLATES if TABLE.search(p.read_text(encoding="utf-8"))],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_every_table_is_in_a_named_scrolling_region(path):
    text = path.read_text(encoding="utf-8")
    regions = list(REGION.finditer(text))
    assert len(regions) == len(TABLE.findall(text)), (
        "wrap each <table> in <div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label(ledby)=…>")
    for region in regions:
        if region["labelledby"]:
            assert f'id="{region["labelledby"]}"' in text, f"nothing has id {region['labelledby']!r}"
    assert text.count("<table") == text.count("</table></div>"), "close the region right after its table"

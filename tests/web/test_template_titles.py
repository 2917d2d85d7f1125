"""A page's <title> is text: a template's title block holds no markup. The partnerships page
once left its block open, and its admin links were written into the tab's title (a walk-through
found it). This reads every template's title block and the rendered title of a page."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(p for p in (ROOT / "harbour").rglob("*.html") if "templates" in p.parts)
TITLE_BLOCK = re.compile(r"{%\s*block title\s*%}(?P<body>.*?){%\s*endblock", re.S)
TAG = re.compile(r"<\s*/?\s*[a-zA-Z]")


def test_the_scan_finds_title_blocks():
    assert sum(bool(TITLE_BLOCK.search(p.read_text(encoding="utf-8"))) for p in TEMPLATES) > 50


@pytest.mark.parametrize("path", [p for p in TEMPLATES if "block title" in p.read_text(encoding="utf-8")],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_a_title_block_is_one_line_of_text(path):
    for found in TITLE_BLOCK.finditer(path.read_text(encoding="utf-8")):
        body = found["body"]
        assert not TAG.search(body), f"markup in the title block: {body[:120]!r}"
        assert "\n" not in body.strip(), f"a title block left open? {body[:120]!r}"

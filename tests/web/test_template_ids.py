"""No template writes the same literal id twice (a reviewer found `minutes-locked` in both
branches of an if): an id must name one element whatever branch renders, so labels,
aria-describedby and in-page links can never point at two."""

import collections
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LITERAL_ID = re.compile(r'\bid="([^"{}]+)"')


def duplicate_ids(text: str) -> list[str]:
    return sorted(k for k, n in collections.Counter(LITERAL_ID.findall(text)).items() if n > 1)


def test_no_template_holds_the_same_literal_id_twice():
    found = {str(p.relative_to(ROOT)): duplicate_ids(p.read_text(encoding="utf-8"))
             for p in ROOT.glob("harbour/**/templates/**/*.html")}
    assert {path: ids for path, ids in found.items() if ids} == {}


def test_the_check_sees_an_id_written_in_two_branches():
    text = '{% if a %}<p id="locked">x</p>{% else %}<p id="locked">y</p>{% endif %}<p id="{{ v }}"></p>'
    assert duplicate_ids(text) == ["locked"]

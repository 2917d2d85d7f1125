"""Lists in a page are joined by her language's list pattern (CLDR, `herlist`), never by a
Latin comma or semicolon written into a template.

A walk-through found "مكان للإقامة; الأمان" on an Arabic referral page: the template joined the
kinds of help with "; ". The same was written in nine places (referrals, cases, training, rights,
impact); this scans every template, so a list added later is held to the same rule, and renders
one of them in Arabic."""

import re
from pathlib import Path

from django.template import Context, Template
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(p for p in (ROOT / "harbour").rglob("*.html") if "templates" in p.parts)
# `|join:` with a separator holding punctuation (a space alone joins sentences, which is fine).
PUNCTUATED_JOIN = re.compile(r"""\|join:(["'])[^"']*[,;،؛、][^"']*\1""")


def test_the_scan_sees_the_templates():
    assert len(TEMPLATES) > 100
    assert PUNCTUATED_JOIN.search('{{ a|join:"; " }}') and PUNCTUATED_JOIN.search("{{ a|join:', ' }}")
    assert not PUNCTUATED_JOIN.search('{{ r.why|join:" " }}')


def test_no_template_joins_a_list_with_written_punctuation():
    found = [f"{p.relative_to(ROOT)}: {m.group(0)}" for p in TEMPLATES
             for m in PUNCTUATED_JOIN.finditer(p.read_text(encoding="utf-8"))]
    assert found == [], "use |herlist"


def test_a_list_of_labels_reads_with_arabic_punctuation_on_an_arabic_page():
    template = Template("{% load harbour %}{{ items|herlist }}")
    with translation.override("ar"):
        shown = template.render(Context({"items": ["مكان للإقامة", "الأمان", "مشورة"]}))
    assert shown == "مكان للإقامة والأمان ومشورة"


# Two values separated by a Latin comma written in the template ("بالهاتف, 2026-08-02" in the
# claims of an Arabic staff page): allowed only inside a translated sentence (the translator
# chooses its punctuation) or a left-to-right run (coordinates, a citation in English).
WRITTEN_COMMA = re.compile(r"\}\}, \{\{")


def _comma_allowed(text: str, at: int) -> bool:
    before = text[:at]
    in_sentence = before.rfind("{% blocktranslate") > before.rfind("{% endblocktranslate")
    in_ltr_run = before.rfind('dir="ltr"') > before.rfind("</")
    return in_sentence or in_ltr_run


def test_no_template_separates_two_values_with_a_written_comma():
    found = [f"{p.relative_to(ROOT)}: …{p.read_text(encoding='utf-8')[m.start() - 40:m.end() + 10]}…"
             for p in TEMPLATES for m in WRITTEN_COMMA.finditer(p.read_text(encoding="utf-8"))
             if not _comma_allowed(p.read_text(encoding="utf-8"), m.start())]
    assert found == [], "use ' · ', her list pattern (|herlist), or a translated sentence"

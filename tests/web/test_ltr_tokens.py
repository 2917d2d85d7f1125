"""Codes, references, phone numbers, e-mail addresses, URLs, keys and dates in digits are laid
out left to right on every public and staff page, also in Arabic (issue 18: the help status
code's digit groups read from the right in an Arabic page; STYLE.md habit 13)."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django import forms
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from tests.firewall.fixtures import sealed_a  # noqa: F401 - an organisation that takes requests
from tests.web.ltr_tokens import unisolated

ROOT = Path(__file__).resolve().parents[2]
# (template, expression): why it is not a left-to-right token.
NOT_TOKENS = {
    ("harbour/cases/templates/cases/assessments.html", "c.number"): "a checklist question's number, a count",
}


def test_every_template_isolates_its_left_to_right_tokens():
    found = {}
    for path in sorted(ROOT.glob("harbour/**/templates/**/*.html")):
        name = str(path.relative_to(ROOT))
        faults = [e for e in unisolated(path.read_text(encoding="utf-8")) if (name, e) not in NOT_TOKENS]
        if faults:
            found[name] = faults
    assert found == {}


def test_the_check_sees_each_kind_of_unisolated_token():
    source = """{% block title %}{{ case.reference }}{% endblock %}<p>{{ case.reference }}</p>
    <pre class="typed" lang="ar">{{ code }}</pre><p><bdi>{{ r.email }}</bdi></p>
    {% blocktranslate with reference=case.reference %}Case {{ reference }}{% endblocktranslate %}
    <p>{{ day|date:"Y-m-d" }} {{ day|date:"j M Y" }} {{ count|hernumber }} {{ form.code }}</p>
    <a href="{{ url }}" dir="ltr">{{ url }}</a> <span dir="ltr"><b>{{ t.prefix }}</b></span> {{ phone|ltr }}
    <code>{{ secret }}</code><pre class="typed">{{ message }}</pre><pre class="typed" dir="auto">{{ message }}</pre>"""
    assert unisolated(source) == [
        "case.reference", '<pre class="typed"> without dir', "code", "r.email", "case.reference",
        'day|date:"Y-m-d"', "<code class=''> without dir=\"ltr\"", "secret", '<pre class="typed"> without dir',
    ]


class _Directions(HTMLParser):
    """(tag, class, dir, text) of every element whose class is "typed" or "code" or that is `<code>`."""

    def __init__(self):
        super().__init__()
        self.open: list[list] = []
        self.found: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "code" or {"typed", "code"} & set(classes):
            self.open.append([tag, " ".join(classes), a.get("dir"), ""])
        elif tag not in ("br", "input"):
            self.open.append(None)

    def handle_endtag(self, tag):
        while self.open:
            item = self.open.pop()
            if item is not None:
                self.found.append(tuple(item))
                for outer in self.open:
                    if outer is not None:
                        outer[3] += item[3]
            if item is None or item[0] == tag:
                return

    def handle_data(self, data):
        for item in self.open:
            if item is not None:
                item[3] += data


def shown(html: str) -> list[tuple]:
    parser = _Directions()
    parser.feed(html)
    return parser.found


def test_her_status_code_is_laid_out_left_to_right_in_an_arabic_page(client, sealed_a, org_a):  # noqa: F811
    client.get("/ar/help/")
    data = {"organisation": str(org_a.public_id), "needs": ["safety"], "contact_channel": "phone",
            "contact_value": "07700 900123", "safe_times": "", "message_ok": "no", "name": "",
            "message": "أحتاج مكانًا آمنًا"}
    response = client.post("/ar/help/", data)
    assert response.status_code == 200 and '<html lang="ar" dir="rtl">' in response.content.decode()
    [(tag, classes, direction, code)] = shown(response.content.decode().split("<main", 1)[1])
    assert (tag, classes, direction) == ("pre", "typed", "ltr")
    assert re.fullmatch(r"[\u0660-\u0669]{4}( [\u0660-\u0669]{4}){7}", code)


def _staff_request():
    request = RequestFactory().get("/staff/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    return request


STAFF_PAGES = [
    ("firewall/recovery_key.html", {"recovery_key": "ABCD-EFGH-1234-5678", "organisation": {"name": "A"}}),
    ("accounts/backup_codes.html", {"codes": ["a1b2c3d4", "e5f6a7b8"]}),
    ("referrals/tokens.html", {"shown_once": "hrb_0123456789abcdef", "tokens": [], "organisation": {"name": "A"}}),
    ("referrals/intake_done.html", {"referral": {"reference": "R-2026-0042", "language": "ar",
                                                 "pk": "6f1c2a9e-0d4b-4c8e-9a51-2b7d3e4f5a60"},
                                    "code": "١٢٣٤ ٥٦٧٨ ٩٠١٢ ٣٤٥٦ ٧٨٩٠ ١٢٣٤ ٥٦٧٨ ٩٠١٢"}),
]


@pytest.mark.parametrize(("template", "context"), STAFF_PAGES, ids=[t for t, _ in STAFF_PAGES])
def test_codes_on_staff_pages_are_laid_out_left_to_right_in_arabic(db, template, context):
    with translation.override("ar"):
        html = render_to_string(template, context, request=_staff_request())
    elements = shown(html)
    assert elements, template
    assert [e for e in elements if e[2] != "ltr"] == []


def _code_forms():
    from harbour.accounts.forms import EnrolTokenForm, TokenForm
    from harbour.firewall.forms import RecoveryForm
    from harbour.help.forms import StatusCodeForm
    from harbour.training.forms import CodeForm

    return [(StatusCodeForm, "code"), (CodeForm, "code"), (TokenForm, "token"), (EnrolTokenForm, "token"),
            (RecoveryForm, "recovery_key")]


def test_every_box_for_a_code_is_laid_out_left_to_right(db):
    for form_class, name in _code_forms():
        widget_html = str(forms.Form.__getitem__(form_class(), name))
        assert 'dir="ltr"' in widget_html, form_class.__name__

"""Nothing she types is cut without a word: no public page's text box carries `maxlength`.
A browser cuts a longer paste to it silently (a walk-through pasted 5,000 characters into the
help form's message and 4,000 arrived); the server's limit says how long the text may be and
gives all of it back instead."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.firewall.fixtures import sealed_a  # noqa: F401 - an organisation that takes requests
from tests.web.pages import public_page_names

BOX_WITH_LIMIT = re.compile(r'<(?:input|textarea)\b[^>]*\bmaxlength=')


@pytest.mark.django_db
def test_no_public_page_has_a_text_box_that_cuts_what_she_types(client, sealed_a, org_a):  # noqa: F811
    with translation.override("en"):
        urls = [reverse(name) for name in public_page_names()]
    checked = 0
    for url in urls:
        html = client.get(url).content.decode()
        checked += html.count("<input") + html.count("<textarea")
        assert not BOX_WITH_LIMIT.search(html), url
    assert checked > 20


@pytest.mark.django_db
def test_a_message_over_the_limit_comes_back_whole_with_the_limit_said(client, sealed_a, org_a):  # noqa: F811
    long_message = "x" * 4500
    response = client.post("/en/help/", {"organisation": str(org_a.public_id), "needs": ["safety"],
                                         "message": long_message})
    html = response.content.decode()
    assert response.status_code == 400
    assert long_message in html
    # The limit and her message's length, so she knows how much to cut.
    assert "Please keep this to at most 4000 characters (it has 4500)." in html.replace(",", "")


@pytest.mark.django_db
def test_in_arabic_the_error_says_the_limit_and_her_length_without_a_noun_to_agree(client, sealed_a, org_a):  # noqa: F811
    # Arabic puts a noun after a number in a form that depends on the number (100 and 4,000
    # take another form than 11 to 99): the draft says "the number of letters" before it.
    response = client.post("/ar/help/", {"organisation": str(org_a.public_id), "needs": ["safety"],
                                         "message": "س" * 4500})
    html = response.content.decode()
    assert response.status_code == 400
    assert "س" * 4500 in html
    error = re.search(r"يرجى ألا يزيد عدد الأحرف هنا على (.*?)\. ما كتبتِه ما زال هنا", html)
    assert error, "the Arabic length error is missing"
    assert re.sub(r"<[^>]+>", "", error.group(1)).replace(",", "").replace("٬", "") in (
        "4000 (فيه الآن 4500)", "٤٠٠٠ (فيه الآن ٤٥٠٠)")


TYPED_BOX = re.compile(r'<(?:input\b(?=[^>]*\btype="(?:text|search|email|tel|url)")|textarea\b)[^>]*>')


@pytest.mark.django_db
def test_every_box_she_types_into_takes_the_direction_of_what_she_types(client, sealed_a, org_a):  # noqa: F811
    """A walk-through: "07700 900123" typed into the help form's contact box on the Arabic
    page showed as "900123 07700" (the box took the page's right-to-left direction)."""
    with translation.override("ar"):
        urls = [reverse(name) for name in public_page_names()]
    checked = 0
    for url in urls:
        for box in TYPED_BOX.findall(client.get(url).content.decode()):
            checked += 1
            assert re.search(r'\bdir="(?:auto|ltr)"', box), (url, box)
    assert checked > 5
    help_page = client.get("/ar/help/").content.decode()
    assert re.search(r'<input type="text" name="contact_value"[^>]*dir="auto"', help_page)

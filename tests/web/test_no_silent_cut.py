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
    assert "Your message is too long: please keep it under 4000 characters." in html.replace("4,000", "4000")

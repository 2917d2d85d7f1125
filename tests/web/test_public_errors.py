"""Error messages on the public forms address her, in her language and in the feminine where
the language marks it (issue 8, items 6 and 13): never Django's own masculine Arabic, and a
bad hidden page number in the search gives results with a message, never an empty page."""

import pytest

from tests.directory.factories import make_service
from tests.firewall.fixtures import sealed_a  # noqa: F401 - an organisation that takes requests

DJANGO_MASCULINE = ("تأكد", "انتق ", "هذا الحقل مطلوب")


@pytest.mark.parametrize("too_long", ["contact_value", "safe_times", "name"])
def test_an_over_long_field_on_the_help_form_is_explained_to_her_in_the_feminine(client, sealed_a, org_a,  # noqa: F811
                                                                                 too_long):
    client.get("/ar/help/")
    response = client.post("/ar/help/", {"organisation": str(org_a.public_id), "needs": ["safety"],
                                         "contact_channel": "phone", too_long: "x" * 300})
    html = response.content.decode()
    assert response.status_code == 400
    assert "ما كتبتِه ما زال هنا" in html
    assert not [word for word in DJANGO_MASCULINE if word in html]
    assert "x" * 300 in html  # what she typed is still there


def test_an_unknown_choice_in_the_search_is_explained_in_the_feminine(client, db):
    html = client.post("/ar/services/", {"distance": "7"}, follow=True).content.decode()
    assert "اختاري أحد الخيارات المعروضة." in html
    assert not [word for word in DJANGO_MASCULINE if word in html]


@pytest.mark.parametrize("page", ["0", "abc", "-3", "99999"])
def test_a_bad_page_number_in_the_search_still_shows_results_and_says_so(client, db, page):
    make_service(name="Casa Lumbre", city="Madrid", country="ES")
    html = client.post("/en/services/", {"q": "", "page": page}, follow=True).content.decode()
    assert "1 service found" in html
    assert "Casa Lumbre" in html


def test_an_expired_interview_form_shows_no_internal_codes_and_keeps_what_she_typed():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/ar/rights/answer/", {"where": "gb-eaw", "stage": "without_reporting", "step": "stay",
                                                  "go": "next", "more": "repeat_harm"}, follow=True)
    html = response.content.decode()
    assert response.status_code == 403
    assert not [code for code in ("gb-eaw", "without_reporting", "repeat_harm", "stay") if f">{code}<" in html]
    typed = client.post("/ar/help/", {"message": "أحتاج مكانًا آمنًا", "needs": "safety", "name": "amina"})
    page = typed.content.decode()
    assert '<pre class="typed" dir="auto">أحتاج مكانًا آمنًا</pre>' in page
    assert '<pre class="typed" dir="auto">amina</pre>' in page
    assert ">safety<" not in page

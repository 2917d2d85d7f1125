"""The printed safety plan in the language chosen for it (issue 18, item 7 of "Languages"): its
direction from Django's language info (Dari is right to left like Farsi) and its review date
written as that language writes dates, in its digits."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from harbour.cases.models import SafetyPlan
from harbour.core.formats import her_date
from tests.cases.conftest import contacted
from tests.firewall.helpers import login


@pytest.fixture(autouse=True)
def _language_reset():
    """A staff request activates the member's language in this thread; later tests start from
    the default again."""
    yield
    translation.deactivate()


def test_a_plan_printed_in_dari_is_right_to_left_with_its_date_in_dari(a_case, caseworker_a):
    case = contacted(a_case, caseworker_a.user)
    client = login(caseworker_a)
    review = datetime.date(2026, 12, 14)
    data = {"heading": "Recipes", "language": "fa-af", "review_on": review.isoformat(),
            "at_home-0-action": "Keep the phone charged", "at_home-0-who": "me", "at_home-0-when": "always"}
    assert client.post(reverse("cases_staff:safety_plan", args=[case.public_id]), data).status_code == 302
    html = client.get(reverse("cases_staff:safety_plan_print", args=[SafetyPlan.objects.get().public_id])).content.decode()
    assert '<html lang="fa-af" dir="rtl">' in html
    with translation.override("fa-af"):
        written = her_date(review)
    assert written in html and "۱۴" in written and "14" not in html.split("</h1>")[1]

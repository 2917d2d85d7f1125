"""A staff member types a date, a count, a period or a threshold in Arabic-Indic or Persian
digits and Harbour reads it (issue 18)."""

import datetime

import pytest
from django.urls import reverse

from harbour.impact.models import OutreachActivity
from tests.impact.test_views import fill, org_url

pytestmark = pytest.mark.django_db

ARABIC = str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669")
PERSIAN = str.maketrans("0123456789", "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9")


def test_outreach_logged_in_arabic_indic_digits_is_stored(as_caseworker_a, org_a):
    data = {"kind": "outreach", "held_on": "2025-01-10".translate(ARABIC), "people_reached": "37".translate(ARABIC),
            "organisations_reached": "2".translate(PERSIAN), "decision_makers_met": "0"}
    response = as_caseworker_a.post(reverse("impact_staff:outreach", args=[org_a.public_id]), data)
    assert response.status_code in (200, 302), response.content.decode()[:2000]
    activity = OutreachActivity.objects.get()
    assert (activity.held_on, activity.people_reached, activity.organisations_reached) == (
        datetime.date(2025, 1, 10), 37, 2)


def test_a_period_and_a_threshold_in_persian_digits_are_read(as_caseworker_a, org_a):
    fill(org_a, per_month=12)
    query = "?period=" + "2025-Q1".translate(PERSIAN) + "&threshold=" + "13".translate(PERSIAN) + "&months=1"
    page = as_caseworker_a.get(org_url("figure", org_a, "help_requests") + query)
    assert page.status_code == 200
    assert "fewer than 13*" in page.content.decode()

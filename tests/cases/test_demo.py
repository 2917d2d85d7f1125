"""The demo has a case at every status, a high-risk case with a pending MARAC referral, and
a restricted case; it runs again without adding more, and leaves earlier demo data alone."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from harbour.cases.models import Case, MaracReferral
from harbour.help.models import HelpRequest


@pytest.mark.django_db
@override_settings(DEMO=True)
def test_demo_cases():
    call_command("demo_data", stdout=io.StringIO())
    assert set(Case.objects.values_list("status", flat=True)) == set(Case.Status.values)
    assert MaracReferral.objects.filter(status="draft", case__risk_level="high").count() == 1
    assert Case.objects.filter(restricted=True).count() == 1
    count = Case.objects.count()
    call_command("demo_data", stdout=io.StringIO())
    assert Case.objects.count() == count
    # The impact demo's history is closed; referrals add their own requests at the provider.
    assert HelpRequest.objects.exclude(status="closed").filter(referred_by__isnull=True).count() == 1

"""The demo: an active partnership with its checklist between the community group and the
specialist provider, referrals at every state, one overdue; a second run adds nothing."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from harbour.referrals.models import Partnership, Referral
from harbour.referrals.services import overdue_filter


@pytest.mark.django_db
@override_settings(DEMO=True)
def test_demo_referrals():
    call_command("demo_data", stdout=io.StringIO())
    partnership = Partnership.objects.get()
    assert partnership.status == "active" and partnership.checklist_done == 6
    assert partnership.referring_organisation.name == "Red Cedar Community Group"
    assert partnership.receiving_organisation.name == "Northside Women's Centre"
    assert set(Referral.objects.values_list("status", flat=True)) == set(Referral.Status.values)
    assert Referral.objects.filter(overdue_filter(timezone.now())).count() == 1
    assert Referral.objects.filter(status="accepted", case__isnull=False).exists()
    count = Referral.objects.count()
    call_command("demo_data", stdout=io.StringIO())
    assert Referral.objects.count() == count

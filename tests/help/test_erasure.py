import datetime

import pytest
from django.core.management import call_command

from harbour.core.audit import audit_verify
from harbour.core.models import AuditEntry
from harbour.firewall.models import Consent
from harbour.help import services
from harbour.help.models import HelpRequest
from tests.firewall.helpers import today


def make_request(organisation, *, closed_days_ago=None):
    help_request, _code = services.help_request_create(organisation=organisation, needs=["health"],
                                                       message="retention test", language="en")
    if closed_days_ago is not None:
        HelpRequest.objects.filter(pk=help_request.pk).update(
            status="closed", closed_on=today() - datetime.timedelta(days=closed_days_ago))
    return help_request


def test_retention_command_erases_only_requests_closed_longer_than_the_period(sealed_a, org_a, capsys):
    old = make_request(org_a, closed_days_ago=400)
    recent = make_request(org_a, closed_days_ago=300)
    still_open = make_request(org_a)
    call_command("erase_expired_requests")
    assert "erased 1 help request(s)" in capsys.readouterr().out
    assert set(HelpRequest.objects.values_list("pk", flat=True)) == {recent.pk, still_open.pk}
    assert AuditEntry.objects.filter(action="help.request.erase", subject=str(old.public_id)).count() == 1
    assert audit_verify().ok


def test_retention_follows_the_organisations_own_period(sealed_a, org_a):
    org_a.retention_months = 3
    org_a.save()
    make_request(org_a, closed_days_ago=100)
    kept = make_request(org_a, closed_days_ago=60)
    call_command("erase_expired_requests")
    assert list(HelpRequest.objects.values_list("pk", flat=True)) == [kept.pk]


def test_erasing_removes_sealed_content_key_consents_and_keeps_the_audit_chain_valid(sealed_a, partner_b,
                                                                                      caseworker_a, org_a):
    from harbour.firewall.services import consent_record

    help_request = make_request(org_a, closed_days_ago=500)
    consent_record(acting_user=caseworker_a.user, organisation=org_a, subject_ref=help_request.public_id,
                   recipient=partner_b, categories=["identity"], purpose="support",
                   expires_on=today(), method="phone", language="en")
    sealed = bytes(help_request.sealed_content)
    services.help_requests_erase_expired()
    assert not HelpRequest.objects.filter(sealed_content=sealed).exists()
    assert Consent.objects.count() == 0
    report = audit_verify()
    assert report.ok and report.entries == AuditEntry.objects.count()


@pytest.mark.parametrize(("day", "months", "expected"), [
    (datetime.date(2026, 3, 31), 1, datetime.date(2026, 2, 28)),
    (datetime.date(2026, 1, 15), 12, datetime.date(2025, 1, 15)),
    (datetime.date(2026, 5, 1), 14, datetime.date(2025, 3, 1)),
])
def test_months_before_handles_short_months_and_years(day, months, expected):
    assert services._months_before(day, months) == expected

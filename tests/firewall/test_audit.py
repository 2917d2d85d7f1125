"""F6: consent, revocation, unsealing and sharing land in the hash chain; tampering with
any row makes audit_verify fail and name the entry."""

import pytest
from django.core.management import CommandError, call_command

from harbour.core.models import AuditEntry
from tests.help.test_seizure import run_journey


@pytest.fixture
def journey(client, sealed_a, partner_b, caseworker_a, org_a):
    run_journey(client, org_a, partner_b, caseworker_a)


def test_the_journey_is_recorded_in_a_valid_chain(journey, capsys):
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"firewall.consent.record", "firewall.disclose", "help.request.open", "help.note.add",
            "help.request.referred_in", "firewall.org_key.create", "firewall.key_grant.create"} <= actions
    call_command("audit_verify")
    assert capsys.readouterr().out.strip() == f"audit chain ok: {AuditEntry.objects.count()} entries"


@pytest.mark.parametrize("change", [
    {"detail": {"categories": ["identity", "contact", "narrative", "notes", "needs"]}},
    {"actor": "00000000-0000-0000-0000-000000000000"},
    {"action": "firewall.consent.revoke"},
])
def test_changing_any_field_of_a_disclosure_entry_breaks_the_chain(journey, change):
    entry = AuditEntry.objects.get(action="firewall.disclose")
    AuditEntry.objects.filter(pk=entry.pk).update(**change)
    with pytest.raises(CommandError, match=f"audit chain broken at entry {entry.seq}"):
        call_command("audit_verify")


def test_removing_an_entry_breaks_the_chain(journey):
    entry = AuditEntry.objects.get(action="firewall.consent.record")
    AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(CommandError, match=f"audit chain broken at entry {entry.seq}"):
        call_command("audit_verify")


def test_no_audit_entry_holds_personal_data(journey):
    from tests.help.test_seizure import CANARIES

    text = str(list(AuditEntry.objects.values_list("actor", "organisation", "subject", "detail")))
    assert [c for c in CANARIES.values() if c in text] == []

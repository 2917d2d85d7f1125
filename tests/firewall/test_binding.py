"""Cryptographic gap 1: sealed content bound to its row, public keys checked against the
fingerprints the audit chain recorded, a fingerprint staff can compare, and a failed
unseal treated as an alarm shown to admins, not as "locked"."""

import pytest
from django.urls import reverse

from harbour.core.models import AuditEntry
from harbour.firewall import crypto, keys
from harbour.firewall.keys import KeySubstitution
from harbour.firewall.models import KeyGrant, MemberKey, OrganisationKey
from harbour.help import services as help_services
from harbour.help.models import HelpRequest
from tests.conftest import make_persona
from tests.firewall.helpers import login


def two_requests(org):
    first, _ = help_services.help_request_create(organisation=org, needs=["safety"], message="first message",
                                                name="First", language="en")
    second, _ = help_services.help_request_create(organisation=org, needs=["safety"], message="second message",
                                                 name="Second", language="en")
    return first, second


def swap_content(first, second):
    """What a database writer can do: move one request's sealed content onto another row."""
    HelpRequest.objects.filter(pk=second.pk).update(sealed_content=first.sealed_content,
                                                    sealed_key=first.sealed_key)
    second.refresh_from_db()


def test_a_bound_record_opens_only_in_its_own_context():
    holder = crypto.new_key_pair()
    here = crypto.record_context("help.HelpRequest", "a")
    content, sealed_key = crypto.seal_record(bytes(holder.public_key), {"m": "x"}, context=here)
    assert crypto.is_bound(content)
    assert crypto.open_record(holder, content, sealed_key, context=here) == {"m": "x"}
    for elsewhere in (crypto.record_context("help.HelpRequest", "b"), crypto.record_context("help.HelpNote", "a"),
                      None):
        with pytest.raises(crypto.CryptoError):
            crypto.open_record(holder, content, sealed_key, context=elsewhere)


def test_a_record_sealed_before_binding_still_opens():
    holder = crypto.new_key_pair()
    content, sealed_key = crypto.seal_record(bytes(holder.public_key), {"m": "legacy"})
    assert not crypto.is_bound(content)
    assert crypto.open_record(holder, content, sealed_key, context=crypto.record_context("x.Y", 1)) == {"m": "legacy"}


@pytest.mark.django_db
def test_content_moved_to_another_row_does_not_open_and_raises_an_alarm_for_admins(sealed_a, admin_a, caseworker_a,
                                                                                   org_a):
    first, second = two_requests(org_a)
    swap_content(first, second)
    page = login(caseworker_a).get(reverse("help_staff:detail", args=[second.public_id])).content.decode()
    assert "first message" not in page
    alarm = AuditEntry.objects.get(action="firewall.unseal.failed")
    assert (alarm.subject, alarm.organisation) == (str(second.public_id), str(org_a.public_id))
    overview = login(admin_a).get(reverse("firewall:overview")).content.decode()
    assert "did not open with your organisation" in overview
    assert str(second.public_id) in overview


@pytest.mark.django_db
def test_mutation_without_binding_moved_content_would_open_unnoticed(sealed_a, caseworker_a, org_a, monkeypatch):
    real_seal = crypto.seal_record
    monkeypatch.setattr(crypto, "seal_record", lambda public_key, payload, context=None: real_seal(public_key,
                                                                                                 payload))
    first, second = two_requests(org_a)
    swap_content(first, second)
    page = login(caseworker_a).get(reverse("help_staff:detail", args=[second.public_id])).content.decode()
    assert "first message" in page
    assert not AuditEntry.objects.filter(action="firewall.unseal.failed").exists()


@pytest.mark.django_db
def test_each_key_fingerprint_is_recorded_in_the_audit_chain_when_made(sealed_a, admin_a, caseworker_a, org_a):
    org_key = OrganisationKey.objects.get(organisation=org_a)
    assert keys.attested_fingerprint(org_key) == crypto.fingerprint(org_key.public_key)
    for persona in (admin_a, caseworker_a):
        member_key = MemberKey.objects.get(user=persona.user)
        assert keys.attested_fingerprint(member_key) == crypto.fingerprint(member_key.public_key)
    assert len(crypto.fingerprint(org_key.public_key).split()) == 10


@pytest.mark.django_db
def test_a_substituted_organisation_key_is_refused_her_words_kept_and_an_alarm_raised(sealed_a, admin_a, org_a,
                                                                                      client):
    attacker = crypto.new_key_pair()
    OrganisationKey.objects.filter(organisation=org_a).update(public_key=bytes(attacker.public_key))
    before = HelpRequest.objects.count()
    with pytest.raises(KeySubstitution):
        keys.public_key_of(org_a)
    response = client.post("/en/help/", {"organisation": str(org_a.public_id), "needs": ["safety"],
                                         "contact_channel": "", "message": "her words stay in the form"})
    assert response.status_code in (200, 400)
    assert "her words stay in the form" in response.content.decode()
    assert HelpRequest.objects.count() == before
    assert AuditEntry.objects.filter(action="firewall.key.mismatch", organisation=str(org_a.public_id)).exists()
    overview = login(admin_a).get(reverse("firewall:overview")).content.decode()
    assert "not the one recorded when it was made" in overview


@pytest.mark.django_db
def test_a_substituted_member_key_gets_no_grant(sealed_a, admin_a, org_a):
    from harbour.accounts.models import Membership

    newcomer = make_persona(email="new@a.example.org", organisation=org_a, role=Membership.Role.CASEWORKER)
    keys.member_key_unlock(user=newcomer.user, password=newcomer.password)
    MemberKey.objects.filter(user=newcomer.user).update(public_key=bytes(crypto.new_key_pair().public_key))
    membership = Membership.objects.get(user=newcomer.user)
    with pytest.raises(KeySubstitution):
        keys.key_grant_create(acting_user=admin_a.user, membership=membership, private_key=sealed_a[0])
    assert not KeyGrant.objects.filter(user=newcomer.user).exists()


@pytest.mark.django_db
def test_mutation_without_the_fingerprint_check_new_requests_are_sealed_to_the_attacker(sealed_a, org_a,
                                                                                      monkeypatch):
    attacker = crypto.new_key_pair()
    OrganisationKey.objects.filter(organisation=org_a).update(public_key=bytes(attacker.public_key))
    monkeypatch.setattr(keys, "verified_public_key", lambda key_row, organisation=None: bytes(key_row.public_key))
    help_request, _ = help_services.help_request_create(organisation=org_a, needs=[], message="secret",
                                                        language="en")
    assert crypto.open_record(attacker, help_request.sealed_content, help_request.sealed_key,
                              context=crypto.context_of(help_request))["message"] == "secret"


@pytest.mark.django_db
def test_a_key_made_before_fingerprints_is_attested_on_first_use(sealed_a, org_a):
    org_key = OrganisationKey.objects.get(organisation=org_a)
    AuditEntry.objects.filter(action="firewall.org_key.create").update(detail={})
    assert keys.attested_fingerprint(org_key) is None
    keys.public_key_of(org_a)
    entry = AuditEntry.objects.get(action="firewall.key.attest")
    assert entry.detail == {"fingerprint": crypto.fingerprint(org_key.public_key), "first_use": True}


@pytest.mark.django_db
def test_every_member_sees_the_same_fingerprint(sealed_a, admin_a, caseworker_a, org_a):
    expected = crypto.fingerprint(OrganisationKey.objects.get(organisation=org_a).public_key)
    for persona in (admin_a, caseworker_a):
        assert expected in login(persona).get(reverse("firewall:overview")).content.decode()

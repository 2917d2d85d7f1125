"""Cryptographic gap 2: an organisation's key pair can rotate: every record's data key
re-sealed to the new key (resumable, audited), the old key destroyed, the recovery key
re-issued; outsiders and caseworkers cannot, and a refused step changes nothing."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from harbour.core.audit import audit_verify
from harbour.core.models import AuditEntry
from harbour.firewall import crypto, keys, rotation
from harbour.firewall.models import KeyGrant, KeyRotation, OrganisationKey
from harbour.help import services as help_services
from harbour.help.models import HelpNote, HelpRequest


def sealed_rows(org):
    """(content, sealed key, context) of every sealed row of the organisation."""
    rows = []
    for record in HelpRequest.objects.filter(organisation=org):
        rows.append((record.sealed_content, record.sealed_key, crypto.context_of(record)))
    for note in HelpNote.objects.filter(request__organisation=org):
        rows.append((note.sealed_content, note.sealed_key, crypto.context_of(note)))
    return rows


def opens_all(private_key, rows) -> bool:
    try:
        for content, sealed_key, context in rows:
            crypto.open_record(private_key, content, sealed_key, context=context)
    except crypto.CryptoError:
        return False
    return True


@pytest.fixture
def records(sealed_a, org_a, admin_a):
    made = []
    for i in range(3):
        help_request, _ = help_services.help_request_create(organisation=org_a, needs=["safety"],
                                                            message=f"message {i}", language="en")
        made.append(help_request)
    help_services.help_note_add(acting_user=admin_a.user, help_request=made[0], text="a note")
    return made


@pytest.mark.django_db
def test_every_sealed_model_is_registered_for_rotation():
    assert rotation.unregistered_sealed_models() == []


@pytest.mark.django_db
def test_a_rotation_reseals_every_record_destroys_the_old_key_and_reissues_recovery(sealed_a, admin_a,
                                                                                  caseworker_a, org_a, records):
    old_key, old_recovery = sealed_a
    run, new_recovery = rotation.organisation_key_rotation_start(acting_user=admin_a.user, organisation=org_a,
                                                                 private_key=old_key)
    step = rotation.organisation_key_rotation_step(acting_user=admin_a.user, organisation=org_a,
                                                   private_key=old_key, batch_size=100)
    assert step == {"resealed": 4, "total": 4, "done": True}
    new_key = rotation.organisation_key_rotation_finish(acting_user=admin_a.user, organisation=org_a,
                                                        private_key=old_key, recovery_key=new_recovery)
    rows = sealed_rows(org_a)
    assert len(rows) == 4
    assert opens_all(new_key, rows) and not opens_all(old_key, rows)
    org_key = OrganisationKey.objects.get(organisation=org_a)
    assert bytes(org_key.public_key) == bytes(new_key.public_key)
    # The old key is destroyed: no grant and no recovery copy of it remain; the old recovery
    # key opens nothing, the new one opens the new key.
    assert list(KeyGrant.objects.filter(organisation_key=org_key).values_list("user", flat=True)) == [admin_a.user.pk]
    with pytest.raises(crypto.CryptoError):
        crypto.unwrap(crypto.parse_recovery_key(old_recovery), org_key.recovery_wrapped_private_key)
    assert crypto.unwrap(crypto.parse_recovery_key(new_recovery),
                         org_key.recovery_wrapped_private_key) == bytes(new_key)
    # New requests are sealed to the new key, checked against the audited fingerprint.
    assert keys.public_key_of(org_a) == bytes(new_key.public_key)
    assert keys.attested_fingerprint(org_key) == crypto.fingerprint(new_key.public_key)
    actions = list(AuditEntry.objects.filter(action__startswith="firewall.org_key.rot").values_list("action",
                                                                                                   flat=True))
    assert actions == ["firewall.org_key.rotation.start", "firewall.org_key.rotation.step",
                       "firewall.org_key.rotate"]
    assert audit_verify().ok
    assert KeyRotation.objects.get(pk=run.pk).finished_at is not None


@pytest.mark.django_db
def test_a_rotation_resumes_batch_by_batch_and_picks_up_records_made_meanwhile(sealed_a, admin_a, org_a, records):
    old_key, _ = sealed_a
    _, new_recovery = rotation.organisation_key_rotation_start(acting_user=admin_a.user, organisation=org_a,
                                                               private_key=old_key)
    first = rotation.organisation_key_rotation_step(acting_user=admin_a.user, organisation=org_a,
                                                    private_key=old_key, batch_size=2)
    assert first == {"resealed": 2, "total": 2, "done": False}
    # Interrupted here (a new request arrives, sealed to the old key); later it continues.
    help_services.help_request_create(organisation=org_a, needs=["safety"], message="meanwhile", language="en")
    results = []
    while not results or not results[-1]["done"]:
        results.append(rotation.organisation_key_rotation_step(acting_user=admin_a.user, organisation=org_a,
                                                               private_key=old_key, batch_size=2))
    assert results[-1]["total"] == 5
    new_key = rotation.organisation_key_rotation_finish(acting_user=admin_a.user, organisation=org_a,
                                                        private_key=old_key, recovery_key=new_recovery)
    assert opens_all(new_key, sealed_rows(org_a))


@pytest.mark.django_db
def test_a_wrong_recovery_key_refuses_to_finish_and_changes_nothing(sealed_a, admin_a, org_a, records):
    old_key, _ = sealed_a
    rotation.organisation_key_rotation_start(acting_user=admin_a.user, organisation=org_a, private_key=old_key)
    before = (bytes(OrganisationKey.objects.get(organisation=org_a).public_key), KeyGrant.objects.count())
    with pytest.raises(ValidationError):
        rotation.organisation_key_rotation_finish(acting_user=admin_a.user, organisation=org_a, private_key=old_key,
                                                  recovery_key=crypto.format_recovery_key(crypto.new_secret_key()))
    assert (bytes(OrganisationKey.objects.get(organisation=org_a).public_key), KeyGrant.objects.count()) == before
    assert opens_all(old_key, sealed_rows(org_a))


@pytest.mark.django_db
def test_caseworker_and_outsider_cannot_rotate_and_nothing_changes(sealed_a, caseworker_a, outsider, org_a, records):
    old_key, _ = sealed_a
    for persona in (caseworker_a, outsider):
        with pytest.raises(PermissionDenied):
            rotation.organisation_key_rotation_start(acting_user=persona.user, organisation=org_a,
                                                     private_key=old_key)
    assert KeyRotation.objects.count() == 0
    assert opens_all(old_key, sealed_rows(org_a))


@pytest.mark.django_db
def test_rotation_needs_the_current_key_and_one_at_a_time(sealed_a, admin_a, org_a):
    old_key, _ = sealed_a
    with pytest.raises(ValidationError):
        rotation.organisation_key_rotation_start(acting_user=admin_a.user, organisation=org_a,
                                                 private_key=crypto.new_key_pair())
    rotation.organisation_key_rotation_start(acting_user=admin_a.user, organisation=org_a, private_key=old_key)
    with pytest.raises(ValidationError):
        rotation.organisation_key_rotation_start(acting_user=admin_a.user, organisation=org_a, private_key=old_key)
    assert KeyRotation.objects.count() == 1


@pytest.mark.django_db
def test_mutation_an_unregistered_sealed_model_blocks_rotation(sealed_a, admin_a, org_a, monkeypatch):
    monkeypatch.delitem(rotation._SEALED, "help.HelpNote")
    assert rotation.unregistered_sealed_models() == ["help.HelpNote"]
    with pytest.raises(ValidationError):
        rotation.organisation_key_rotation_start(acting_user=admin_a.user, organisation=org_a,
                                                 private_key=sealed_a[0])
    assert KeyRotation.objects.count() == 0


@pytest.mark.django_db
def test_an_admin_rotates_the_key_from_the_firewall_page(sealed_a, admin_a, org_a, records):
    from django.urls import reverse

    from tests.firewall.helpers import login

    client = login(admin_a)
    org_id = org_a.public_id
    page = client.post(reverse("firewall:rotation_start", args=[org_id]))
    assert page.status_code == 200
    recovery = re.search(r'<pre class="typed" dir="ltr">([^<]+)</pre>', page.content.decode()).group(1)
    assert "Continue re-sealing" in client.get(reverse("firewall:overview")).content.decode()
    assert client.post(reverse("firewall:rotation_step", args=[org_id])).status_code == 302
    wrong = client.post(reverse("firewall:rotation_finish", args=[org_id]),
                        {"recovery_key": crypto.format_recovery_key(crypto.new_secret_key())})
    assert wrong.status_code == 400
    assert KeyRotation.objects.get().finished_at is None
    done = client.post(reverse("firewall:rotation_finish", args=[org_id]), {"recovery_key": recovery})
    assert done.status_code == 302
    new_public = bytes(OrganisationKey.objects.get(organisation=org_a).public_key)
    assert new_public != bytes(sealed_a[0].public_key)
    # Her session holds the new key: she can open the records straight away.
    detail = client.get(reverse("help_staff:detail", args=[records[1].public_id])).content.decode()
    assert "message 1" in detail


@pytest.mark.django_db
def test_a_caseworker_and_an_outsider_get_404_on_the_rotation_pages(sealed_a, caseworker_a, outsider, org_a):
    from django.urls import reverse

    from tests.firewall.helpers import login

    for persona in (caseworker_a, outsider):
        client = login(persona)
        for name in ("rotation_start", "rotation_step", "rotation_finish"):
            assert client.post(reverse(f"firewall:{name}", args=[org_a.public_id])).status_code == 404
    assert KeyRotation.objects.count() == 0

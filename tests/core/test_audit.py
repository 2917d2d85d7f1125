import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from harbour.core.audit import audit_append, audit_verify
from harbour.core.models import AuditChainHead, AuditEntry


def add_entries(n: int) -> None:
    for i in range(n):
        audit_append(action="test.event", actor=f"actor-{i}", subject=f"subject-{i}", detail={"i": i})


@pytest.mark.django_db
def test_an_untouched_chain_verifies():
    add_entries(5)
    report = audit_verify()
    assert (report.ok, report.entries) == (True, 5)


@pytest.mark.django_db
def test_each_entry_links_to_the_one_before():
    add_entries(3)
    first, second, third = AuditEntry.objects.order_by("seq")
    assert first.prev_hash == "0" * 64
    assert second.prev_hash == first.entry_hash
    assert third.prev_hash == second.entry_hash


@pytest.mark.django_db
@pytest.mark.parametrize("field,value", [
    ("action", "something.else"), ("actor", "someone-else"), ("subject", "x"),
    ("detail", {"i": 99}), ("organisation", "org-x"),
])
def test_changing_any_field_of_an_entry_breaks_the_chain_there(field, value):
    add_entries(5)
    AuditEntry.objects.filter(seq=3).update(**{field: value})
    report = audit_verify()
    assert (report.ok, report.broken_seq, report.entries) == (False, 3, 2)


@pytest.mark.django_db
def test_rehashing_a_changed_entry_still_breaks_the_next_link():
    add_entries(4)
    entry = AuditEntry.objects.get(seq=2)
    AuditEntry.objects.filter(seq=2).update(action="forged", entry_hash="f" * 64)
    report = audit_verify()
    assert report.ok is False
    assert report.broken_seq == 2
    assert entry.entry_hash != "f" * 64


@pytest.mark.django_db
def test_removing_an_entry_from_the_middle_is_detected():
    add_entries(4)
    AuditEntry.objects.filter(seq=2).delete()
    report = audit_verify()
    assert (report.ok, report.broken_seq) == (False, 2)


@pytest.mark.django_db
def test_removing_the_last_entries_is_detected_by_the_head():
    add_entries(4)
    AuditEntry.objects.filter(seq__gte=3).delete()
    report = audit_verify()
    assert (report.ok, report.broken_seq) == (False, 3)
    assert AuditChainHead.objects.get().last_seq == 4


@pytest.mark.django_db
def test_personal_data_keys_are_refused_and_nothing_is_written():
    with pytest.raises(ValueError, match="personal data"):
        audit_append(action="x", detail={"Name": "someone"})
    assert AuditEntry.objects.count() == 0


@pytest.mark.django_db
def test_audit_verify_command_reports_ok(capsys):
    add_entries(3)
    call_command("audit_verify")
    assert capsys.readouterr().out.strip() == "audit chain ok: 3 entries"


@pytest.mark.django_db
def test_audit_verify_command_names_the_first_broken_entry_and_exits_1():
    add_entries(3)
    AuditEntry.objects.filter(seq=2).update(actor="tampered")
    with pytest.raises(CommandError, match="audit chain broken at entry 2") as info:
        call_command("audit_verify")
    assert info.value.returncode == 1

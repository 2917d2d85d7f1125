"""F6: each part of the chain's verification, tested on its own, and mutation tests that
show each test fails when the part it guards is taken out of audit_verify.

The truncated tail (entries removed from the end, head row rewritten) is left to the
signed checkpoints; here the head check is exercised only with the head row intact.
"""

import datetime

import pytest

from harbour.core import audit
from harbour.core.audit import audit_append, audit_verify, entry_digest
from harbour.core.models import AuditEntry

HASHED_FIELDS = {
    "at": datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
    "action": "forged.action",
    "actor": "someone-else",
    "organisation": "org-x",
    "subject": "subject-x",
    "detail": {"i": 99},
}


def add_entries(n: int) -> None:
    for i in range(n):
        audit_append(action="test.event", actor=f"actor-{i}", subject=f"subject-{i}", detail={"i": i})


def rewrite(seq: int, *, rehash: bool, **changes) -> None:
    """Change stored fields of one entry; with `rehash`, also store the hash that matches,
    as a forger who knows the hashing scheme would."""
    entry = AuditEntry.objects.get(seq=seq)
    for field, value in changes.items():
        setattr(entry, field, value)
    if rehash:
        entry.entry_hash = entry_digest(entry)
    entry.save()


def outcome():
    report = audit_verify()
    return report.ok, report.broken_seq, report.reason


# -- the link check -----------------------------------------------------------------------

def break_the_link_of_a_correctly_rehashed_entry():
    add_entries(5)
    rewrite(3, rehash=True, prev_hash="a" * 64)


@pytest.mark.django_db
def test_a_rehashed_entry_with_a_broken_link_is_named():
    break_the_link_of_a_correctly_rehashed_entry()
    assert outcome() == (False, 3, audit.REASONS[audit.BROKEN_LINK])


@pytest.mark.django_db
def test_mutation_without_the_link_check_the_broken_link_goes_unseen(monkeypatch):
    monkeypatch.setattr(audit, "check_link", lambda entry, prev_hash: "")
    break_the_link_of_a_correctly_rehashed_entry()
    assert audit_verify().ok is True


# -- the content check, field by field ------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("field", sorted(HASHED_FIELDS))
def test_changing_one_field_without_rehashing_is_caught_by_the_content_check(field):
    add_entries(5)
    rewrite(3, rehash=False, **{field: HASHED_FIELDS[field]})
    assert outcome() == (False, 3, audit.REASONS[audit.CHANGED])


@pytest.mark.django_db
@pytest.mark.parametrize("field", sorted(HASHED_FIELDS))
def test_changing_one_field_and_rehashing_is_caught_at_the_next_link(field):
    add_entries(5)
    rewrite(3, rehash=True, **{field: HASHED_FIELDS[field]})
    assert outcome() == (False, 4, audit.REASONS[audit.BROKEN_LINK])


@pytest.mark.django_db
@pytest.mark.parametrize("field", sorted(HASHED_FIELDS))
def test_mutation_a_field_left_out_of_the_hash_lets_its_change_through(monkeypatch, field):
    real = audit._digest

    def digest_without(**fields):
        fields[field] = {"at": HASHED_FIELDS["at"]}.get(field, "")
        return real(**fields)

    monkeypatch.setattr(audit, "_digest", digest_without)
    add_entries(5)
    rewrite(3, rehash=False, **{field: HASHED_FIELDS[field]})
    assert audit_verify().ok is True


@pytest.mark.django_db
def test_mutation_without_the_content_check_an_edited_entry_goes_unseen(monkeypatch):
    monkeypatch.setattr(audit, "check_content", lambda entry: "")
    add_entries(5)
    rewrite(5, rehash=False, action="forged.action")
    assert audit_verify().ok is True


@pytest.mark.django_db
def test_the_last_entry_changed_without_rehashing_is_caught():
    add_entries(5)
    rewrite(5, rehash=False, action="forged.action")
    assert outcome() == (False, 5, audit.REASONS[audit.CHANGED])


# -- the sequence check ---------------------------------------------------------------------

@pytest.mark.django_db
def test_a_deleted_middle_entry_is_named_as_missing():
    add_entries(5)
    AuditEntry.objects.filter(seq=3).delete()
    assert outcome() == (False, 3, "entry 3 is missing")


@pytest.mark.django_db
def test_a_deleted_middle_entry_is_still_caught_by_the_link_without_the_sequence_check(monkeypatch):
    monkeypatch.setattr(audit, "check_sequence", lambda entry, expected_seq: "")
    add_entries(5)
    AuditEntry.objects.filter(seq=3).delete()
    assert outcome() == (False, 4, audit.REASONS[audit.BROKEN_LINK])


@pytest.mark.django_db
def test_mutation_without_sequence_or_link_check_a_deleted_entry_goes_unseen(monkeypatch):
    monkeypatch.setattr(audit, "check_sequence", lambda entry, expected_seq: "")
    monkeypatch.setattr(audit, "check_link", lambda entry, prev_hash: "")
    add_entries(5)
    AuditEntry.objects.filter(seq=3).delete()
    monkeypatch.setattr(audit, "check_head", lambda count, last_hash: "")
    assert audit_verify().ok is True


# -- the head check -------------------------------------------------------------------------

@pytest.mark.django_db
def test_removing_the_tail_while_the_head_row_stands_is_caught_by_the_head():
    add_entries(5)
    AuditEntry.objects.filter(seq__gte=4).delete()
    assert outcome() == (False, 4, audit.REASONS[audit.TRUNCATED])


@pytest.mark.django_db
def test_mutation_without_the_head_check_a_removed_tail_goes_unseen(monkeypatch):
    monkeypatch.setattr(audit, "check_head", lambda count, last_hash: "")
    add_entries(5)
    AuditEntry.objects.filter(seq__gte=4).delete()
    assert audit_verify().ok is True


@pytest.mark.django_db
def test_every_hashed_field_changes_the_digest():
    add_entries(1)
    entry = AuditEntry.objects.get()
    original = entry_digest(entry)
    for field, value in [*HASHED_FIELDS.items(), ("seq", 7), ("prev_hash", "b" * 64)]:
        changed = AuditEntry(**{f.attname: getattr(entry, f.attname) for f in AuditEntry._meta.concrete_fields})
        setattr(changed, field, value)
        assert entry_digest(changed) != original, field

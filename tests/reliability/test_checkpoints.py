"""Issue 11, item 8: signed checkpoints catch a rewritten tail and a wholesale replacement,
which the hash chain alone does not."""

import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from harbour.core.audit import _digest, audit_append, audit_verify
from harbour.core.checkpoints import checkpoint_check, checkpoint_make, new_signing_key
from harbour.core.models import AuditChainHead, AuditEntry


@pytest.fixture
def signing_key(tmp_path, settings):
    path = tmp_path / "checkpoint.key"
    public = new_signing_key(path)
    settings.HARBOUR_CHECKPOINT_KEY_FILE = str(path)
    settings.HARBOUR_CHECKPOINT_PUBLIC_KEYS = [public]
    return public


def _entries(count: int, organisation: str = "org-x"):
    for number in range(count):
        audit_append(action="test.event", actor="actor-1", organisation=organisation, subject=f"s-{number}")


def _rewrite_from(seq: int, *, action: str = "test.forged"):
    """What an attacker with the database can do: change entries from `seq` on and
    recompute every hash after them, so the chain alone still verifies."""
    prev = AuditEntry.objects.get(seq=seq - 1).entry_hash if seq > 1 else "0" * 64
    for entry in AuditEntry.objects.filter(seq__gte=seq).order_by("seq"):
        entry.action = action
        entry.prev_hash = prev
        entry.entry_hash = _digest(seq=entry.seq, at=entry.at, action=entry.action, actor=entry.actor,
                                   organisation=entry.organisation, subject=entry.subject,
                                   detail=entry.detail, prev_hash=prev)
        entry.save()
        prev = entry.entry_hash
    AuditChainHead.objects.filter(singleton=1).update(last_hash=prev)


def _write(tmp_path, *lines) -> str:
    path = tmp_path / "checkpoints.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


@pytest.mark.django_db
def test_a_checkpoint_of_an_intact_chain_verifies(signing_key, tmp_path, capsys):
    _entries(5)
    line = checkpoint_make()
    assert json.loads(line)["seq"] == 5 and json.loads(line)["key"] == signing_key
    _entries(3)  # entries after a checkpoint are fine
    call_command("audit_verify", "--checkpoint", _write(tmp_path, line))
    assert "1 signed checkpoint(s) match" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_rewritten_tail_passes_the_chain_but_fails_the_checkpoint(signing_key, tmp_path):
    _entries(6)
    line = checkpoint_make()
    _rewrite_from(4)
    assert audit_verify().ok  # the chain alone cannot see it
    assert checkpoint_check(line).reason == "entry 6 differs from its checkpoint: the chain was rewritten"
    with pytest.raises(CommandError, match="entry 6 differs"):
        call_command("audit_verify", "--checkpoint", _write(tmp_path, line))


@pytest.mark.django_db
def test_a_wholesale_replacement_fails_the_checkpoint(signing_key, tmp_path):
    _entries(6)
    line = checkpoint_make()
    AuditEntry.objects.all().delete()
    AuditChainHead.objects.all().delete()
    _entries(2, organisation="org-forged")  # a shorter, fully valid chain
    assert audit_verify().ok
    assert "entry 6 is missing" in checkpoint_check(line).reason
    _entries(10, organisation="org-forged")  # or a longer one
    assert "differs from its checkpoint" in checkpoint_check(line).reason


@pytest.mark.django_db
def test_a_forged_or_untrusted_checkpoint_is_refused(signing_key, tmp_path, settings):
    _entries(3)
    body = json.loads(checkpoint_make())
    body["seq"] = 2
    assert checkpoint_check(json.dumps(body)).reason == "its signature is not valid"
    other = tmp_path / "other.key"
    new_signing_key(other)
    settings.HARBOUR_CHECKPOINT_KEY_FILE = str(other)
    foreign = checkpoint_make()
    assert checkpoint_check(foreign).reason == "signed by a key that is not trusted"
    assert not checkpoint_check("not json").ok


@pytest.mark.django_db
def test_checkpoints_go_to_every_admin_with_no_personal_data(signing_key, admin_a, admin_b, caseworker_a,
                                                             django_capture_on_commit_callbacks):
    _entries(2)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("audit_checkpoint")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([admin_a.user.email, admin_b.user.email])
    for message in mail.outbox:
        line = next(ln for ln in message.body.splitlines() if ln.startswith("{"))
        assert set(json.loads(line)) == {"v", "seq", "head", "at", "key", "sig"}
        assert checkpoint_check(line).ok
        assert "Organisation" not in message.body and "@" not in message.body
    assert AuditEntry.objects.filter(action="audit.checkpoint").count() == 1
    assert audit_verify().ok


def test_the_signing_key_is_never_overwritten(tmp_path):
    path = tmp_path / "k"
    new_signing_key(path)
    before = path.read_bytes()
    with pytest.raises(Exception, match="never overwritten"):
        new_signing_key(path)
    assert path.read_bytes() == before
    assert oct(path.stat().st_mode & 0o777) == "0o600"


@pytest.mark.django_db
def test_without_a_key_the_command_says_what_to_do(settings):
    settings.HARBOUR_CHECKPOINT_KEY_FILE = ""
    with pytest.raises(CommandError, match="HARBOUR_CHECKPOINT_KEY_FILE"):
        call_command("audit_checkpoint")

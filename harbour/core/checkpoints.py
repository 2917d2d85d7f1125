"""Signed checkpoints of the audit chain's head (issue 11, item 8).

The hash chain (core/audit.py) catches a changed row, but someone who can write the database
can rewrite the tail, or replace the whole chain, with hashes that agree. A checkpoint is a
statement "entry SEQ of this Harbour's chain has hash HEAD", signed with an Ed25519 key that
lives outside the database (HARBOUR_CHECKPOINT_KEY_FILE, made by
`manage.py audit_checkpoint --new-key FILE`), and sent away from the server (to every
organisation's admins: accounts/checkpoints.py). `audit_verify --checkpoint FILE` then checks
that the chain verifies *and* that each checkpoint's entry is still there with that hash:
nothing up to the newest checkpoint can have been rewritten or replaced, whoever held the
database. Only entries after it can be, which is why checkpoints go out on a schedule.

A checkpoint is one line of JSON: {"v": 1, "seq": int, "head": 64 hex, "at": ISO 8601 UTC,
"key": Ed25519 public key (64 hex), "sig": Ed25519 signature (128 hex) over the same object
without "sig", canonical JSON (sorted keys, no spaces)}. It holds no personal data.
"""

import datetime
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from harbour.core.models import AuditChainHead, AuditEntry

VERSION = 1


class CheckpointError(Exception):
    """No signing key, or a key file that cannot be read; the message says what to do."""


def new_signing_key(path: Path) -> str:
    """Write a fresh Ed25519 seed (hex) to a new file `path` (0600); return the public key
    (hex), which verifiers pin. Raises CheckpointError if the file exists."""
    path = Path(path)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise CheckpointError(f"{path} already exists: a signing key is never overwritten.") from None
    key = SigningKey.generate()
    with os.fdopen(descriptor, "w") as handle:
        handle.write(bytes(key).hex() + "\n")
    return bytes(key.verify_key).hex()


def _signing_key() -> SigningKey:
    path = getattr(settings, "HARBOUR_CHECKPOINT_KEY_FILE", "") or ""
    if not path:
        raise CheckpointError("Set HARBOUR_CHECKPOINT_KEY_FILE to a key made by "
                              "`manage.py audit_checkpoint --new-key FILE` (keep it off the database host's backups).")
    try:
        return SigningKey(bytes.fromhex(Path(path).read_text(encoding="ascii").strip()))
    except (OSError, ValueError) as error:
        raise CheckpointError(f"HARBOUR_CHECKPOINT_KEY_FILE cannot be read as a key: {error}") from None


def _canonical(body: dict) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("ascii")


def checkpoint_make() -> str:
    """Sign the chain's current head; return the checkpoint line. Raises CheckpointError
    without a key. An empty chain gives seq 0 and the genesis hash."""
    key = _signing_key()
    head = AuditChainHead.objects.filter(singleton=1).first()
    seq, head_hash = (head.last_seq, head.last_hash) if head else (0, "0" * 64)
    body = {"v": VERSION, "seq": seq, "head": head_hash,
            "at": timezone.now().astimezone(datetime.UTC).isoformat(timespec="seconds"),
            "key": bytes(key.verify_key).hex()}
    body["sig"] = key.sign(_canonical(body)).signature.hex()
    return json.dumps(body, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class CheckpointReport:
    ok: bool
    seq: int | None
    reason: str = ""


def checkpoint_check(line: str, *, trusted_keys: set[str] | None = None) -> CheckpointReport:
    """Check one checkpoint line against the database: well-formed, signed by a trusted key
    (`trusted_keys`, hex; default HARBOUR_CHECKPOINT_PUBLIC_KEYS, else the key it names), and
    entry `seq` present with hash `head`. Does not walk the chain: audit_verify does."""
    try:
        body = json.loads(line)
        signature = bytes.fromhex(body.pop("sig"))
        seq, head, public = int(body["seq"]), str(body["head"]), str(body["key"])
        if body.get("v") != VERSION:
            return CheckpointReport(False, None, "unknown checkpoint version")
    except (ValueError, KeyError, TypeError, AttributeError):
        return CheckpointReport(False, None, "not a checkpoint")
    trusted = trusted_keys if trusted_keys is not None else set(getattr(settings, "HARBOUR_CHECKPOINT_PUBLIC_KEYS", []))
    if trusted and public not in trusted:
        return CheckpointReport(False, seq, "signed by a key that is not trusted")
    try:
        VerifyKey(bytes.fromhex(public)).verify(_canonical(body), signature)
    except (BadSignatureError, ValueError):
        return CheckpointReport(False, seq, "its signature is not valid")
    if seq == 0:
        return CheckpointReport(True, 0)
    stored = AuditEntry.objects.filter(seq=seq).values_list("entry_hash", flat=True).first()
    if stored is None:
        return CheckpointReport(False, seq, f"entry {seq} is missing: the chain was cut or replaced")
    if stored != head:
        return CheckpointReport(False, seq, f"entry {seq} differs from its checkpoint: the chain was rewritten")
    return CheckpointReport(True, seq)

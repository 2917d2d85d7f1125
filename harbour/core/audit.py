"""The hash-chained audit log (F6): append and verify.

Callers pass pseudonymous ids only. `audit_append` must run inside the transaction of the
write it records, so the write and its audit entry land together or not at all.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from harbour.core.models import AuditChainHead, AuditEntry

GENESIS_HASH = "0" * 64
# Keys that would put personal data into the log; refused outright.
FORBIDDEN_DETAIL_KEYS = frozenset(
    {"name", "email", "phone", "address", "message", "note", "notes", "text", "ip", "user_agent"}
)


def _digest(*, seq: int, at: datetime, action: str, actor: str, organisation: str,
            subject: str, detail: dict, prev_hash: str) -> str:
    body = json.dumps(
        {
            "seq": seq,
            "at": at.isoformat(timespec="microseconds"),
            "action": action,
            "actor": actor,
            "organisation": organisation,
            "subject": subject,
            "detail": detail,
            "prev": prev_hash,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hashlib.sha256(body.encode("ascii")).hexdigest()


def _pseudonym(value) -> str:
    if value is None:
        return ""
    public_id = getattr(value, "public_id", None)
    return str(public_id if public_id is not None else value)


def audit_append(*, action: str, actor=None, organisation=None, subject=None,
                 detail: dict | None = None) -> AuditEntry:
    """Append one entry. `actor`, `organisation` and `subject` may be model instances with a
    `public_id`, or strings that are already pseudonymous."""
    detail = detail or {}
    leaked = FORBIDDEN_DETAIL_KEYS.intersection(k.lower() for k in detail)
    if leaked:
        raise ValueError(f"audit detail must not hold personal data: {sorted(leaked)}")
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(singleton=1)
        seq = head.last_seq + 1
        at = timezone.now()
        fields = {
            "seq": seq,
            "at": at,
            "action": action,
            "actor": _pseudonym(actor),
            "organisation": _pseudonym(organisation),
            "subject": _pseudonym(subject),
            "detail": json.loads(json.dumps(detail, default=str)),
            "prev_hash": head.last_hash,
        }
        entry = AuditEntry(**fields, entry_hash=_digest(**fields))
        entry.save()
        head.last_seq = seq
        head.last_hash = entry.entry_hash
        head.save(update_fields=["last_seq", "last_hash"])
    return entry


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    broken_seq: int | None = None
    reason: str = ""


# Reasons audit_verify gives, one per check, so each check can be tested on its own.
MISSING, BROKEN_LINK, CHANGED, TRUNCATED = "missing", "link", "content", "truncated"
REASONS = {
    MISSING: "entry {seq} is missing",
    BROKEN_LINK: "its link to the previous entry does not match",
    CHANGED: "its content does not match its hash",
    TRUNCATED: "the chain ends before its recorded head (entries were removed)",
}


def entry_digest(entry: AuditEntry) -> str:
    """The hash an entry should carry, recomputed from its stored fields (64 hex chars)."""
    return _digest(seq=entry.seq, at=entry.at, action=entry.action, actor=entry.actor,
                   organisation=entry.organisation, subject=entry.subject, detail=entry.detail,
                   prev_hash=entry.prev_hash)


def check_sequence(entry: AuditEntry, expected_seq: int) -> str:
    """MISSING if an entry before this one was removed (seq numbers have a gap)."""
    return MISSING if entry.seq != expected_seq else ""


def check_link(entry: AuditEntry, prev_hash: str) -> str:
    """BROKEN_LINK if the entry does not name the previous entry's hash."""
    return BROKEN_LINK if entry.prev_hash != prev_hash else ""


def check_content(entry: AuditEntry) -> str:
    """CHANGED if any hashed field (seq, time, action, actor, organisation, subject, detail,
    link) differs from what its stored hash covers."""
    return CHANGED if entry_digest(entry) != entry.entry_hash else ""


def check_head(count: int, last_hash: str) -> str:
    """TRUNCATED if the chain ends before the head row's last sequence number and hash."""
    head = AuditChainHead.objects.filter(singleton=1).first()
    if head is not None and (head.last_seq != count or head.last_hash != last_hash):
        return TRUNCATED
    return ""


def audit_verify(*, batch_size: int = 5000) -> ChainReport:
    """Walk the chain in order; report the first entry that fails a check.

    Returns a ChainReport: `ok`, the number of entries verified, and for a broken chain the
    sequence number of the first bad entry and a sentence saying which check failed.
    Checks, each on its own (tests/core/test_audit.py): sequence gap, link to the previous
    hash, content against its hash, and the end of the chain against its head row.
    """
    prev_hash = GENESIS_HASH
    expected_seq = 1
    count = 0
    last_seen = 0
    while True:
        batch = list(AuditEntry.objects.filter(seq__gt=last_seen).order_by("seq")[:batch_size])
        if not batch:
            break
        for entry in batch:
            fault = (check_sequence(entry, expected_seq) or check_link(entry, prev_hash)
                     or check_content(entry))
            if fault:
                broken = expected_seq if fault == MISSING else entry.seq
                return ChainReport(False, count, broken, REASONS[fault].format(seq=expected_seq))
            prev_hash = entry.entry_hash
            expected_seq += 1
            count += 1
            last_seen = entry.seq
    if check_head(count, prev_hash):
        return ChainReport(False, count, count + 1, REASONS[TRUNCATED])
    return ChainReport(True, count)

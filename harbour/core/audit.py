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


def audit_verify(*, batch_size: int = 5000) -> ChainReport:
    """Walk the chain in order; report the first entry whose link or hash is wrong."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    count = 0
    last_seen = 0
    while True:
        batch = list(
            AuditEntry.objects.filter(seq__gt=last_seen)
            .order_by("seq")
            .values_list("seq", "at", "action", "actor", "organisation", "subject", "detail",
                         "prev_hash", "entry_hash")[:batch_size]
        )
        if not batch:
            break
        for seq, at, action, actor, organisation, subject, detail, stored_prev, stored_hash in batch:
            if seq != expected_seq:
                return ChainReport(False, count, expected_seq, f"entry {expected_seq} is missing")
            if stored_prev != prev_hash:
                return ChainReport(False, count, seq, "its link to the previous entry does not match")
            computed = _digest(seq=seq, at=at, action=action, actor=actor,
                               organisation=organisation, subject=subject, detail=detail,
                               prev_hash=stored_prev)
            if computed != stored_hash:
                return ChainReport(False, count, seq, "its content does not match its hash")
            prev_hash = stored_hash
            expected_seq += 1
            count += 1
            last_seen = seq
    head = AuditChainHead.objects.filter(singleton=1).first()
    if head is not None and (head.last_seq != count or head.last_hash != prev_hash):
        return ChainReport(False, count, count + 1,
                           "the chain ends before its recorded head (entries were removed)")
    return ChainReport(True, count)

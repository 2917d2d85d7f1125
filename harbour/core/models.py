import uuid

from django.db import models


class TimeStampedModel(models.Model):
    """Base for Harbour's models: a public UUID for URLs, and creation/update times."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditChainHead(models.Model):
    """A single row that serialises appends to the audit chain (locked for update)."""

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(singleton=1), name="audit_head_is_singleton"),
        ]

    def __str__(self) -> str:
        return f"audit head at #{self.last_seq}"


class AuditEntry(models.Model):
    """One link of the tamper-evident audit chain (F6).

    Holds pseudonymous identifiers only (public UUIDs, categories, action names), never a
    name, contact detail, free text, address or user agent. Each entry's hash covers its
    content and the previous entry's hash, so a changed, removed or inserted row breaks the
    chain from that point on.
    """

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    action = models.CharField(max_length=64)
    actor = models.CharField(max_length=64, blank=True)
    organisation = models.CharField(max_length=64, blank=True)
    subject = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["organisation", "seq"]), models.Index(fields=["subject"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class UsedFormOnce(models.Model):
    """The SHA-256 of a one-time form token already spent (harbour/core/once.py). Nothing
    else: not who sent it, not what it made (F8). Rows past `expires_at` are deleted on the
    next claim."""

    digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.digest[:8]

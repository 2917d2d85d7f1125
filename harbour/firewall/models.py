from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from harbour.accounts.models import Organisation
from harbour.core.models import TimeStampedModel


class MemberKey(TimeStampedModel):
    """A staff member's personal X25519 key pair. The private half is stored only wrapped
    under a key derived (argon2id) from her password: the server cannot open it alone."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="firewall_key")
    public_key = models.BinaryField(max_length=32)
    wrapped_private_key = models.BinaryField()
    salt = models.BinaryField(max_length=16)
    opslimit = models.PositiveIntegerField()
    memlimit = models.PositiveBigIntegerField()
    # Set when a reset by e-mail replaced her key: her organisations must grant access again.
    replaced_after_reset_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"personal key of {self.user_id}"


class OrganisationKey(TimeStampedModel):
    """An organisation's X25519 key pair. Records are sealed to `public_key`; the private
    half exists only sealed to members (KeyGrant) and wrapped under the recovery key."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE,
                                        related_name="firewall_key")
    public_key = models.BinaryField(max_length=32)
    recovery_wrapped_private_key = models.BinaryField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")

    def __str__(self) -> str:
        return f"key of {self.organisation}"


class KeyGrant(TimeStampedModel):
    """One member's copy of her organisation's private key, sealed to her personal key."""

    organisation_key = models.ForeignKey(OrganisationKey, on_delete=models.CASCADE, related_name="grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="key_grants")
    sealed_private_key = models.BinaryField()
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation_key", "user"], name="one_grant_per_member"),
        ]

    def __str__(self) -> str:
        return f"grant {self.public_id}"


class Recipient(TimeStampedModel):
    """Someone an organisation may disclose to, with a category (F3).

    There is no immigration-enforcement category, and `clean()` refuses known enforcement
    bodies and domains: no role and no flag can override it.
    """

    class Category(models.TextChoices):
        SPECIALIST_SUPPORT = "specialist_support", _("Specialist support service")
        COMMUNITY_GROUP = "community_group", _("Community group")
        LEGAL_ADVISER = "legal_adviser", _("Regulated legal adviser")
        HEALTH = "health", _("Health service")
        HOUSING = "housing", _("Housing provider")
        POLICE = "police", _("Police")
        OTHER_STATUTORY = "other_statutory", _("Other statutory body")

    registered_by = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="recipients")
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    # A partner organisation on Harbour: shares are re-sealed to its key and land in its inbox.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="registered_as_recipient")
    # A recipient outside Harbour is reached by e-mail through the gate.
    email = models.EmailField(_("e-mail address"), blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(category__in=[
                "specialist_support", "community_group", "legal_adviser", "health", "housing",
                "police", "other_statutory"]),
                                   name="recipient_category_is_known"),
            models.UniqueConstraint(fields=["registered_by", "name"], name="recipient_name_unique_per_org",
                                    violation_error_message=_("Your organisation already has a recipient with this name.")),
            # One registration per partner and per address, whatever it is called (issue 9.4).
            models.UniqueConstraint(fields=["registered_by", "organisation"], condition=models.Q(organisation__isnull=False),
                                    name="recipient_partner_once_per_org",
                                    violation_error_message=_("This partner is already one of your recipients.")),
            models.UniqueConstraint(fields=["registered_by", "email"], condition=~models.Q(email=""),
                                    name="recipient_email_once_per_org",
                                    violation_error_message=_("This e-mail address is already one of your recipients.")),
            # Either a partner on Harbour or an e-mail address outside it, never both or neither.
            models.CheckConstraint(condition=(models.Q(organisation__isnull=False) & models.Q(email=""))
                                   | (models.Q(organisation__isnull=True) & ~models.Q(email="")),
                                   name="recipient_partner_xor_email",
                                   violation_error_message=_("Choose a partner organisation on Harbour or give an e-mail address, not both.")),
            models.CheckConstraint(condition=~models.Q(organisation=models.F("registered_by")),
                                   name="recipient_not_itself",
                                   violation_error_message=_("An organisation does not need to register itself as a recipient.")),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from harbour.firewall.policy import refusal_reason

        reason = refusal_reason(name=self.name, email=self.email,
                                organisation_name=self.organisation.name if self.organisation_id else "")
        if reason:
            raise ValidationError(reason)
        if not self.organisation_id and not self.email:
            raise ValidationError(_("Choose a partner organisation on Harbour or give an e-mail address."))
        if self.organisation_id and self.email:
            raise ValidationError(_("Choose a partner organisation on Harbour or give an e-mail address, not both."))
        if self.organisation_id and self.organisation_id == self.registered_by_id:
            raise ValidationError(_("An organisation does not need to register itself as a recipient."))


class Consent(TimeStampedModel):
    """A survivor's consent to one disclosure purpose (F4): who, what, why, until when,
    how and in which language it was given. Revocable; expiry is checked at share time."""

    class Purpose(models.TextChoices):
        SUPPORT = "support", _("Referral for support")
        LEGAL = "legal", _("Legal advice")
        HEALTH = "health", _("Health care")
        HOUSING = "housing", _("Somewhere to stay")
        SAFETY = "safety", _("Safety planning")
        REPORT = "report", _("Reporting a crime")

    class Method(models.TextChoices):
        IN_PERSON = "in_person", _("Said in person")
        PHONE = "phone", _("Said by phone")
        WRITING = "writing", _("Given in writing")
        ONLINE = "online", _("Given online")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="consents")
    # The record the consent is about, by its public id (the firewall knows no help app).
    subject_ref = models.UUIDField(db_index=True)
    recipient = models.ForeignKey(Recipient, on_delete=models.PROTECT, related_name="consents")
    categories = models.JSONField(default=list)
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    expires_on = models.DateField()
    method = models.CharField(max_length=16, choices=Method.choices)
    language = models.CharField(max_length=16)
    # Who interpreted, if anyone: sealed to the organisation like other free text.
    sealed_content = models.BinaryField(blank=True, default=b"")
    sealed_key = models.BinaryField(blank=True, default=b"")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    revoked_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"consent {self.public_id}"


class Disclosure(TimeStampedModel):
    """One share that went through the gate. What she sees on her status page."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="disclosures")
    subject_ref = models.UUIDField(db_index=True)
    # Null only for a safeguarding share (F4's one exception), which has no consent.
    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="disclosures", null=True,
                                blank=True)
    recipient = models.ForeignKey(Recipient, on_delete=models.PROTECT, related_name="disclosures")
    categories = models.JSONField(default=list)
    basis = models.CharField(max_length=16, default="consent",
                             choices=[("consent", _("Her consent")), ("safeguarding", _("Safeguarding"))])
    # False only when the approvers of a safeguarding share recorded that telling her
    # would raise the risk: her status page (F7) then leaves it out.
    shown_to_her = models.BooleanField(default=True)
    disclosed_on = models.DateField()
    disclosed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+")

    class Meta:
        ordering = ["disclosed_on", "pk"]

    def __str__(self) -> str:
        return f"disclosure {self.public_id}"


class ThrottleWindow(models.Model):
    """A counter per purpose and time window. It records how many, never who (F8)."""

    scope = models.CharField(max_length=80)
    window = models.PositiveBigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "window"], name="one_counter_per_window")]

    def __str__(self) -> str:
        return f"{self.scope}@{self.window}"


class KeyRotation(TimeStampedModel):
    """The replacement of an organisation's key pair (harbour.firewall.rotation): started,
    continued batch by batch (resumable), then finished. Until it finishes, records are
    still sealed to the old key; `progress` says how far the re-sealing has come."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="key_rotations")
    new_public_key = models.BinaryField(max_length=32)
    # The new private key exists only wrapped under the new recovery key, shown once at the start.
    new_recovery_wrapped_private_key = models.BinaryField()
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    # Sealed model label -> primary key of the last record re-sealed (as text).
    progress = models.JSONField(default=dict, blank=True)
    resealed = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation"], condition=models.Q(finished_at__isnull=True),
                                    name="one_open_rotation_per_organisation"),
        ]

    def __str__(self) -> str:
        return f"key rotation {self.public_id}"


class GateLink(TimeStampedModel):
    """A referral to a recipient outside Harbour, waiting to be read once (issue 15 item 8).

    The e-mail carries only a one-time link; the content is encrypted under a key derived
    from the link's token, which is stored only as a digest: nothing here opens without the
    e-mail. The reader proves control of the registered address with a code sent to it,
    then reads the content once within `expires_at`; then the ciphertext is wiped."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="gate_links")
    recipient = models.ForeignKey(Recipient, on_delete=models.PROTECT, related_name="gate_links")
    disclosure = models.ForeignKey(Disclosure, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    subject_ref = models.UUIDField(db_index=True)
    token_digest = models.CharField(max_length=64, unique=True)
    encrypted_content = models.BinaryField(blank=True, default=b"")
    code_digest = models.CharField(max_length=64, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    wrong_codes = models.PositiveSmallIntegerField(default=0)
    expires_at = models.DateTimeField()
    opened_at = models.DateTimeField(null=True, blank=True)
    # After the code, the reader may report the referral's state back through the link
    # (issue 15 item 3) with a session secret the page holds; only its digest is kept, and
    # it is replaced after every report, so a replayed form does nothing.
    session_digest = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"gate link {self.public_id}"

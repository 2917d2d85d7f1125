import hashlib
import uuid

from django.conf import settings
from django.contrib.auth.hashers import check_password, identify_hasher
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from harbour.core.languages import staff_language_choices
from harbour.core.models import TimeStampedModel


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("A user needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff. Survivors never have accounts."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=staff_language_choices, default=settings.LANGUAGE_CODE
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the Django admin.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def is_locked(self, at=None) -> bool:
        """Whether logins with this account's address are locked (see LoginLockout)."""
        from harbour.accounts.backends import address_locked

        return address_locked(self.email, at=at)


class LoginLockout(models.Model):
    """Failed logins counted per e-mail address tried, whether or not an account has it.

    Only a keyed digest of the address is kept (never the address, never a network address:
    F8), so known and unknown addresses get the same lockout and the table names nobody.
    """

    address_digest = models.CharField(max_length=64, unique=True)
    failures = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField()

    def __str__(self) -> str:
        return "login lockout"

    def is_locked(self, at=None) -> bool:
        return self.locked_until is not None and self.locked_until > (at or timezone.now())


class Network(TimeStampedModel):
    """A partnership or country network of organisations, with coordinators."""

    name = models.CharField(max_length=200, unique=True)
    countries = models.JSONField(default=list, blank=True, help_text="ISO 3166-1 alpha-2 codes.")
    coordinators = models.ManyToManyField(User, blank=True, related_name="coordinated_networks")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(TimeStampedModel):
    name = models.CharField(max_length=200, unique=True)
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 code.")
    region = models.CharField(max_length=100, blank=True)
    languages = models.JSONField(default=list, blank=True, help_text="Language codes spoken.")
    accepts_help_requests = models.BooleanField(default=False)
    retention_months = models.PositiveSmallIntegerField(
        default=12, help_text="Months after closing before a help request is erased."
    )
    networks = models.ManyToManyField(Network, blank=True, related_name="organisations")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(retention_months__gte=1) & models.Q(retention_months__lte=120),
                name="organisation_retention_1_to_120_months",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Organisation admin")
        CASEWORKER = "caseworker", _("Caseworker")
        COMMUNITY_WORKER = "community_worker", _("Community worker")
        TRAINER = "trainer", _("Trainer")
        VIEWER = "viewer", _("Viewer")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=32, choices=Role.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


class Invitation(TimeStampedModel):
    """An invitation to join an organisation. Only a hash of its token is stored."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=32, choices=Membership.Role.choices)
    language = models.CharField(max_length=10, choices=staff_language_choices, default=settings.LANGUAGE_CODE)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"invitation to {self.organisation}"

    def is_usable(self, at=None) -> bool:
        at = at or timezone.now()
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > at


class BackupCodeDevice(Device):
    """One-time backup codes for the second factor, each stored only as a password hash.

    django-otp's own static tokens are kept in the clear, so a copy of the database would hand
    over working second factors; these are not. Each code has about 49.5 bits of randomness
    and works once; a password is needed as well. Each is hashed on its own with Django's
    password hasher (argon2 in production), so a dump does not fall to a GPU search the way a
    fast salted SHA-256 did (issue 12, cryptographic gaps 3). `salt` only serves sets made
    before that change, until they are used up or replaced.
    """

    salt = models.CharField(max_length=32, blank=True)

    class Meta(Device.Meta):
        verbose_name = "backup code set"

    @staticmethod
    def normalise(token: str) -> str:
        return "".join(ch for ch in token.lower() if ch.isalnum())

    def _legacy_digest(self, token: str) -> str:
        return hashlib.sha256(f"{self.salt}:{self.normalise(token)}".encode()).hexdigest()

    def _matches(self, token: str, code_hash: str) -> bool:
        if identify_hasher_or_none(code_hash) is None:
            return bool(self.salt) and constant_time_compare(code_hash, self._legacy_digest(token))
        return check_password(self.normalise(token), code_hash)

    def verify_token(self, token) -> bool:
        """True, and the code used up, if `token` is one of the unused codes. Every unused
        code is checked, so the time taken does not tell which one matched."""
        if not isinstance(token, str) or len(self.normalise(token)) != 10:
            return False
        matched = None
        for code in self.codes.filter(used_at=None):
            if self._matches(token, code.code_hash) and matched is None:
                matched = code
        if matched is None:
            return False
        return self.codes.filter(pk=matched.pk, used_at=None).update(used_at=timezone.now()) == 1

    def remaining(self) -> int:
        return self.codes.filter(used_at=None).count()


def identify_hasher_or_none(encoded: str):
    try:
        return identify_hasher(encoded)
    except ValueError:
        return None


class BackupCode(models.Model):
    device = models.ForeignKey(BackupCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=200)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["device", "code_hash"], name="backup_code_unique")]

    def __str__(self) -> str:
        return "backup code (used)" if self.used_at else "backup code"

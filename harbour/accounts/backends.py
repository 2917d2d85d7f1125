"""Password login, and the lockout that counts failures per address tried.

Unknown and known addresses must be indistinguishable in status, body and timing (issue 9.3):
both run the password hasher, both count towards the same lockout, and the lockout is kept
under a keyed digest of the address, never the address itself and never a network address
(F8).
"""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from harbour.accounts.models import LoginLockout, User
from harbour.core.audit import audit_append


def normalise_address(email: str) -> str:
    return (email or "").strip().lower()


def address_digest(email: str) -> str:
    """A 64-hex keyed digest (HMAC-SHA256 under SECRET_KEY) of the normalised address."""
    return salted_hmac("harbour.accounts.lockout", normalise_address(email),
                       algorithm="sha256").hexdigest()


def address_locked(email: str, *, at=None) -> bool:
    """True while logins with `email` are locked, whether or not an account has it."""
    at = at or timezone.now()
    return LoginLockout.objects.filter(address_digest=address_digest(email), locked_until__gt=at).exists()


def record_login_failure(*, email: str, user: User | None, step: str) -> bool:
    """Count one failed attempt (`step` is "password" or "second_factor") for `email`; lock
    the address for LOGIN_LOCKOUT_SECONDS once LOGIN_MAX_FAILURES are reached within that
    time. Audited (pseudonymously: the account's public id, or nothing for an unknown
    address). Returns True if the address is now locked."""
    now = timezone.now()
    window = timezone.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    digest = address_digest(email)
    with transaction.atomic():
        # Rows of addresses not tried for a while say nothing useful: drop them as we go.
        LoginLockout.objects.filter(last_failure_at__lt=now - window).filter(
            Q(locked_until__isnull=True) | Q(locked_until__lte=now)).delete()
        try:
            with transaction.atomic():
                row, _ = LoginLockout.objects.select_for_update().get_or_create(
                    address_digest=digest, defaults={"last_failure_at": now})
        except IntegrityError:
            row = LoginLockout.objects.select_for_update().get(address_digest=digest)
        # The row is locked for update: plain arithmetic is safe from concurrent attempts.
        row.failures = (0 if row.last_failure_at < now - window else row.failures) + 1
        row.last_failure_at = now
        row.save(update_fields=["failures", "last_failure_at"])
        locked = row.is_locked(now)
        if not locked and row.failures >= settings.LOGIN_MAX_FAILURES:
            row.locked_until, row.failures, locked = now + window, 0, True
            row.save(update_fields=["locked_until", "failures"])
        audit_append(action="user.login.failure", actor=user,
                     detail={"step": step, "locked": locked})
    return locked


def record_login_success(user: User) -> None:
    LoginLockout.objects.filter(address_digest=address_digest(user.email)).delete()


class LockoutAwareBackend(ModelBackend):
    """E-mail and password, refusing locked addresses even with the right password.

    Nothing about the client (address, agent) is read or kept.
    """

    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        email = normalise_address(email or username or "")
        if not email or password is None:
            return None
        user = User.objects.filter(email=email).first()
        if user is None:
            # Spend the same hashing time as a real check, so timing does not reveal accounts.
            User().set_password(password)
            ok = False
        else:
            ok = user.check_password(password) and self.user_can_authenticate(user)
        if address_locked(email):
            if request is not None:
                request.harbour_locked = True
            return None
        if ok:
            return user
        locked = record_login_failure(email=email, user=user, step="password")
        if locked and request is not None:
            request.harbour_locked = True
        return None

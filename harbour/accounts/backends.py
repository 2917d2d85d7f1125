from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from harbour.accounts.models import User


def record_login_failure(user: User) -> None:
    """Count a failed password or second-factor attempt; lock the account at the limit."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
        user.refresh_from_db(fields=["failed_login_count", "locked_until"])
        if user.failed_login_count >= settings.LOGIN_MAX_FAILURES:
            user.locked_until = timezone.now() + timezone.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
            user.failed_login_count = 0
            user.save(update_fields=["locked_until", "failed_login_count"])


def record_login_success(user: User) -> None:
    if user.failed_login_count or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
        user.failed_login_count, user.locked_until = 0, None


class LockoutAwareBackend(ModelBackend):
    """E-mail and password, refusing locked accounts even with the right password.

    Nothing about the client (address, agent) is read or kept: lockout is per account.
    """

    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        email = (email or username or "").strip().lower()
        if not email or password is None:
            return None
        try:
            user = User.objects.get(email=email)
        except User.DoesNotExist:
            # Spend the same hashing time as a real check, so timing does not reveal accounts.
            User().set_password(password)
            return None
        if user.is_locked():
            if request is not None:
                request.harbour_locked = True
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        record_login_failure(user)
        if user.is_locked() and request is not None:
            request.harbour_locked = True
        return None

"""Writes for accounts: keyword-only, taking acting_user, atomic, audited."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from harbour.accounts.models import (
    BackupCode,
    BackupCodeDevice,
    Invitation,
    Membership,
    Network,
    Organisation,
    User,
)
from harbour.accounts.notices import account_change_notify
from harbour.accounts.signals import membership_ended, password_changed
from harbour.core.audit import audit_append
from harbour.core.outbound import deliver_mail

BACKUP_CODE_COUNT = 10


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def organisation_create(*, acting_user: User | None, name: str, country: str, region: str = "",
                        languages: list[str] | None = None, accepts_help_requests: bool = False,
                        admin: User | None = None) -> Organisation:
    with transaction.atomic():
        organisation = Organisation(
            name=name, country=country.upper(), region=region, languages=languages or [],
            accepts_help_requests=accepts_help_requests,
        )
        organisation.full_clean()
        organisation.save()
        audit_append(action="organisation.create", actor=acting_user, organisation=organisation)
        if admin is not None:
            membership_add(acting_user=acting_user, organisation=organisation, user=admin,
                           role=Membership.Role.ADMIN)
    return organisation


def network_create(*, acting_user: User | None, name: str, countries: list[str],
                   organisations: list[Organisation] = (), coordinators: list[User] = ()) -> Network:
    with transaction.atomic():
        network = Network(name=name, countries=[c.upper() for c in countries])
        network.full_clean()
        network.save()
        network.organisations.set(organisations)
        network.coordinators.set(coordinators)
        audit_append(action="network.create", actor=acting_user, subject=network)
    return network


def membership_add(*, acting_user: User | None, organisation: Organisation, user: User,
                   role: str) -> Membership:
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"role": role}
        )
        if not created:
            membership.role, membership.is_active = role, True
        membership.full_clean()
        membership.save()
        audit_append(action="membership.add", actor=acting_user, organisation=organisation,
                     subject=membership, detail={"role": role})
        account_change_notify(user=user, change="membership_added", organisation=organisation)
    return membership


def _admins_left(organisation: Organisation, *, excluding: Membership) -> int:
    return (
        Membership.objects.filter(organisation=organisation, role=Membership.Role.ADMIN, is_active=True)
        .exclude(pk=excluding.pk)
        .count()
    )


def membership_set_role(*, acting_user: User, membership: Membership, role: str) -> Membership:
    if role not in Membership.Role.values:
        raise ValidationError(_("Choose one of the listed roles."))
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.role == Membership.Role.ADMIN and role != Membership.Role.ADMIN and not _admins_left(
            membership.organisation, excluding=membership
        ):
            raise ValidationError(_("An organisation needs at least one admin."))
        membership.role = role
        membership.full_clean()
        membership.save(update_fields=["role", "updated_at"])
        audit_append(action="membership.role", actor=acting_user, organisation=membership.organisation,
                     subject=membership, detail={"role": role})
        account_change_notify(user=membership.user, change="role", organisation=membership.organisation)
    return membership


def membership_end(*, acting_user: User, membership: Membership) -> Membership:
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.role == Membership.Role.ADMIN and not _admins_left(
            membership.organisation, excluding=membership
        ):
            raise ValidationError(_("An organisation needs at least one admin."))
        membership.is_active = False
        membership.save(update_fields=["is_active", "updated_at"])
        audit_append(action="membership.end", actor=acting_user, organisation=membership.organisation,
                     subject=membership)
        membership_ended.send(sender=Membership, membership=membership, acting_user=acting_user)
        account_change_notify(user=membership.user, change="membership_ended", organisation=membership.organisation)
    return membership


def invitation_create(*, acting_user: User, organisation: Organisation, email: str, role: str,
                      language: str, accept_url_for) -> Invitation:
    """Invite someone by e-mail. `accept_url_for(token)` builds the absolute link."""
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email=email, is_active=True).exists():
        raise ValidationError(_("This person is already a member of the organisation."))
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = Invitation(
            organisation=organisation, email=email, role=role, language=language,
            token_hash=hash_token(token), invited_by=acting_user,
            expires_at=timezone.now() + timezone.timedelta(days=settings.INVITATION_DAYS),
        )
        invitation.full_clean()
        invitation.save()
        audit_append(action="invitation.create", actor=acting_user, organisation=organisation,
                     subject=invitation, detail={"role": role})
        link = accept_url_for(token)

        def send():
            with translation.override(language):
                body = render_to_string("accounts/mail/invitation.txt", {
                    "organisation": organisation.name, "link": link, "days": settings.INVITATION_DAYS,
                })
                deliver_mail(to=email, subject=_("Your Harbour invitation"), body=body,
                             purpose="staff-invitation")

        transaction.on_commit(send)
    return invitation


class InvitationUnusable(Exception):
    """The token is unknown, already used, revoked or expired."""


def invitation_for_token(token: str) -> Invitation:
    invitation = Invitation.objects.select_related("organisation").filter(token_hash=hash_token(token)).first()
    if invitation is None or not invitation.is_usable():
        raise InvitationUnusable
    return invitation


def invitation_accept(*, token: str, full_name: str, password: str, acting_user: User | None) -> Membership:
    """Accept an invitation: a new account with `password`, or the logged-in `acting_user`
    whose e-mail matches it."""
    with transaction.atomic():
        invitation = invitation_for_token(token)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_usable():
            raise InvitationUnusable
        if acting_user is not None and acting_user.is_authenticated:
            if acting_user.email != invitation.email:
                raise PermissionDenied
            user = acting_user
        else:
            if User.objects.filter(email=invitation.email).exists():
                raise ValidationError(_("An account with this e-mail address exists. Log in first, then open the link again."))
            user = User.objects.create_user(invitation.email, password, full_name=full_name,
                                            language=invitation.language)
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at", "updated_at"])
        audit_append(action="invitation.accept", actor=user, organisation=invitation.organisation,
                     subject=invitation)
        return membership_add(acting_user=user, organisation=invitation.organisation, user=user,
                              role=invitation.role)


def user_sessions_end(*, user: User) -> int:
    """End every session of `user` (database sessions); returns how many were ended.

    Reads each unexpired session, because the session store is keyed by session, not user:
    linear in the number of live sessions, which a staff site keeps small.
    """
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.models import Session

    ended = [session.pk for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
             if session.get_decoded().get(SESSION_KEY) == str(user.pk)]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def user_set_language(*, acting_user: User, language: str) -> User:
    """Remember the language `acting_user` reads the staff pages in (issue 18, Languages item 2):
    one of settings.STAFF_LANGUAGES. StaffLanguageMiddleware shows her staff pages in it on every
    device; staff mail to her uses it too. Raises ValidationError for any other language."""
    if language not in settings.STAFF_LANGUAGES:
        raise ValidationError({"language": _("Choose one of the languages listed.")})
    with transaction.atomic():
        acting_user.language = language
        acting_user.full_clean(exclude=["password"])
        acting_user.save(update_fields=["language", "updated_at"])
        audit_append(action="user.language", actor=acting_user, detail={"language": language})
    return acting_user


def user_change_password(*, acting_user: User, old_password: str | None, new_password: str) -> None:
    """Set a new password. `old_password` is None after a reset by e-mail: then every session
    of the account is ended (a forged reset link must not ride on an open session), and the
    member and her admins are told (issue 12, cryptographic gaps 4)."""
    by_reset = old_password is None
    with transaction.atomic():
        acting_user.set_password(new_password)
        acting_user.full_clean(exclude=["password"])
        acting_user.save(update_fields=["password", "updated_at"])
        ended = user_sessions_end(user=acting_user) if by_reset else 0
        audit_append(action="user.password", actor=acting_user,
                     detail={"by_reset": by_reset, "sessions_ended": ended})
        password_changed.send(sender=User, user=acting_user, old_password=old_password,
                              new_password=new_password)
        account_change_notify(user=acting_user, change="password_reset" if by_reset else "password")


def totp_device_start(*, acting_user: User, restart: bool = False) -> TOTPDevice:
    """The pending (unconfirmed) authenticator of `acting_user` for enrolment: the one she
    has, so a reload keeps the key her app may have scanned, or a new one if she has none or
    `restart` is true (she asked to start again). Audited when a key is made."""
    with transaction.atomic():
        pending = TOTPDevice.objects.select_for_update().filter(user=acting_user, confirmed=False)
        device = None if restart else pending.first()
        if device is None:
            pending.delete()
            device = TOTPDevice(user=acting_user, name="Authenticator app", confirmed=False)
            device.full_clean()
            device.save()
            audit_append(action="user.2fa.start", actor=acting_user, detail={"restart": restart})
    return device


def totp_device_confirm(*, acting_user: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm enrolment with a first code; returns the new backup codes, or None if wrong."""
    with transaction.atomic():
        if device.user_id != acting_user.pk or not device.verify_token(token):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=acting_user).exclude(pk=device.pk).delete()
        audit_append(action="user.2fa.enrol", actor=acting_user)
        account_change_notify(user=acting_user, change="second_factor")
        return backup_codes_regenerate(acting_user=acting_user, notify=False)


BACKUP_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def _new_backup_code() -> str:
    # 10 characters from 31: about 49.5 bits; shown as two groups of five.
    raw = "".join(secrets.choice(BACKUP_CODE_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def backup_codes_regenerate(*, acting_user: User, notify: bool = True) -> list[str]:
    """Replace all backup codes; each works once. Shown to her once; only a password hash
    (argon2 in production) of each is kept.
    `notify` is false only when enrolment (which sends its own notice) makes the first set."""
    with transaction.atomic():
        device, created = BackupCodeDevice.objects.get_or_create(
            user=acting_user, defaults={"name": "Backup codes", "confirmed": True}
        )
        if device.salt:
            device.salt = ""  # the old set goes; the new one needs no shared salt
            device.save(update_fields=["salt"])
        device.codes.all().delete()
        codes = [_new_backup_code() for _ in range(BACKUP_CODE_COUNT)]
        BackupCode.objects.bulk_create(
            BackupCode(device=device, code_hash=make_password(BackupCodeDevice.normalise(c))) for c in codes)
        audit_append(action="user.2fa.backup_codes", actor=acting_user)
        if notify:
            account_change_notify(user=acting_user, change="backup_codes")
    return codes


def second_factor_match(user: User, token: str):
    """The device that accepts `token` (authenticator first, then a backup code), or None."""
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):
            return device
    if len(BackupCodeDevice.normalise(token)) == 10:
        for device in BackupCodeDevice.objects.filter(user=user, confirmed=True):
            if device.verify_token(token):
                return device
    return None


def user_has_second_factor(user: User) -> bool:
    return (TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            or BackupCode.objects.filter(device__user=user, device__confirmed=True, used_at=None).exists())

"""Helpers for firewall and help tests: real logins (so keys unlock), set-up organisations."""

from django.test import Client
from django.utils import timezone

from harbour.firewall import keys
from harbour.firewall.keyring import COOKIE_NAME

LOGIN, VERIFY = "/staff/login/", "/staff/login/verify/"


def login(persona, password=None) -> Client:
    """Log in through the real steps (password, then a backup code), so the firewall's
    password_verified receiver unlocks her keys into the session keyring."""
    client = Client()
    response = client.post(LOGIN, {"email": persona.user.email, "password": password or persona.password})
    assert response.status_code == 302, response.status_code
    code = persona.backup_codes.pop()
    response = client.post(VERIFY, {"token": code})
    assert response.status_code == 302, response.content[:500]
    assert COOKIE_NAME in client.cookies
    return client


def set_up_keys(admin, *members):
    """Give the admin's organisation a key pair and grant it to members, as the pages do."""
    personal = keys.member_key_unlock(user=admin.user, password=admin.password)
    assert personal is not None
    private_key, recovery = keys.organisation_key_create(acting_user=admin.user, organisation=admin.organisation)
    from harbour.accounts.models import Membership

    for member in members:
        keys.member_key_unlock(user=member.user, password=member.password)
        membership = Membership.objects.get(user=member.user, organisation=admin.organisation)
        keys.key_grant_create(acting_user=admin.user, membership=membership, private_key=private_key)
    return private_key, recovery


def today():
    return timezone.localdate()

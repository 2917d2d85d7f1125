import nacl.pwhash
import pytest
from django.urls import reverse

from harbour.accounts import services as account_services
from harbour.accounts.models import Membership
from harbour.core.models import AuditEntry
from harbour.firewall import crypto, keys
from harbour.firewall.keyring import COOKIE_NAME, SESSION_KEY
from harbour.firewall.models import KeyGrant, MemberKey, OrganisationKey
from tests.conftest import make_persona
from tests.firewall.helpers import login, set_up_keys


def test_a_record_sealed_to_a_public_key_opens_only_with_its_private_key():
    holder, stranger = crypto.new_key_pair(), crypto.new_key_pair()
    content, sealed_key = crypto.seal_record(bytes(holder.public_key), {"message": "hello"})
    assert crypto.open_record(holder, content, sealed_key) == {"message": "hello"}
    with pytest.raises(crypto.CryptoError):
        crypto.open_record(stranger, content, sealed_key)


def test_sealed_content_length_is_padded_to_blocks():
    key = crypto.new_key_pair()
    short, _ = crypto.seal_record(bytes(key.public_key), {"m": "a"})
    longer, _ = crypto.seal_record(bytes(key.public_key), {"m": "a" * 200})
    assert len(short) == len(longer)


def test_recovery_key_round_trips_through_its_printed_form():
    key = crypto.new_secret_key()
    printed = crypto.format_recovery_key(key)
    assert crypto.parse_recovery_key(printed.lower().replace("-", " ")) == key


@pytest.mark.django_db
def test_first_login_creates_a_personal_key_wrapped_under_her_password(caseworker_a):
    login(caseworker_a)
    member_key = MemberKey.objects.get(user=caseworker_a.user)
    assert keys.member_key_unlock(user=caseworker_a.user, password=caseworker_a.password).public_key.encode() == bytes(member_key.public_key)
    with pytest.raises(crypto.CryptoError):
        keys.member_key_unlock(user=caseworker_a.user, password="not her password")


@pytest.mark.django_db
def test_admin_sets_up_keys_and_sees_the_recovery_key_once(admin_a):
    client = login(admin_a)
    response = client.post(reverse("firewall:setup", args=[admin_a.organisation.public_id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "recovery key" in html.lower()
    assert OrganisationKey.objects.filter(organisation=admin_a.organisation).count() == 1
    assert KeyGrant.objects.filter(user=admin_a.user).count() == 1
    again = client.post(reverse("firewall:setup", args=[admin_a.organisation.public_id]))
    assert again.status_code == 400
    assert OrganisationKey.objects.count() == 1


@pytest.mark.django_db
def test_caseworker_cannot_set_up_keys(caseworker_a):
    client = login(caseworker_a)
    response = client.post(reverse("firewall:setup", args=[caseworker_a.organisation.public_id]))
    assert response.status_code == 404
    assert OrganisationKey.objects.count() == 0


@pytest.mark.django_db
def test_outsider_cannot_set_up_or_grant_for_another_organisation(admin_a, caseworker_a, outsider):
    set_up_keys(admin_a)
    keys.member_key_unlock(user=caseworker_a.user, password=caseworker_a.password)
    client = login(outsider)
    membership = Membership.objects.get(user=caseworker_a.user)
    assert client.post(reverse("firewall:setup", args=[admin_a.organisation.public_id])).status_code == 404
    assert client.post(reverse("firewall:grant", args=[membership.public_id])).status_code == 404
    assert KeyGrant.objects.filter(user=caseworker_a.user).count() == 0


@pytest.mark.django_db
def test_login_unlocks_granted_organisation_keys_into_an_encrypted_session(admin_a, caseworker_a):
    private_key, _ = set_up_keys(admin_a, caseworker_a)
    client = login(caseworker_a)
    session = client.session
    blob = session[SESSION_KEY]
    # The session holds only ciphertext; the cookie key is needed to open it.
    assert crypto.b64(bytes(private_key)) not in str(dict(session))
    cookie_key = crypto.unb64(client.cookies[COOKIE_NAME].value)
    assert crypto.b64(bytes(private_key)) in crypto.unwrap(cookie_key, crypto.unb64(blob)).decode()
    cookie = client.cookies[COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == "/staff/"


@pytest.mark.django_db
def test_admin_grants_a_new_member_without_her_password(admin_a, org_a):
    private_key, _ = set_up_keys(admin_a)
    newcomer = make_persona(email="new@a.example.org", organisation=org_a, role=Membership.Role.CASEWORKER)
    login(newcomer)  # her personal key is made at her first login
    admin = login(admin_a)
    membership = Membership.objects.get(user=newcomer.user)
    response = admin.post(reverse("firewall:grant", args=[membership.public_id]))
    assert response.status_code == 302
    grant = KeyGrant.objects.get(user=newcomer.user)
    personal = keys.member_key_unlock(user=newcomer.user, password=newcomer.password)
    assert crypto.unseal(personal, grant.sealed_private_key) == bytes(private_key)


@pytest.mark.django_db
def test_password_change_rewraps_her_key_and_keeps_her_access(admin_a, caseworker_a):
    private_key, _ = set_up_keys(admin_a, caseworker_a)
    account_services.user_change_password(acting_user=caseworker_a.user, old_password=caseworker_a.password,
                                          new_password="a brand new passphrase 42")
    personal = keys.member_key_unlock(user=caseworker_a.user, password="a brand new passphrase 42")
    assert keys.organisation_keys_for(user=caseworker_a.user, personal_key=personal)[
        str(admin_a.organisation.public_id)].encode() == bytes(private_key)
    with pytest.raises(crypto.CryptoError):
        keys.member_key_unlock(user=caseworker_a.user, password=caseworker_a.password)


@pytest.mark.django_db
def test_reset_by_email_drops_her_grants_and_shows_she_needs_a_new_grant(admin_a, caseworker_a):
    set_up_keys(admin_a, caseworker_a)
    old_public = bytes(MemberKey.objects.get(user=caseworker_a.user).public_key)
    account_services.user_change_password(acting_user=caseworker_a.user, old_password=None,
                                          new_password="reset passphrase 12345")
    member_key = MemberKey.objects.get(user=caseworker_a.user)
    assert bytes(member_key.public_key) != old_public
    assert member_key.replaced_after_reset_on is not None
    assert KeyGrant.objects.filter(user=caseworker_a.user).count() == 0
    assert AuditEntry.objects.filter(action="firewall.member_key.reset").count() == 1
    caseworker_a.password = "reset passphrase 12345"
    her_page = login(caseworker_a).get(reverse("firewall:overview")).content.decode()
    assert "ask an admin" in her_page.lower()
    admin_page = login(admin_a).get(reverse("firewall:overview")).content.decode()
    assert caseworker_a.user.email in admin_page
    assert "reset her password" in admin_page


@pytest.mark.django_db
def test_ending_a_membership_deletes_her_sealed_copy(admin_a, caseworker_a):
    set_up_keys(admin_a, caseworker_a)
    membership = Membership.objects.get(user=caseworker_a.user)
    account_services.membership_end(acting_user=admin_a.user, membership=membership)
    assert KeyGrant.objects.filter(user=caseworker_a.user).count() == 0
    assert KeyGrant.objects.filter(user=admin_a.user).count() == 1


@pytest.mark.django_db
def test_recovery_key_opens_the_organisation_key_and_a_wrong_one_does_not(admin_a):
    private_key, recovery = set_up_keys(admin_a)
    KeyGrant.objects.all().delete()
    client = login(admin_a)
    wrong = client.post(reverse("firewall:recover", args=[admin_a.organisation.public_id]),
                        {"recovery_key": crypto.format_recovery_key(crypto.new_secret_key())})
    assert wrong.status_code == 400
    assert KeyGrant.objects.count() == 0
    right = client.post(reverse("firewall:recover", args=[admin_a.organisation.public_id]),
                        {"recovery_key": recovery})
    assert right.status_code == 302
    assert KeyGrant.objects.filter(user=admin_a.user).count() == 1


@pytest.mark.django_db
def test_keyring_cookie_is_secure_when_sessions_are(caseworker_a, settings):
    settings.SESSION_COOKIE_SECURE = True
    client = login(caseworker_a)
    assert client.cookies[COOKIE_NAME]["secure"] is True


@pytest.mark.django_db
def test_logout_leaves_nothing_that_opens_the_keyring(admin_a, caseworker_a):
    set_up_keys(admin_a, caseworker_a)
    client = login(caseworker_a)
    old_cookie = client.cookies[COOKIE_NAME].value
    response = client.post(reverse("accounts:logout"))
    assert response.cookies[COOKIE_NAME]["max-age"] == 0
    from django.contrib.sessions.models import Session

    blobs = [s.get_decoded().get(SESSION_KEY) for s in Session.objects.all()]
    assert [b for b in blobs if b] == []
    assert old_cookie  # the old cookie key alone is useless: there is no ciphertext left to open


def test_personal_keys_are_wrapped_at_least_as_strongly_as_passwords_are_hashed(settings):
    from django.contrib.auth.hashers import Argon2PasswordHasher

    settings.HARBOUR_FAST_KDF = False
    limits = crypto.kdf_limits()
    assert limits.opslimit >= Argon2PasswordHasher.time_cost
    assert limits.memlimit >= Argon2PasswordHasher.memory_cost * 1024
    assert limits.memlimit >= nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE


@pytest.mark.django_db
def test_a_key_wrapped_with_weaker_limits_is_rewrapped_at_her_next_unlock(caseworker_a, settings):
    keys.member_key_unlock(user=caseworker_a.user, password=caseworker_a.password)
    weak = crypto.KdfLimits(nacl.pwhash.argon2id.OPSLIMIT_MIN, nacl.pwhash.argon2id.MEMLIMIT_MIN)
    stronger = crypto.KdfLimits(nacl.pwhash.argon2id.OPSLIMIT_MIN + 1, nacl.pwhash.argon2id.MEMLIMIT_MIN)
    assert crypto.is_weaker(weak, stronger) and not crypto.is_weaker(stronger, stronger)
    public_before = bytes(MemberKey.objects.get(user=caseworker_a.user).public_key)
    from unittest import mock

    with mock.patch.object(crypto, "kdf_limits", return_value=stronger):
        keys.member_key_unlock(user=caseworker_a.user, password=caseworker_a.password)
    member_key = MemberKey.objects.get(user=caseworker_a.user)
    assert (member_key.opslimit, bytes(member_key.public_key)) == (stronger.opslimit, public_before)
    assert AuditEntry.objects.filter(action="firewall.member_key.strengthen").count() == 1
    keys.member_key_unlock(user=caseworker_a.user, password=caseworker_a.password)

import re

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from harbour.accounts.backends import address_digest
from harbour.accounts.models import BackupCodeDevice, LoginLockout, User
from tests.conftest import PASSWORD

LOGIN = "/staff/login/"


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def password_step(client, persona, password=PASSWORD):
    return client.post(LOGIN, {"email": persona.user.email, "password": password})


@pytest.mark.django_db
def test_staff_pages_send_an_anonymous_visitor_to_login(client):
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


@pytest.mark.django_db
def test_password_alone_does_not_open_staff_pages(client, caseworker_a):
    response = password_step(client, caseworker_a)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:verify")
    blocked = client.get(reverse("accounts:dashboard"))
    assert blocked.status_code == 302
    assert blocked["Location"].startswith(reverse("accounts:verify"))


@pytest.mark.django_db
def test_django_admin_also_needs_the_second_factor(client, caseworker_a):
    caseworker_a.user.is_staff = caseworker_a.user.is_superuser = True
    caseworker_a.user.save()
    password_step(client, caseworker_a)
    response = client.get("/staff/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:verify"))


@pytest.mark.django_db
def test_totp_code_completes_login(client, caseworker_a):
    password_step(client, caseworker_a)
    response = client.post(reverse("accounts:verify"), {"token": current_code(caseworker_a.device)})
    assert response.status_code == 302
    assert client.get(reverse("accounts:dashboard")).status_code == 200


@pytest.mark.django_db
def test_a_backup_code_works_once(client, caseworker_a):
    code = caseworker_a.backup_codes[0]
    password_step(client, caseworker_a)
    assert client.post(reverse("accounts:verify"), {"token": code}).status_code == 302
    client.post(reverse("accounts:logout"))
    password_step(client, caseworker_a)
    again = client.post(reverse("accounts:verify"), {"token": code})
    assert again.status_code == 400
    assert "That code is not right" in again.content.decode()


@pytest.mark.django_db
def test_wrong_totp_code_is_refused_clearly_and_changes_nothing_but_the_counter(client, caseworker_a):
    password_step(client, caseworker_a)
    response = client.post(reverse("accounts:verify"), {"token": "000000" if current_code(caseworker_a.device) != "000000" else "111111"})
    assert response.status_code == 400
    assert "That code is not right" in response.content.decode()
    assert client.get(reverse("accounts:dashboard")).status_code == 302
    assert LoginLockout.objects.get(address_digest=address_digest(caseworker_a.user.email)).failures == 1


@pytest.mark.django_db
def test_wrong_password_gives_one_message_for_unknown_and_known_accounts(client, caseworker_a):
    known = password_step(client, caseworker_a, password="wrong password")
    unknown = client.post(LOGIN, {"email": "nobody@example.org", "password": "wrong password"})
    assert known.status_code == unknown.status_code == 400
    message = "That e-mail address and password do not match an account."
    assert message in known.content.decode() and message in unknown.content.decode()


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_even_against_the_right_password(client, caseworker_a, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        password_step(client, caseworker_a, password="wrong password")
    response = password_step(client, caseworker_a)
    assert response.status_code == 429
    assert "Too many attempts with this e-mail address" in response.content.decode()
    assert client.get(reverse("accounts:dashboard")).status_code == 302
    caseworker_a.user.refresh_from_db()
    assert caseworker_a.user.is_locked()


@pytest.mark.django_db
def test_lock_ends_after_its_time(client, caseworker_a):
    LoginLockout.objects.create(address_digest=address_digest(caseworker_a.user.email), failures=0,
                                last_failure_at=timezone.now(),
                                locked_until=timezone.now() - timezone.timedelta(seconds=1))
    assert password_step(client, caseworker_a).status_code == 302


@pytest.mark.django_db
def test_repeated_wrong_second_factor_codes_lock_and_log_out(client, caseworker_a, settings):
    settings.LOGIN_MAX_FAILURES = 2
    password_step(client, caseworker_a)
    wrong = "999999" if current_code(caseworker_a.device) != "999999" else "888888"
    client.post(reverse("accounts:verify"), {"token": wrong})
    response = client.post(reverse("accounts:verify"), {"token": wrong})
    assert response.status_code == 429
    assert client.get(reverse("accounts:verify")).status_code == 302  # back to the password step


@pytest.mark.django_db
def test_no_ip_address_or_user_agent_is_stored_anywhere(client, caseworker_a):
    marker_ip, marker_agent = "203.0.113.77", "CanaryAgent/9.9"
    extra = {"REMOTE_ADDR": marker_ip, "HTTP_USER_AGENT": marker_agent, "HTTP_X_FORWARDED_FOR": marker_ip}
    client.post(LOGIN, {"email": caseworker_a.user.email, "password": "wrong"}, **extra)
    client.post(LOGIN, {"email": caseworker_a.user.email, "password": PASSWORD}, **extra)
    client.post(reverse("accounts:verify"), {"token": current_code(caseworker_a.device)}, **extra)
    client.get(reverse("accounts:dashboard"), **extra)
    for model in apps.get_models():
        # No column meant to hold an address...
        assert not any(isinstance(f, models.GenericIPAddressField) for f in model._meta.get_fields()), model
        # ...and no row holding the one we sent, whatever the column.
        text_fields = [f.name for f in model._meta.concrete_fields
                       if isinstance(f, (models.CharField, models.TextField, models.JSONField))]
        for row in model.objects.values_list(*text_fields) if text_fields else []:
            flat = " ".join(str(v) for v in row)
            assert marker_ip not in flat and marker_agent not in flat, model


@pytest.mark.django_db
def test_a_new_staff_member_must_enrol_a_second_factor(client, org_a):
    User.objects.create_user("new@a.example.org", PASSWORD)
    response = client.post(LOGIN, {"email": "new@a.example.org", "password": PASSWORD})
    assert response["Location"] == reverse("accounts:enrol")
    page = client.get(reverse("accounts:enrol"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user__email="new@a.example.org", confirmed=False)
    done = client.post(reverse("accounts:enrol"), {"token": current_code(device)})
    assert done.status_code == 200
    assert done.content.decode().count('<li><code dir="ltr">') == 10
    assert client.get(reverse("accounts:dashboard")).status_code == 200


@pytest.mark.django_db
def test_staff_sessions_end_after_the_idle_time(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_httponly_and_samesite(client, caseworker_a):
    response = password_step(client, caseworker_a)
    cookie = response.cookies["hb_session"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_open_redirect_through_next_is_refused(client, caseworker_a):
    password_step(client, caseworker_a)
    response = client.post(reverse("accounts:verify"),
                           {"token": current_code(caseworker_a.device), "next": "https://evil.example.net/"})
    assert response["Location"] == reverse("accounts:dashboard")


@pytest.mark.django_db
def test_backup_codes_are_stored_only_as_salted_hashes(caseworker_a):
    from harbour.accounts.models import BackupCode

    stored = list(BackupCode.objects.filter(device__user=caseworker_a.user).values_list("code_hash", flat=True))
    assert len(stored) == 10
    for code in caseworker_a.backup_codes:
        assert all(code not in h and code.replace("-", "") not in h for h in stored)


@pytest.mark.django_db
def test_a_backup_code_is_accepted_in_capitals_and_without_its_dash(client, caseworker_a):
    password_step(client, caseworker_a)
    code = caseworker_a.backup_codes[3].replace("-", " ").upper()
    assert client.post(reverse("accounts:verify"), {"token": code}).status_code == 302


@pytest.mark.django_db
def test_new_backup_codes_replace_the_old_ones(as_caseworker_a, caseworker_a, client):
    as_caseworker_a.post(reverse("accounts:backup_codes"))
    password_step(client, caseworker_a)
    response = client.post(reverse("accounts:verify"), {"token": caseworker_a.backup_codes[0]})
    assert response.status_code == 400


@pytest.mark.django_db
def test_a_login_error_is_shown_once(client, caseworker_a):
    html = password_step(client, caseworker_a, password="wrong password").content.decode()
    assert html.count("That e-mail address and password do not match an account.") == 1


@pytest.mark.django_db
def test_no_staff_template_shows_non_field_errors_twice():
    """The kind behind the doubled login error: a template printing `non_field_errors` and
    then the whole form (`as_div`, `as_p`, …), which prints them again."""
    from pathlib import Path

    offenders = []
    for template in Path("harbour").glob("*/templates/**/*.html"):
        text = template.read_text()
        for form in re.findall(r"\{\{\s*(\w+)\.non_field_errors", text):
            if re.search(r"\{\{\s*" + form + r"\.as_(div|p|table|ul)\s*\}\}", text):
                offenders.append(f"{template}: {form}")
    assert offenders == []


def _locked_out(client, email, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        client.post(LOGIN, {"email": email, "password": "wrong password"})
    return client.post(LOGIN, {"email": email, "password": "wrong password"})


def _without_tokens(html: str, email: str) -> str:
    return re.sub(r'value="[^"]*"', "", html).replace(email, "EMAIL")


@pytest.mark.django_db
def test_known_and_unknown_addresses_are_locked_out_alike(client, caseworker_a, settings):
    known = _locked_out(client, caseworker_a.user.email, settings)
    unknown = _locked_out(Client(), "nobody@example.org", settings)
    assert known.status_code == unknown.status_code == 429
    assert _without_tokens(known.content.decode(), caseworker_a.user.email) == \
        _without_tokens(unknown.content.decode(), "nobody@example.org")


@pytest.mark.django_db
def test_unknown_addresses_run_the_password_hasher(client, monkeypatch):
    calls = []
    real = User.set_password
    monkeypatch.setattr(User, "set_password", lambda self, raw: calls.append(raw) or real(self, raw))
    client.post(LOGIN, {"email": "nobody@example.org", "password": "guess"})
    assert calls == ["guess"]


@pytest.mark.django_db
def test_the_lockout_keeps_no_address_in_the_clear(client, caseworker_a, settings):
    _locked_out(client, caseworker_a.user.email, settings)
    _locked_out(Client(), "nobody@example.org", settings)
    rows = list(LoginLockout.objects.values())
    assert len(rows) == 2
    dumped = repr(rows).lower()
    assert "nobody" not in dumped and "caseworker" not in dumped and "example.org" not in dumped


@pytest.mark.django_db
def test_login_failures_are_audited_without_the_address(client, caseworker_a):
    from harbour.core.models import AuditEntry

    password_step(client, caseworker_a, password="wrong password")
    client.post(LOGIN, {"email": "nobody@example.org", "password": "x"})
    entries = list(AuditEntry.objects.filter(action="user.login.failure").order_by("seq"))
    assert [e.actor for e in entries] == [str(caseworker_a.user.public_id), ""]
    assert all("example.org" not in repr(e.detail) for e in entries)


def _enrolling(client, org_a):
    from harbour.accounts import services

    user = User.objects.create_user("new@a.example.org", PASSWORD, full_name="New")
    services.membership_add(acting_user=None, organisation=org_a, user=user, role="caseworker")
    client.post(LOGIN, {"email": user.email, "password": PASSWORD})
    return user


def _pending(user) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=False)


@pytest.mark.django_db
def test_reloading_enrolment_keeps_the_key_already_shown(client, org_a):
    user = _enrolling(client, org_a)
    first = client.get(reverse("accounts:enrol"))
    key = _pending(user).key
    second = client.get(reverse("accounts:enrol"))
    assert _pending(user).key == key
    assert first.context["secret"] == second.context["secret"]
    done = client.post(reverse("accounts:enrol"), {"token": current_code(_pending(user))})
    assert done.status_code == 200 and "Your backup codes" in done.content.decode()


@pytest.mark.django_db
def test_starting_enrolment_again_on_purpose_makes_a_new_key(client, org_a):
    user = _enrolling(client, org_a)
    client.get(reverse("accounts:enrol"))
    key = _pending(user).key
    response = client.post(reverse("accounts:enrol"), {"restart": "1"})
    assert response.status_code == 200
    assert _pending(user).key != key
    assert TOTPDevice.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_the_right_code_works_right_after_a_wrong_one(client, caseworker_a):
    password_step(client, caseworker_a)
    right = current_code(caseworker_a.device)
    wrong = "000000" if right != "000000" else "111111"
    assert client.post(reverse("accounts:verify"), {"token": wrong}).status_code == 400
    assert client.post(reverse("accounts:verify"), {"token": right}).status_code == 302


@pytest.mark.django_db
def test_adjacent_time_steps_are_accepted_once_each(client, caseworker_a):
    """RFC 6238 section 5.2: accept a step either side for clock drift; section 5.2 also
    says a code once used must not be accepted again."""
    device = caseworker_a.device
    previous = f"{totp(device.bin_key, device.step, device.t0 + device.step, device.digits, device.drift):06d}"
    password_step(client, caseworker_a)
    assert client.post(reverse("accounts:verify"), {"token": previous}).status_code == 302
    client.post(reverse("accounts:logout"))
    password_step(client, caseworker_a)
    assert client.post(reverse("accounts:verify"), {"token": previous}).status_code == 400


@pytest.mark.django_db
def test_the_login_code_field_offers_letters_and_enrolment_digits(client, caseworker_a, org_a):
    password_step(client, caseworker_a)
    verify_html = client.get(reverse("accounts:verify")).content.decode()
    assert 'inputmode="numeric"' not in verify_html
    other = Client()
    _enrolling(other, org_a)
    assert 'inputmode="numeric"' in other.get(reverse("accounts:enrol")).content.decode()


@pytest.mark.django_db
def test_each_backup_code_is_stored_as_its_own_password_hash(caseworker_a, settings):
    from django.contrib.auth.hashers import identify_hasher

    from harbour.accounts.models import BackupCode

    hashes = list(BackupCode.objects.filter(device__user=caseworker_a.user).values_list("code_hash", flat=True))
    assert len(hashes) == 10 and len(set(hashes)) == 10
    for code_hash in hashes:
        assert identify_hasher(code_hash).algorithm == settings.PASSWORD_HASHERS[0].rsplit(".", 1)[1].lower().replace("passwordhasher", "")
    dump = repr(hashes)
    assert not any(BackupCodeDevice.normalise(code) in dump for code in caseworker_a.backup_codes)


@pytest.mark.django_db
def test_production_hashes_backup_codes_with_argon2(caseworker_a, settings):
    from django.contrib.auth.hashers import identify_hasher

    from harbour.accounts import services
    from harbour.accounts.models import BackupCode

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    codes = services.backup_codes_regenerate(acting_user=caseworker_a.user)
    code_hash = BackupCode.objects.filter(device__user=caseworker_a.user).first().code_hash
    assert identify_hasher(code_hash).algorithm == "argon2"
    assert BackupCodeDevice.objects.get(user=caseworker_a.user).verify_token(codes[3])


@pytest.mark.django_db
@pytest.mark.parametrize("nxt", ["words she typed", "no-such-view", "//evil.example/", "https://evil.example/"])
def test_a_next_that_is_not_a_path_here_is_ignored_not_a_server_error(client, caseworker_a, nxt):
    response = client.post(reverse("accounts:login") + "?next=x", {
        "email": caseworker_a.user.email, "password": caseworker_a.password, "next": nxt})

    assert response.status_code == 302
    assert "evil" not in response["Location"]
    follow = client.get(response["Location"])
    assert follow.status_code == 200

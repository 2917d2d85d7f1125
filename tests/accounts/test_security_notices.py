"""A password reset ends every session and needs the second factor again; every
security-relevant account change is audited and mailed to the member and her
organisation's admins (issue 12, cryptographic gaps 4)."""

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from harbour.accounts import services
from harbour.accounts.models import Membership
from harbour.core.models import AuditEntry
from tests.conftest import make_persona, verified_client
from tests.firewall.helpers import set_up_keys
from tests.web.pages import translated_languages

NEW = "a quite different passphrase 42"


def reset_password(client, user):
    link = reverse("accounts:password_reset_confirm",
                   args=[urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)])
    form = client.get(link, follow=True).redirect_chain[-1][0]
    return client.post(form, {"new_password1": NEW, "new_password2": NEW})


def notices():
    return sorted((m.to[0], m.subject) for m in mail.outbox)


@pytest.mark.django_db
def test_a_reset_ends_every_session_of_the_account_and_no_other(client, caseworker_a, admin_a,
                                                                 django_capture_on_commit_callbacks):
    hers, other = verified_client(caseworker_a), verified_client(admin_a)
    assert hers.get("/staff/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert reset_password(client, caseworker_a.user).status_code == 302
    assert hers.get("/staff/").status_code == 302
    assert other.get("/staff/").status_code == 200
    entry = AuditEntry.objects.filter(action="user.password").latest("seq")
    assert entry.detail == {"by_reset": True, "sessions_ended": 1}


@pytest.mark.django_db
def test_after_a_reset_the_second_factor_is_still_needed(client, caseworker_a):
    reset_password(client, caseworker_a.user)
    response = client.post("/staff/login/", {"email": caseworker_a.user.email, "password": NEW})
    assert response["Location"] == reverse("accounts:verify")
    assert client.get("/staff/").status_code == 302


@pytest.mark.django_db
def test_a_reset_is_mailed_to_her_and_her_admins(client, caseworker_a, admin_a, outsider,
                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reset_password(client, caseworker_a.user)
    assert notices() == [(admin_a.user.email, "Harbour account change"),
                         (caseworker_a.user.email, "Harbour account change")]
    assert "reset" in mail.outbox[0].body


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["password", "backup_codes", "membership_added", "role",
                                    "membership_ended", "second_factor"])
def test_each_account_change_is_mailed_to_her_and_her_admins(change, caseworker_a, admin_a, outsider, org_a,
                                                              django_capture_on_commit_callbacks):
    user = caseworker_a.user
    newcomer = make_persona(email="new@b.example.org", organisation=outsider.organisation, role="viewer")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        if change == "password":
            services.user_change_password(acting_user=user, old_password=caseworker_a.password, new_password=NEW)
        elif change == "backup_codes":
            services.backup_codes_regenerate(acting_user=user)
        elif change == "membership_added":
            services.membership_add(acting_user=admin_a.user, organisation=org_a, user=newcomer.user,
                                    role=Membership.Role.VIEWER)
            user = newcomer.user
        elif change == "role":
            membership = Membership.objects.get(user=user, organisation=org_a)
            services.membership_set_role(acting_user=admin_a.user, membership=membership, role="viewer")
        elif change == "membership_ended":
            membership = Membership.objects.get(user=user, organisation=org_a)
            services.membership_end(acting_user=admin_a.user, membership=membership)
        elif change == "second_factor":
            device = services.totp_device_start(acting_user=user, restart=True)
            from tests.accounts.test_login import current_code

            assert services.totp_device_confirm(acting_user=user, device=device, token=current_code(device))
    # Her organisation's admins are told, not the outsider's organisation.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([user.email, admin_a.user.email])
    assert all(m.subject == "Harbour account change" for m in mail.outbox)


@pytest.mark.django_db
def test_a_key_grant_is_mailed_to_her_and_her_admins(admin_a, caseworker_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        set_up_keys(admin_a, caseworker_a)
    bodies = {m.to[0]: m.body for m in mail.outbox if "copy of the organisation's key" in m.body}
    assert set(bodies) == {caseworker_a.user.email, admin_a.user.email}


@pytest.mark.django_db
# Staff languages whose catalogues exist (the others join when their translation lands).
@pytest.mark.parametrize("language", [code for code in settings.STAFF_LANGUAGES
                                      if code == settings.LANGUAGE_CODE or code in translated_languages()])
def test_the_notice_is_in_the_reader_language(language, caseworker_a, admin_a, django_capture_on_commit_callbacks):
    admin_a.user.language = language
    admin_a.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.backup_codes_regenerate(acting_user=caseworker_a.user)
    to_admin = next(m for m in mail.outbox if m.to == [admin_a.user.email])
    assert caseworker_a.user.email in to_admin.body
    if language != "en":
        assert to_admin.subject != "Harbour account change"

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from harbour.accounts.models import Invitation, Membership, User

NEW_PASSWORD = "a long new password 2026"  # noqa: S105


def invite(client, persona, *, email="newcomer@a.example.org", role="caseworker", language="en"):
    return client.post(reverse("accounts:organisation", args=[persona.organisation.public_id]),
                       {"email": email, "role": role, "language": language})


def link_from_mail() -> str:
    return re.search(r"http://testserver(/staff/invitation/[^/\s]+/)", mail.outbox[-1].body).group(1)


@pytest.mark.django_db(transaction=True)
def test_admin_invites_and_the_invitee_joins(as_admin_a, admin_a):
    response = invite(as_admin_a, admin_a)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["newcomer@a.example.org"]
    link = link_from_mail()
    page = as_admin_a.__class__().get(link)
    assert page.status_code == 200
    done = as_admin_a.__class__().post(link, {"full_name": "New Person", "new_password1": NEW_PASSWORD,
                                              "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    user = User.objects.get(email="newcomer@a.example.org")
    assert user.check_password(NEW_PASSWORD)
    assert Membership.objects.get(user=user).role == "caseworker"


@pytest.mark.django_db(transaction=True)
def test_invitation_mail_is_in_the_chosen_language(as_admin_a, admin_a):
    invite(as_admin_a, admin_a, language="es")
    assert "Has sido invitada" in mail.outbox[0].body or "invitación" in mail.outbox[0].subject.lower()


@pytest.mark.django_db(transaction=True)
def test_only_a_hash_of_the_invitation_token_is_stored(as_admin_a, admin_a):
    invite(as_admin_a, admin_a)
    token = link_from_mail().rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get()
    assert token not in invitation.token_hash
    assert len(invitation.token_hash) == 64


@pytest.mark.django_db(transaction=True)
def test_an_expired_invitation_is_refused_clearly_and_changes_nothing(as_admin_a, admin_a, client):
    invite(as_admin_a, admin_a)
    link = link_from_mail()
    Invitation.objects.update(expires_at=timezone.now() - timezone.timedelta(minutes=1))
    response = client.post(link, {"full_name": "Late", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 410
    assert "This link cannot be used" in response.content.decode()
    assert not User.objects.filter(email="newcomer@a.example.org").exists()


@pytest.mark.django_db(transaction=True)
def test_an_invitation_works_only_once(as_admin_a, admin_a, client):
    invite(as_admin_a, admin_a)
    link = link_from_mail()
    data = {"full_name": "N", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert client.post(link, data).status_code == 302
    assert client.post(link, data).status_code == 410


@pytest.mark.django_db
def test_an_unknown_token_is_410(client):
    assert client.get(reverse("accounts:invitation", args=["not-a-real-token"])).status_code == 410


@pytest.mark.django_db(transaction=True)
def test_mismatched_passwords_return_the_form_with_an_error(as_admin_a, admin_a, client):
    invite(as_admin_a, admin_a)
    response = client.post(link_from_mail(), {"full_name": "Kept Name", "new_password1": NEW_PASSWORD,
                                              "new_password2": "something else entirely"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "The two passwords are not the same." in html
    assert 'value="Kept Name"' in html


@pytest.mark.django_db(transaction=True)
def test_inviting_an_existing_member_is_refused(as_admin_a, admin_a, caseworker_a):
    response = invite(as_admin_a, admin_a, email=caseworker_a.user.email)
    assert response.status_code == 400
    assert "already a member" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.django_db
def test_password_reset_mail_is_sent_in_her_language(client, caseworker_a):
    caseworker_a.user.language = "es"
    caseworker_a.user.save()
    response = client.post(reverse("accounts:password_reset"), {"email": caseworker_a.user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "contraseña" in mail.outbox[0].subject.lower()

"""Bad, used or expired links get one clear page and one status everywhere (issue 9.8)."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from harbour.accounts.models import User


def bad_links(user: User) -> dict[str, str]:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return {
        "unknown invitation": reverse("accounts:invitation", args=["not-a-real-token"]),
        "forged reset token": reverse("accounts:password_reset_confirm", args=[uid, "abc-123"]),
        "reset for no account": reverse("accounts:password_reset_confirm", args=["zzzz", "abc-123"]),
    }


@pytest.mark.django_db
def test_every_bad_link_answers_410_with_the_same_page(client, caseworker_a):
    for name, link in bad_links(caseworker_a.user).items():
        for response in (client.get(link, follow=True), client.post(link, {}, follow=True)):
            assert response.status_code == 410, name
            assert [t.name for t in response.templates][0] == "accounts/link_unusable.html", name
            assert "This link cannot be used" in response.content.decode(), name


@pytest.mark.django_db
def test_a_used_reset_link_answers_410(client, caseworker_a):
    user = caseworker_a.user
    link = reverse("accounts:password_reset_confirm",
                   args=[urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)])
    page = client.get(link, follow=True)
    assert page.status_code == 200
    new = "a quite different passphrase 42"
    done = client.post(page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    again = client.get(link, follow=True)
    assert again.status_code == 410

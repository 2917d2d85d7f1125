"""The referrals API (issue 15 item 9): a token reads states and outcome codes of its own
organisation's referrals, never sealed content; moves are its side's only; tokens are
hashed at rest, scoped and revocable."""

import json

import pytest

from harbour.referrals import services
from harbour.referrals.models import ApiToken, Referral
from tests.conftest import verified_client
from tests.referrals.conftest import CANARY_NAME, CANARY_PHONE

pytestmark = pytest.mark.django_db


def _token(persona, scopes=("referrals:read", "referrals:write")):
    return services.api_token_create(acting_user=persona.user, organisation=persona.organisation, name="Partner",
                                     scopes=list(scopes))[1]


def _get(client, token, path="/api/v1/referrals"):
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")


def _post(client, token, referral, body):
    return client.post(f"/api/v1/referrals/{referral.pk}/status", json.dumps(body), content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {token}")


def test_the_list_gives_states_and_codes_never_content(client, sent_referral, admin_b):
    token = _token(admin_b)
    response = _get(client, token)
    assert response.status_code == 200
    [row] = response.json()
    assert row["reference"] == sent_referral.reference and row["status"] == "sent" and row["side"] == "receiver"
    assert CANARY_NAME not in response.content.decode() and CANARY_PHONE not in response.content.decode()


def test_the_token_is_hashed_at_rest_and_shown_once(admin_b):
    row, token = services.api_token_create(acting_user=admin_b.user, organisation=admin_b.organisation, name="P",
                                           scopes=["referrals:read"])
    stored = json.dumps(list(ApiToken.objects.values()), default=str)
    assert token not in stored and row.digest != token and len(token) > 40


def test_a_receiver_token_moves_the_receivers_side_only(client, sent_referral, admin_b):
    token = _token(admin_b)
    assert _post(client, token, sent_referral, {"to": "withdrawn"}).status_code == 400
    moved = _post(client, token, sent_referral, {"to": "declined", "reason": "no_capacity"})
    assert moved.status_code == 200 and moved.json()["status"] == "declined"
    assert Referral.objects.get(pk=sent_referral.pk).decline_reason == "no_capacity"


def test_bad_moves_answer_400_and_change_nothing(client, sent_referral, admin_b):
    token = _token(admin_b)
    before = Referral.objects.filter(pk=sent_referral.pk).values().get()
    for body in ({"to": "completed", "reason": "support_delivered"}, {"to": "declined", "reason": "nope"},
                 {"to": "received", "version": sent_referral.version - 1},
                 {"to": "accepted"}):
        assert _post(client, token, sent_referral, body).status_code == 400
    assert Referral.objects.filter(pk=sent_referral.pk).values().get() == before


def test_read_scope_cannot_write_and_revoked_tokens_are_refused(client, sent_referral, admin_b):
    read_only = _token(admin_b, scopes=("referrals:read",))
    assert _post(client, read_only, sent_referral, {"to": "received"}).status_code == 401
    assert _get(client, read_only).status_code == 200
    services.api_token_revoke(acting_user=admin_b.user, token=ApiToken.objects.get())
    assert _get(client, read_only).status_code == 401
    assert _get(client, "hbr_not-a-token").status_code == 401
    assert client.get("/api/v1/referrals").status_code == 401


def test_an_outsider_token_sees_nothing_and_gets_404(client, sent_referral, outsider_c):
    token = _token(outsider_c)
    assert _get(client, token).json() == []
    before = Referral.objects.filter(pk=sent_referral.pk).values().get()
    assert _post(client, token, sent_referral, {"to": "received"}).status_code == 404
    assert Referral.objects.filter(pk=sent_referral.pk).values().get() == before


def test_tokens_are_managed_by_admins_on_a_staff_page(admin_b, caseworker_b, outsider_c):
    admin = verified_client(admin_b)
    response = admin.post("/staff/referrals/tokens/", {"name": "Case system", "scopes": ["referrals:read"]})
    import re

    secret = re.search(r"hbr_[A-Za-z0-9_-]{40,}", response.content.decode()).group(0)
    token = ApiToken.objects.get()
    assert services.api_token_find(secret, scope="referrals:read") == token
    listing = admin.get("/staff/referrals/tokens/").content.decode()
    assert token.prefix + "…" in listing and secret not in listing
    assert verified_client(caseworker_b).get("/staff/referrals/tokens/").status_code == 404
    assert verified_client(outsider_c).post(f"/staff/referrals/tokens/{token.public_id}/revoke/").status_code == 404
    assert ApiToken.objects.get().revoked_at is None
    assert admin.post(f"/staff/referrals/tokens/{token.public_id}/revoke/").status_code == 302
    assert ApiToken.objects.get().revoked_at is not None

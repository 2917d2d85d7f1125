"""Destructive staff actions ask first, on a page without JavaScript, saying what will happen;
only the confirmed POST acts (issue 9.7). One test per action, all through the same check."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from harbour.accounts.models import Membership
from harbour.directory.models import Claim
from harbour.firewall.models import Consent
from tests.conftest import verified_client
from tests.directory.test_staff import coordinator, service_a  # noqa: F401 - fixtures
from tests.firewall.fixtures import admin_b  # noqa: F401 - fixture


def assert_asks_first(client, url, data, *, unchanged, says):
    """GET and an unconfirmed POST show the confirmation page and change nothing; its form
    posts back to the same address with confirm=yes."""
    for response in (client.get(url, data), client.post(url, data)):
        assert response.status_code == 200
        html = response.content.decode()
        assert says in html
        assert f'action="{url}"' in html and 'name="confirm" value="yes"' in html
        assert "<script" not in html.split('<main id="main">')[1]
        assert unchanged()
    return client.post(url, {**data, "confirm": "yes"})


@pytest.mark.django_db
def test_removing_a_member_asks_first(as_admin_a, caseworker_a, org_a):
    membership = Membership.objects.get(user=caseworker_a.user, organisation=org_a)
    url = reverse("accounts:membership_end", args=[membership.public_id])
    org_page = as_admin_a.get(reverse("accounts:organisation", args=[org_a.public_id])).content.decode()
    assert f'href="{url}"' in org_page
    done = assert_asks_first(as_admin_a, url, {},
                             unchanged=lambda: Membership.objects.get(pk=membership.pk).is_active,
                             says="her copy of the organisation&#x27;s key is removed")
    assert done.status_code == 302
    assert not Membership.objects.get(pk=membership.pk).is_active


@pytest.mark.django_db
def test_withdrawing_a_consent_asks_first(caseworker_a, admin_a, org_a, org_b, admin_b):  # noqa: F811
    from harbour.firewall import services
    from tests.firewall.helpers import set_up_keys

    set_up_keys(admin_a, caseworker_a)
    set_up_keys(admin_b)
    from harbour.help.services import help_request_create

    help_request, _code = help_request_create(
        organisation=org_a, needs=["safety"], name="N", message="M", contact_channel="text",
        contact_value="0", safe_times="", message_ok=False, language="en")
    recipient = services.recipient_register(acting_user=admin_a.user, organisation=org_a, name="B",
                                            category="specialist_support", partner=org_b)
    consent = services.consent_record(
        acting_user=caseworker_a.user, organisation=org_a, subject_ref=help_request.public_id, recipient=recipient,
        categories=["needs"], purpose=Consent.Purpose.SUPPORT, expires_on=timezone.localdate() + datetime.timedelta(days=30),
        method=Consent.Method.choices[0][0], language="en")
    client = verified_client(caseworker_a)
    url = reverse("help_staff:revoke", args=[consent.public_id])
    done = assert_asks_first(client, url, {}, unchanged=lambda: Consent.objects.get(pk=consent.pk).revoked_on is None,
                             says="Nothing more will be shared with B under this consent.")
    assert done.status_code == 302
    assert Consent.objects.get(pk=consent.pk).revoked_on == timezone.localdate()


@pytest.mark.django_db
def test_withdrawing_a_claim_asks_first(coordinator, service_a):  # noqa: F811
    from tests.directory.factories import add_claim

    add_claim(service_a, Claim.Kind.NRPF)
    client = verified_client(coordinator)
    url = reverse("directory_staff:claim_withdraw", kwargs={"service_id": service_a.pk})
    done = assert_asks_first(client, url, {"kind": "nrpf"}, unchanged=lambda: Claim.objects.count() == 1,
                             says="until it is checked and confirmed again")
    assert done.status_code == 302
    assert Claim.objects.count() == 0

"""The same "refer her" form sent twice makes one referral and one disclosure; the second is
refused with a translated sentence and stores nothing. Once the first has ended, she may be
referred to the same recipient again."""

import pytest
from django.urls import reverse

from harbour.referrals import workflow
from harbour.referrals.models import Referral
from tests.firewall.helpers import login
from tests.referrals import test_refer_pages as pages
from tests.referrals.test_refer_pages import _form, _stored, _url

pytestmark = pytest.mark.django_db

# The pages' fixtures: her help request and her case.
her_request = pages.her_request
her_case = pages.her_case

REPEAT = "She has already been referred to this recipient and that referral is still open"


def _twice(client, url, form):
    first = client.post(url, form)
    assert first.status_code == 302
    before = _stored()
    second = client.post(url, form)
    assert second.status_code == 400
    assert _stored() == before
    return second.content.decode()


def test_the_same_referral_from_a_help_request_posted_twice_is_refused(her_request, caseworker_a, partnership,
                                                                         keys_b):
    html = _twice(login(caseworker_a), _url(her_request), _form(partnership=partnership.pk))
    assert 'role="alert"' in html and REPEAT in html
    assert "Typed-Interpreter-9" in html
    assert Referral.objects.count() == 1


def test_the_same_referral_from_a_case_posted_twice_is_refused(her_case, caseworker_a, partnership, keys_b):
    url = reverse("referrals_staff:refer_case", args=[her_case.public_id])
    html = _twice(login(caseworker_a), url, _form(partnership=partnership.pk, language="fa"))
    assert REPEAT in html
    assert Referral.objects.count() == 1


def test_the_refusal_is_in_the_members_language(her_request, caseworker_a, partnership, keys_b):
    caseworker_a.user.language = "es"
    caseworker_a.user.save(update_fields=["language"])
    client = login(caseworker_a)
    client.post(_url(her_request), _form(partnership=partnership.pk), HTTP_ACCEPT_LANGUAGE="es")
    response = client.post(_url(her_request), _form(partnership=partnership.pk), HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 400 and "Ya se la ha derivado" in response.content.decode()


def test_after_the_first_referral_ended_she_may_be_referred_again(her_request, caseworker_a, partnership, keys_b):
    client = login(caseworker_a)
    assert client.post(_url(her_request), _form(partnership=partnership.pk)).status_code == 302
    Referral.objects.update(status=sorted(workflow.FINAL)[0])
    assert client.post(_url(her_request), _form(partnership=partnership.pk)).status_code == 302
    assert Referral.objects.count() == 2

"""The "refer her" pages (views_refer): from a help request and from a case, linked from their
staff detail pages. Her consent is asked with the share page's own fields; each refusal
comes back as a translated error on the form, filled in, with nothing stored; outsiders,
visitors and members without the right get nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from harbour.accounts import services as account_services
from harbour.accounts.models import Membership
from harbour.cases import services as case_services
from harbour.firewall import services as firewall_services
from harbour.firewall.models import Consent, Disclosure, Recipient
from harbour.help import services as help_services
from harbour.help.models import HelpRequest
from harbour.referrals.models import Partnership, Referral
from tests.conftest import make_persona, verified_client
from tests.firewall.helpers import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def her_request(keys_a, org_a):
    request, _code = help_services.help_request_create(organisation=org_a, needs=["housing", "legal"],
                                                       message="Canary-Page-Words", name="Canary-Page-Name",
                                                       language="es")
    return request


@pytest.fixture
def her_case(keys_a, caseworker_a):
    return case_services.case_open_direct(acting_user=caseworker_a.user, organisation=caseworker_a.organisation,
                                          name="Canary-Case-Page", summary="Her words", language="fa",
                                          needs=["housing"])


def _form(**changes):
    form = {"partnership": "", "recipient": "", "one_off_reason": "", "needs": ["housing"],
            "categories": ["identity", "contact", "needs", "narrative"], "purpose": "support",
            "expires_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(), "method": "phone",
            "language": "es", "interpreter": "Typed-Interpreter-9"}
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


def _stored():
    return (Referral.objects.count(), Consent.objects.count(), Disclosure.objects.count(),
            HelpRequest.objects.count())


def _url(her_request):
    return reverse("referrals_staff:refer_help_request", args=[her_request.public_id])


def test_the_request_page_links_to_the_form_and_a_referral_goes_with_her_consent(her_request, caseworker_a,
                                                                                partnership, keys_b):
    client = login(caseworker_a)
    detail = client.get(reverse("help_staff:detail", args=[her_request.public_id])).content.decode()
    assert f'href="{_url(her_request)}"' in detail
    page = client.get(_url(her_request))
    assert page.status_code == 200
    html = page.content.decode()
    assert partnership.receiving_organisation.name in html and 'name="interpreter"' in html
    response = client.post(_url(her_request), _form(partnership=partnership.pk))
    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("referrals_staff:detail",
                                                                            args=[referral.pk])
    assert (referral.source, referral.status, referral.needs) == ("help_request", "sent", ["housing"])
    consent = Consent.objects.get(pk=referral.consent_id)
    assert (consent.method, consent.language, consent.purpose, consent.subject_ref) == (
        "phone", "es", "support", her_request.public_id)
    assert bytes(consent.sealed_content) != b""  # the interpreter, sealed


def _refused(client, her_request, form, message):
    before = _stored()
    response = client.post(_url(her_request), form)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in html and message in html, html[html.find("refer-errors"):][:800]
    assert "Typed-Interpreter-9" in html  # the form comes back as she filled it in
    assert _stored() == before


def test_no_partnership_and_no_recipient_is_refused(her_request, caseworker_a, partnership):
    _refused(login(caseworker_a), her_request, _form(), "Choose a partnership, or a recipient for a one-off referral.")


def test_a_paused_partnership_is_refused(her_request, caseworker_a, partnership):
    Partnership.objects.filter(pk=partnership.pk).update(status="paused")
    _refused(login(caseworker_a), her_request, _form(partnership=partnership.pk),
             "This partnership is paused or has ended: no referral can go under it.")


def test_a_one_off_to_a_partner_with_a_paused_partnership_is_refused(her_request, caseworker_a, partnership,
                                                                     recipient_b):
    Partnership.objects.filter(pk=partnership.pk).update(status="paused")
    _refused(login(caseworker_a), her_request,
             _form(recipient=recipient_b.public_id, one_off_reason="she_chose"), "is paused")


def test_a_consent_that_has_already_ended_is_refused(her_request, caseworker_a, partnership):
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    _refused(login(caseworker_a), her_request, _form(partnership=partnership.pk, expires_on=yesterday),
             "Choose an end date from today to one year ahead.")


def test_a_recipient_of_a_refused_kind_is_refused(her_request, caseworker_a, admin_a, keys_b):
    police = Recipient.objects.create(registered_by=admin_a.organisation, name="Northshire Police",
                                      category="police", email="ppu@police.example.org")
    _refused(login(caseworker_a), her_request,
             _form(recipient=police.public_id, one_off_reason="she_chose", categories=["identity", "needs"]),
             "A referral can go only to a specialist support service")


def test_a_recipient_without_a_key_is_refused(her_request, caseworker_a, admin_a):
    keyless = account_services.organisation_create(acting_user=None, name="Keyless refuge", country="GB")
    recipient = firewall_services.recipient_register(acting_user=admin_a.user, organisation=admin_a.organisation,
                                                     name="Keyless refuge", category="specialist_support",
                                                     partner=keyless)
    _refused(login(caseworker_a), her_request, _form(recipient=recipient.public_id, one_off_reason="she_chose"),
             "This partner has no key yet")


def test_a_one_off_needs_a_reason(her_request, caseworker_a, recipient_b):
    _refused(login(caseworker_a), her_request, _form(recipient=recipient_b.public_id),
             "A one-off referral needs a reason from the list.")


def test_a_refusal_speaks_her_language(her_request, caseworker_a, partnership):
    caseworker_a.user.language = "es"
    caseworker_a.user.save(update_fields=["language"])
    Partnership.objects.filter(pk=partnership.pk).update(status="paused")
    client = login(caseworker_a)
    response = client.post(_url(her_request), _form(partnership=partnership.pk), HTTP_ACCEPT_LANGUAGE="es")
    html = response.content.decode()
    assert response.status_code == 400 and "Esta colaboración está en pausa" in html


def test_a_case_page_links_to_its_form_and_refers_her(her_case, caseworker_a, partnership, keys_b):
    client = login(caseworker_a)
    url = reverse("referrals_staff:refer_case", args=[her_case.public_id])
    assert f'href="{url}"' in client.get(reverse("cases_staff:detail", args=[her_case.public_id])).content.decode()
    assert client.get(url).status_code == 200
    response = client.post(url, _form(partnership=partnership.pk, language="fa"))
    referral = Referral.objects.get()
    assert response.status_code == 302 and (referral.source, referral.subject_ref) == ("case", her_case.subject_ref)


@pytest.mark.parametrize("who", ["outsider admin", "outsider caseworker", "anonymous", "community worker of A",
                                 "trainer of A", "viewer of A"])
def test_outsiders_visitors_and_roles_without_the_right_get_nothing(her_request, her_case, partnership, org_a,
                                                                    outsider_c, who):
    from django.test import Client

    if who == "anonymous":
        client = Client()
    elif who == "outsider admin":
        client = verified_client(outsider_c)
    elif who == "outsider caseworker":
        client = verified_client(make_persona(email="cw@c.example.org", organisation=outsider_c.organisation,
                                              role=Membership.Role.CASEWORKER))
    else:
        role = {"community worker of A": "community_worker", "trainer of A": "trainer", "viewer of A": "viewer"}[who]
        client = verified_client(make_persona(email=f"{role}@a.example.org", organisation=org_a, role=role))
    before = _stored()
    for url in (_url(her_request), reverse("referrals_staff:refer_case", args=[her_case.public_id])):
        for method in ("get", "post"):
            response = getattr(client, method)(url, _form(partnership=partnership.pk))
            if who == "anonymous":
                assert response.status_code == 302 and "/staff/login/" in response["Location"], (method, url)
            else:
                assert response.status_code == 404, (who, method, url, response.status_code)
            assert b"Canary" not in response.content
    assert _stored() == before

"""Faults found in the walk-through of the intelligence-only report: a second send needs an
explicit confirmation naming the first (a double click delivers once); a refused send is
shown as an error in the member's language with her form kept; the case picker offers only
open cases, most recently opened first."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from harbour.accounts import services as account_services
from harbour.cases import services as case_services
from harbour.cases.models import Case
from harbour.firewall.models import Recipient
from harbour.referrals import services_intelligence as services
from harbour.referrals.models_intelligence import IntelligenceReport, IntelligenceShare
from tests.firewall.helpers import login

pytestmark = pytest.mark.django_db


def _send(client, report, police, version, **extra):
    return client.post(reverse("referrals_intelligence:send", args=[report.public_id]),
                       {"recipient": police.pk, "channel": "email", "agreed_method": "phone", "agreed": "on",
                        "version": version, **extra})


def test_a_double_click_sends_once(report_a, caseworker_a, police_a, django_capture_on_commit_callbacks):
    client = login(caseworker_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = _send(client, report_a, police_a, report_a.version)
        second = _send(client, report_a, police_a, report_a.version)
    assert first.status_code == 302 and second.status_code == 400
    assert 'role="alert"' in second.content.decode()
    assert len(mail.outbox) == 1 and IntelligenceShare.objects.count() == 1


def test_a_second_send_needs_a_confirmation_naming_the_first(report_a, caseworker_a, police_a,
                                                              django_capture_on_commit_callbacks):
    client = login(caseworker_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _send(client, report_a, police_a, report_a.version)
        page = client.get(reverse("referrals_intelligence:detail", args=[report_a.public_id])).content.decode()
        version = re.search(r'name="version" value="(\d+)"', page).group(1)
        assert 'name="resend"' in page
        unconfirmed = _send(client, report_a, police_a, version)
        html = unconfirmed.content.decode()
        day = timezone.localdate().strftime("%-d %B %Y")
        assert unconfirmed.status_code == 400 and f"already sent on {day} to Northshire Police PPU" in html
        assert IntelligenceShare.objects.count() == 1
        confirmed = _send(client, report_a, police_a, version, resend="on")
    assert confirmed.status_code == 302 and len(mail.outbox) == 2 and IntelligenceShare.objects.count() == 2


def test_the_service_refuses_a_second_send_without_confirmation(report_a, caseworker_a, police_a, key_a):
    services.intelligence_report_send(acting_user=caseworker_a.user, report=report_a, recipient=police_a,
                                      private_key=key_a, channel="pdf", agreed_method="phone")
    with pytest.raises(ValidationError) as refused:
        services.intelligence_report_send(acting_user=caseworker_a.user, report=report_a, recipient=police_a,
                                          private_key=key_a, channel="pdf", agreed_method="phone")
    assert refused.value.code == "resend" and IntelligenceShare.objects.count() == 1


def test_a_refused_send_is_an_error_in_her_language_with_the_form_kept(report_a, caseworker_a, admin_a, org_a):
    org_a.languages = ["fr"]  # the police are written to in French
    org_a.save(update_fields=["languages"])
    caseworker_a.user.language = "es"
    caseworker_a.user.save(update_fields=["language"])
    # A police force on Harbour: a recipient with no e-mail address.
    force = account_services.organisation_create(acting_user=None, name="Northshire Police", country="GB")
    no_address = Recipient.objects.create(registered_by=org_a, name="Police without address", category="police",
                                          organisation=force)
    client = login(caseworker_a)
    response = client.post(reverse("referrals_intelligence:send", args=[report_a.public_id]),
                           {"recipient": no_address.pk, "channel": "email", "agreed_method": "writing",
                            "agreed": "on", "version": report_a.version}, HTTP_ACCEPT_LANGUAGE="es")
    html = response.content.decode()
    assert response.status_code == 400
    alert = re.search(r'<p class="error" role="alert" id="send-error">([^<]+)</p>', html).group(1)
    assert alert == "Este destinatario no tiene dirección de correo: descargue el PDF."
    assert re.search(r'<option value="writing" selected>', html)
    assert IntelligenceReport.objects.get(pk=report_a.pk).status == "draft"


def test_the_case_picker_offers_open_cases_only_newest_first(sealed_a, caseworker_a, org_a):
    today = timezone.localdate()
    made = {}
    for name, days_ago, status in (("old", 30, "new"), ("newest", 1, "new"), ("closed", 0, "closed"),
                                   ("withdrawn", 0, "withdrawn"), ("middle", 10, "new"), ("middle-2", 10, "new")):
        case = case_services.case_open_direct(acting_user=caseworker_a.user, organisation=org_a, name=name)
        Case.objects.filter(pk=case.pk).update(opened_on=today - datetime.timedelta(days=days_ago), status=status)
        made[name] = Case.objects.get(pk=case.pk)
    page = login(caseworker_a).get(reverse("referrals_intelligence:create", args=[org_a.public_id])).content.decode()
    select = re.search(r'<select name="case"[^>]*>(.*?)</select>', page, re.S).group(1)
    offered = re.findall(r'<option value="(\d+)"', select)
    expected = [made[n].pk for n in ("newest", "middle-2", "middle", "old")]
    assert offered == [str(pk) for pk in expected]


def test_a_closed_case_is_refused_by_the_service(sealed_a, caseworker_a, org_a):
    from tests.referrals.intelligence.conftest import report_data

    case = case_services.case_open_direct(acting_user=caseworker_a.user, organisation=org_a, name="x")
    Case.objects.filter(pk=case.pk).update(status="closed")
    with pytest.raises(ValidationError) as refused:
        services.intelligence_report_create(acting_user=caseworker_a.user, organisation=org_a,
                                            case=Case.objects.get(pk=case.pk), data=report_data())
    assert "closed or withdrawn" in str(refused.value) and IntelligenceReport.objects.count() == 0

"""The staff pages of the intelligence-only report, with a real login (keyring open), and
the outsider: another organisation's members, and A's members without casework roles, get
the same 404 as for a missing report on every route, and change nothing."""

import json
import uuid

import pytest
from django.core import mail
from django.urls import reverse

from harbour.accounts.models import Membership
from harbour.referrals.models_intelligence import IntelligenceReport, IntelligenceShare
from tests.conftest import make_persona, verified_client
from tests.firewall.helpers import login
from tests.referrals.intelligence.conftest import report_data


def _post_data(**changes):
    data = {k: v for k, v in report_data(**changes).items() if k != "abuse_kinds"}
    data["abuse_kinds"] = report_data(**changes)["abuse_kinds"]
    return {k: ("" if v is None else v) for k, v in data.items()}


def _routes(report, organisation):
    return [reverse("referrals_intelligence:create", args=[organisation.public_id]),
            reverse("referrals_intelligence:detail", args=[report.public_id]),
            reverse("referrals_intelligence:edit", args=[report.public_id]),
            reverse("referrals_intelligence:send", args=[report.public_id])]


def _state():
    return json.dumps([sorted(map(str, IntelligenceReport.objects.values_list("public_id", "version", "status"))),
                       IntelligenceShare.objects.count(), len(mail.outbox)])


def test_a_caseworker_records_checks_and_sends_a_report(sealed_a, caseworker_a, police_a, org_a,
                                                       django_capture_on_commit_callbacks):
    client = login(caseworker_a)
    index = client.get(reverse("referrals_intelligence:index"))
    assert index.status_code == 200 and "No reports yet." in index.content.decode()
    new = reverse("referrals_intelligence:create", args=[org_a.public_id])
    assert f'href="{new}"' in index.content.decode()
    response = client.post(new, _post_data())
    report = IntelligenceReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("referrals_intelligence:detail",
                                                                            args=[report.public_id])
    page = client.get(response["Location"]).content.decode()
    assert "Tall man, red van, plate AB12 CDE." in page and "Former partner" in page and 'id="send-form"' in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(reverse("referrals_intelligence:send", args=[report.public_id]),
                           {"recipient": police_a.pk, "channel": "email", "agreed_method": "phone", "agreed": "on",
                            "version": report.version})
    assert sent.status_code == 302
    assert [m.to for m in mail.outbox] == [["ppu@police.example.org"]]
    page = client.get(sent["Location"]).content.decode()
    assert "Northshire Police PPU (E-mail)" in page and "Sent to the police" in page


def test_a_bad_form_comes_back_filled_in_and_saves_nothing(sealed_a, caseworker_a, org_a):
    client = login(caseworker_a)
    response = client.post(reverse("referrals_intelligence:create", args=[org_a.public_id]),
                           _post_data(abuse_kinds=[], perpetrator="Kept words"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Kept words" in page and "This field is required." in page
    assert IntelligenceReport.objects.count() == 0


def test_send_without_her_agreement_sends_nothing(report_a, caseworker_a, police_a):
    client = login(caseworker_a)
    response = client.post(reverse("referrals_intelligence:send", args=[report_a.public_id]),
                           {"recipient": police_a.pk, "channel": "email", "agreed_method": "phone",
                            "version": report_a.version})
    assert response.status_code == 400 and IntelligenceShare.objects.count() == 0
    assert ('<p class="error" role="alert" id="send-error">Choose a police recipient and record how she agreed.</p>'
            in response.content.decode())


def test_the_pdf_is_downloaded(report_a, caseworker_a, police_a):
    client = login(caseworker_a)
    response = client.post(reverse("referrals_intelligence:send", args=[report_a.public_id]),
                           {"recipient": police_a.pk, "channel": "pdf", "agreed_method": "in_person", "agreed": "on",
                            "version": report_a.version})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == f'attachment; filename="intelligence-{report_a.reference}.pdf"'


def test_the_edit_page_changes_a_draft(report_a, caseworker_a):
    client = login(caseworker_a)
    url = reverse("referrals_intelligence:edit", args=[report_a.public_id])
    form = client.get(url).content.decode()
    assert "He followed her from the bus stop." in form and 'name="version" value="1"' in form
    response = client.post(url, {**_post_data(incident="New words"), "version": "1"})
    assert response.status_code == 302
    report_a.refresh_from_db()
    assert report_a.version == 2
    stale = client.post(url, {**_post_data(incident="Older words"), "version": "1"})
    assert stale.status_code == 400 and "Someone else changed this report" in stale.content.decode()


def test_without_an_unlocked_key_the_page_says_so_and_offers_no_sending(report_a, caseworker_a, police_a):
    page = verified_client(caseworker_a).get(reverse("referrals_intelligence:detail", args=[report_a.public_id]))
    html = page.content.decode()
    assert page.status_code == 200 and 'id="locked"' in html and 'id="send-form"' not in html
    assert "bus stop" not in html


@pytest.mark.parametrize("who", ["outsider caseworker", "outsider admin", "trainer of A", "community worker of A",
                                 "viewer of A"])
def test_outsiders_get_404_on_every_route_and_change_nothing(report_a, police_a, org_a, outsider, admin_b, who):
    persona = {"outsider caseworker": outsider, "outsider admin": admin_b}.get(who)
    if persona is None:
        role = {"trainer of A": "trainer", "community worker of A": "community_worker", "viewer of A": "viewer"}[who]
        persona = make_persona(email=f"{role}@a.example.org", organisation=org_a, role=role)
    client = verified_client(persona)
    before = _state()
    for url in _routes(report_a, org_a):
        for method in ("get", "post"):
            response = getattr(client, method)(url, {**_post_data(), "recipient": police_a.pk, "channel": "email",
                                                     "agreed_method": "phone", "agreed": "on"})
            assert response.status_code in (404, 405), (who, method, url, response.status_code)
            assert b"INT-" not in response.content
    assert _state() == before
    assert client.get(reverse("referrals_intelligence:detail", args=[uuid.uuid4()])).status_code == 404


def test_the_index_is_404_for_members_without_casework_roles(org_a):
    trainer = make_persona(email="trainer@a.example.org", organisation=org_a, role=Membership.Role.TRAINER)
    assert verified_client(trainer).get(reverse("referrals_intelligence:index")).status_code == 404


def test_the_navigation_offers_the_page_to_caseworkers_only(caseworker_a, org_a):
    trainer = make_persona(email="trainer@a.example.org", organisation=org_a, role=Membership.Role.TRAINER)
    link = f'href="{reverse("referrals_intelligence:index")}"'
    assert link in verified_client(caseworker_a).get("/staff/").content.decode()
    assert link not in verified_client(trainer).get("/staff/").content.decode()


def test_the_pages_speak_spanish_and_arabic_as_drafts(report_a, org_a):
    for language, text in (("es", "Informes a la policía"), ("ar", "البلاغات إلى الشرطة")):
        persona = make_persona(email=f"{language}@a.example.org", organisation=org_a, role="caseworker",
                               language=language)
        html = verified_client(persona).get(reverse("referrals_intelligence:index"),
                                            HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert text in html, language

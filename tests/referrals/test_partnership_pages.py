"""A recorded partnership's pages (issue 15 item 1): either side's admins change its terms
(audited by field name, stale forms refused and returned filled in), meetings are recorded
with sealed minutes each side opens with its own key, and the information-sharing agreement
is uploaded (a real PDF, not too big) and downloaded only by the two organisations.
Outsiders (another organisation, anonymous, a member without the role, the network
coordinator) get nothing and change nothing."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from harbour.accounts.models import Membership, Network
from harbour.core.models import AuditEntry
from harbour.referrals import services, services_partnership
from harbour.referrals.models import Partnership, PartnershipAgreement, PartnershipMinutes
from tests.conftest import make_persona, verified_client
from tests.firewall.helpers import login

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
MINUTES = "canary-minutes-5d2e: we agreed to meet at the library"


@pytest.fixture
def viewer_a(org_a):
    return make_persona(email="viewer@a.example.org", organisation=org_a, role=Membership.Role.VIEWER)


@pytest.fixture
def coordinator(org_a, org_b):
    """A network coordinator of both organisations, member of neither: she sees counts only."""
    from harbour.accounts.models import User

    user = User.objects.create_user("coordinator@network.example.org", "a long password 1234", full_name="Co")
    network = Network.objects.create(name="Network")
    network.organisations.add(org_a, org_b)
    network.coordinators.add(user)
    return user


def _coordinator_client(user) -> Client:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()
    client.force_login(user, backend="harbour.accounts.backends.LockoutAwareBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _form(partnership, **changes) -> dict:
    """The edit form as the page fills it in, with `changes`."""
    data = {"needs": partnership.needs, "data_categories": partnership.data_categories,
            "referring_contact": partnership.referring_contact_id or "",
            "receiving_contact": partnership.receiving_contact_id or "",
            "ack_working_hours": partnership.ack_working_hours,
            "first_contact_working_hours": partnership.first_contact_working_hours,
            "agreement_review_on": "", "meeting_rhythm": partnership.meeting_rhythm,
            "next_meeting_on": "", "review_on": partnership.review_on.isoformat() if partnership.review_on else "",
            "version": partnership.version}
    for name in ("time_and_resources_agreed", "leads_named", "gbv_language_agreed", "training_offered",
                 "disagreements_process_agreed"):
        if getattr(partnership, name):
            data[name] = "on"
    data.update(changes)
    return data


def _state(partnership):
    return (Partnership.objects.filter(pk=partnership.pk).values().get(),
            list(PartnershipAgreement.objects.values("public_id", "replaced_at", "sha256")),
            PartnershipMinutes.objects.count())


def _upload(content: bytes, name: str = "agreement.pdf", content_type: str = "application/pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


# --- editing ---------------------------------------------------------------------------------

def test_the_receiving_sides_admin_changes_the_terms_and_the_audit_names_only_the_fields(partnership, admin_b,
                                                                                          caseworker_a):
    client = verified_client(admin_b)
    edit_url = f"/staff/referrals/partnerships/{partnership.public_id}/edit/"
    assert f'href="{edit_url}"' in client.get(f"/staff/referrals/partnerships/{partnership.public_id}/").content.decode()
    page = client.get(edit_url)
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.content.decode()

    response = client.post(f"/staff/referrals/partnerships/{partnership.public_id}/edit/", _form(
        partnership, needs=["safety", "legal"], referring_contact=caseworker_a.user.pk, ack_working_hours=24,
        agreement_review_on="2027-03-01", next_meeting_on="2027-01-15", training_offered="on",
        meeting_rhythm="monthly"))

    assert response.status_code == 302
    changed = Partnership.objects.get(pk=partnership.pk)
    assert changed.needs == ["legal", "safety"] and changed.referring_contact == caseworker_a.user
    assert changed.ack_working_hours == 24 and changed.agreement_review_on == datetime.date(2027, 3, 1)
    assert changed.next_meeting_on == datetime.date(2027, 1, 15) and changed.training_offered
    assert changed.meeting_rhythm == "monthly" and changed.version == partnership.version + 1
    entry = AuditEntry.objects.filter(action="referrals.partnership.update").get()
    assert entry.detail == {"changed": ["ack_working_hours", "agreement_review_on", "meeting_rhythm", "needs",
                                        "next_meeting_on", "referring_contact", "training_offered"]}


def test_a_stale_form_is_refused_and_returned_with_what_she_typed(partnership, admin_a, admin_b):
    client = verified_client(admin_a)
    opened_at = partnership.version
    services.partnership_set_status(acting_user=admin_b.user, partnership=partnership, status="paused")
    before = _state(partnership)

    response = client.post(f"/staff/referrals/partnerships/{partnership.public_id}/edit/",
                           _form(partnership, ack_working_hours=33, version=opened_at))

    assert response.status_code == 400
    page = response.content.decode()
    assert "Someone else changed this partnership while you were working on it" in page
    assert re.search(r'name="ack_working_hours" value="33"', page)
    current = Partnership.objects.get(pk=partnership.pk).version
    assert re.search(rf'name="version" value="{current}"', page)
    assert _state(partnership) == before


def test_the_edit_keeps_the_rules_of_recording_a_partnership(partnership, admin_a, caseworker_b):
    client = verified_client(admin_a)
    before = _state(partnership)
    out_of_range = client.post(f"/staff/referrals/partnerships/{partnership.public_id}/edit/",
                           _form(partnership, ack_working_hours=0, data_categories=[]))
    assert out_of_range.status_code == 400 and _state(partnership) == before
    # A contact from the other side is refused by the creation rule itself.
    with pytest.raises(ValidationError, match="member of her side"):
        services_partnership.partnership_update(acting_user=admin_a.user, partnership=partnership,
                                                expected_version=partnership.version,
                                                changes={"referring_contact": caseworker_b.user})
    with pytest.raises(ValidationError):
        services_partnership.partnership_update(acting_user=admin_a.user, partnership=partnership,
                                                expected_version=partnership.version,
                                                changes={"needs": ["a_passport_check"]})
    assert _state(partnership) == before


def test_an_ended_partnership_cannot_be_changed(partnership, admin_a):
    services.partnership_set_status(acting_user=admin_a.user, partnership=partnership, status="ended")
    ended = Partnership.objects.get(pk=partnership.pk)
    before = _state(partnership)
    response = verified_client(admin_a).post(f"/staff/referrals/partnerships/{partnership.public_id}/edit/",
                                             _form(ended, ack_working_hours=30))
    assert response.status_code == 400 and "This partnership has ended" in response.content.decode()
    assert _state(partnership) == before


def test_only_those_who_may_change_the_status_see_its_form(partnership, admin_a, caseworker_a):
    url = f"/staff/referrals/partnerships/{partnership.public_id}/"
    status_url = f"{url}status/"
    assert f'action="{status_url}"' in verified_client(admin_a).get(url).content.decode()
    page = verified_client(caseworker_a).get(url)
    assert page.status_code == 200 and f'action="{status_url}"' not in page.content.decode()
    assert "Change the status" not in page.content.decode()


# --- meetings and minutes --------------------------------------------------------------------

def test_a_meeting_is_recorded_and_each_side_opens_its_own_sealed_copy(partnership, caseworker_a, caseworker_b,
                                                                       keys_a, keys_b):
    client_a = login(caseworker_a)
    partnership_page = client_a.get(f"/staff/referrals/partnerships/{partnership.public_id}/").content.decode()
    meetings_url = f"/staff/referrals/partnerships/{partnership.public_id}/meetings/"
    assert f'href="{meetings_url}"' in partnership_page

    response = client_a.post(meetings_url, {"held_on": "2026-11-26", "minutes": MINUTES,
                                            "next_meeting_on": "2027-02-25"})

    assert response.status_code == 302
    copies = PartnershipMinutes.objects.all()
    assert {c.organisation_id for c in copies} == {partnership.referring_organisation_id,
                                                   partnership.receiving_organisation_id}
    assert all(MINUTES.encode() not in bytes(c.sealed_content) for c in copies)
    assert Partnership.objects.get(pk=partnership.pk).next_meeting_on == datetime.date(2027, 2, 25)
    for client, organisation in ((client_a, partnership.referring_organisation),
                                 (login(caseworker_b), partnership.receiving_organisation)):
        listing = client.get(meetings_url).content.decode()
        mine = copies.get(organisation=organisation)
        assert f"{meetings_url}{mine.public_id}/" in listing and "26 Nov 2026" in listing
        opened = client.get(f"{meetings_url}{mine.public_id}/")
        assert opened.status_code == 200 and MINUTES in opened.content.decode()
    assert AuditEntry.objects.filter(action="referrals.partnership.minutes_view").count() == 2


def test_without_her_key_the_minutes_stay_sealed_and_another_sides_copy_is_not_hers(partnership, community_a,
                                                                                     caseworker_a, keys_a, keys_b):
    services.partnership_record_meeting(acting_user=caseworker_a.user, partnership=partnership, minutes=MINUTES,
                                        next_meeting_on=None, held_on=datetime.date(2026, 11, 2))
    theirs = PartnershipMinutes.objects.get(organisation=partnership.receiving_organisation)
    ours = PartnershipMinutes.objects.get(organisation=partnership.referring_organisation)
    client = verified_client(community_a)  # a community worker holds no key
    base = f"/staff/referrals/partnerships/{partnership.public_id}/meetings/"
    page = client.get(f"{base}{ours.public_id}/")
    assert page.status_code == 200 and 'id="minutes-locked"' in page.content.decode()
    assert MINUTES not in page.content.decode()
    # Logging in again cannot give her a key she does not hold: the page says who does.
    assert "Log out and log in again" not in page.content.decode()
    assert "ask an admin or a caseworker of your organisation" in page.content.decode()
    assert "Only active admins and caseworkers hold the organisation's key." in page.content.decode()
    assert login(caseworker_a).get(f"{base}{theirs.public_id}/").status_code == 404


def test_bad_minutes_come_back_filled_in_and_store_nothing(partnership, caseworker_a, keys_a, keys_b):
    before = _state(partnership)
    response = verified_client(caseworker_a).post(
        f"/staff/referrals/partnerships/{partnership.public_id}/meetings/",
        {"held_on": "2026-11-26", "minutes": "  ", "next_meeting_on": "2026-11-20"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="2026-11-26"' in page and "The next meeting comes after this one." in page
    assert _state(partnership) == before


def test_a_meeting_held_in_the_future_is_refused_and_the_form_kept(partnership, caseworker_a, keys_a, keys_b):
    before = _state(partnership)
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    for held_on in ("2030-01-01", tomorrow):
        response = verified_client(caseworker_a).post(
            f"/staff/referrals/partnerships/{partnership.public_id}/meetings/",
            {"held_on": held_on, "minutes": MINUTES, "next_meeting_on": "2030-02-01"})
        assert response.status_code == 400
        page = response.content.decode()
        assert "This meeting has not been held yet: record it once it has." in page
        assert f'value="{held_on}"' in page and MINUTES in page
    assert _state(partnership) == before


def test_the_meetings_list_costs_the_same_queries_for_one_or_many(partnership, caseworker_a, keys_a, keys_b):
    client = verified_client(caseworker_a)
    url = f"/staff/referrals/partnerships/{partnership.public_id}/meetings/"

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    services.partnership_record_meeting(acting_user=caseworker_a.user, partnership=partnership, minutes="one",
                                        next_meeting_on=None)
    one = queries()
    for _ in range(4):
        services.partnership_record_meeting(acting_user=caseworker_a.user, partnership=partnership, minutes="more",
                                            next_meeting_on=None)
    assert queries() == one


# --- the agreement -------------------------------------------------------------------------------

def test_the_agreement_is_uploaded_replaced_with_a_record_and_downloaded_by_either_side(partnership, admin_a,
                                                                                        caseworker_b):
    client = verified_client(admin_a)
    url = f"/staff/referrals/partnerships/{partnership.public_id}/edit/"
    assert client.post(url, {**_form(partnership), "agreement": _upload(PDF)}).status_code == 302
    first = PartnershipAgreement.objects.get()
    newer = PDF.replace(b"1.7", b"2.0")
    partnership.refresh_from_db()
    assert client.post(url, {**_form(partnership), "agreement": _upload(newer)}).status_code == 302

    old, current = PartnershipAgreement.objects.get(pk=first.pk), PartnershipAgreement.objects.get(
        replaced_at__isnull=True)
    assert old.replaced_at is not None and bytes(old.content) == b"" and old.sha256 == first.sha256
    entry = AuditEntry.objects.filter(action="referrals.partnership.update").last()
    assert entry.detail["replaced"] == str(first.public_id) and entry.detail["replaced_sha256"] == first.sha256
    assert entry.detail["agreement"] == str(current.public_id) and entry.detail["changed"] == ["agreement"]

    page = verified_client(caseworker_b).get(f"/staff/referrals/partnerships/{partnership.public_id}/")
    download_url = f"/staff/referrals/partnerships/{partnership.public_id}/agreement/"
    assert f'action="{download_url}"' in page.content.decode()
    assert verified_client(caseworker_b).get(download_url).status_code == 405
    response = verified_client(caseworker_b).post(download_url)
    assert response.status_code == 200 and response.content == newer
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="agreement-{current.public_id}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff" and "no-store" in response["Cache-Control"]


def test_a_file_that_is_not_a_pdf_whatever_its_name_is_refused_and_the_form_kept(partnership, admin_a):
    before = _state(partnership)
    response = verified_client(admin_a).post(
        f"/staff/referrals/partnerships/{partnership.public_id}/edit/",
        {**_form(partnership, ack_working_hours=31), "agreement": _upload(PNG, "agreement.pdf")})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This file is not a PDF, whatever its name says." in page
    assert re.search(r'name="ack_working_hours" value="31"', page)
    assert _state(partnership) == before


def test_an_oversized_agreement_is_refused_with_the_limit(partnership, admin_a, settings):
    settings.HARBOUR_AGREEMENT_MAX_BYTES = 2048
    before = _state(partnership)
    response = verified_client(admin_a).post(
        f"/staff/referrals/partnerships/{partnership.public_id}/edit/",
        {**_form(partnership), "agreement": _upload(PDF + b"0" * 2048)})
    assert response.status_code == 400
    assert "The file is too big: the limit is 0.00195 MB." in response.content.decode()
    assert _state(partnership) == before


def test_the_agreement_errors_are_translated():
    from django.utils import translation

    for data in (PNG, b"%PDF-" + b"0" * (6 * 1024 * 1024)):
        with translation.override("es"), pytest.raises(ValidationError) as raised:
            services_partnership.check_agreement_file(data)
        with translation.override("en"), pytest.raises(ValidationError) as english:
            services_partnership.check_agreement_file(data)
        assert raised.value.messages != english.value.messages


# --- outsiders ---------------------------------------------------------------------------------------

def test_outsiders_get_nothing_and_change_nothing(partnership, admin_a, caseworker_a, outsider_c, viewer_a,
                                                  coordinator, keys_a, keys_b):
    services.partnership_record_meeting(acting_user=admin_a.user, partnership=partnership, minutes=MINUTES,
                                        next_meeting_on=None)
    partnership.refresh_from_db()
    services_partnership.partnership_update(acting_user=admin_a.user, partnership=partnership,
                                            expected_version=partnership.version, changes={}, agreement=PDF)
    partnership.refresh_from_db()
    ours = PartnershipMinutes.objects.get(organisation=partnership.referring_organisation)
    base = f"/staff/referrals/partnerships/{partnership.public_id}/"
    pages = [f"{base}edit/", f"{base}meetings/", f"{base}meetings/{ours.public_id}/"]
    posts = {f"{base}edit/": _form(partnership, ack_working_hours=99),
             f"{base}meetings/": {"held_on": "2026-11-26", "minutes": "x"}, f"{base}agreement/": {}}
    before = _state(partnership)
    audit_before = AuditEntry.objects.count()
    everyone = [("another organisation's admin", verified_client(outsider_c)),
                ("a viewer of A", verified_client(viewer_a)),
                ("the network coordinator", _coordinator_client(coordinator))]
    for who, client in everyone:
        for url in pages:
            response = client.get(url)
            assert response.status_code == 404, (who, url)
            assert MINUTES.encode() not in response.content and PDF not in response.content
        for url, data in posts.items():
            response = client.post(url, data)
            assert response.status_code == 404, (who, url)
            assert PDF not in response.content
    anonymous = Client()
    for response in [anonymous.get(url) for url in pages] + [anonymous.post(url, data) for url, data in posts.items()]:
        assert response.status_code == 302 and "/staff/login/" in response["Location"]
    # A member without the admin role sees the meetings but cannot change the terms.
    caseworker = verified_client(caseworker_a)
    assert caseworker.get(f"{base}edit/").status_code == 404
    assert caseworker.post(f"{base}edit/", posts[f"{base}edit/"]).status_code == 404
    assert f'href="{base}edit/"' not in caseworker.get(base).content.decode()
    assert _state(partnership) == before and AuditEntry.objects.count() == audit_before

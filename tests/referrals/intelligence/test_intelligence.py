"""The intelligence-only police report (issue 15 item 7, DESIGN.md F4): recorded sealed,
sent only to a police recipient, only the allowlisted fields, naming the advocate as the
way back to her; every refusal writes and sends nothing."""

import datetime
import zlib

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from harbour.core.models import AuditEntry
from harbour.firewall import crypto, gate_intelligence
from harbour.firewall import services as firewall_services
from harbour.firewall.gate import DisclosureRefused
from harbour.firewall.models import Recipient
from harbour.referrals import services_intelligence as services
from harbour.referrals.models_intelligence import IntelligenceReport, IntelligenceShare
from tests.referrals.intelligence.conftest import report_data


def pdf_text(document: bytes) -> str:
    """The text of a PDF made by fpdf2: its content streams, inflated."""
    parts, start = [], 0
    while (start := document.find(b"stream", start)) != -1:
        begin = document.index(b"\n", start) + 1
        end = document.index(b"endstream", begin)
        chunk = document[begin:end].rstrip(b"\r\n")
        try:
            parts.append(zlib.decompress(chunk).decode("latin-1"))
        except zlib.error:
            parts.append(chunk.decode("latin-1"))
        start = end + len(b"endstream")
    return "\n".join(parts)


def _send(report, user, recipient, key, channel="email"):
    return services.intelligence_report_send(acting_user=user, report=report, recipient=recipient, private_key=key,
                                             channel=channel, agreed_method="in_person")


def _nothing_sent(report):
    report.refresh_from_db()
    return (IntelligenceShare.objects.count() == 0 and report.status == "draft"
            and not AuditEntry.objects.filter(action="firewall.disclose_intelligence").exists())


def test_a_report_is_stored_sealed_with_a_pseudonymous_reference(report_a, key_a, caseworker_a):
    row = IntelligenceReport.objects.get()
    assert row.reference == f"INT-{datetime.date.today().year}-0001"
    assert b"bus stop" not in bytes(row.sealed_content) and b"red van" not in bytes(row.sealed_content)
    assert crypto.is_bound(row.sealed_content)
    opened = services.intelligence_report_open(acting_user=caseworker_a.user, report=row, private_key=key_a)
    assert opened == {"incident": "He followed her from the bus stop.",
                      "perpetrator": "Tall man, red van, plate AB12 CDE.", "place": "Market square"}
    assert AuditEntry.objects.filter(action="referrals.intelligence.view").count() == 1
    second = services.intelligence_report_create(acting_user=caseworker_a.user, organisation=row.organisation,
                                                 data=report_data())
    assert second.reference.endswith("-0002")
    IntelligenceReport.objects.filter(pk=second.pk).update(reference=f"INT-{datetime.date.today().year}-9999")
    third = services.intelligence_report_create(acting_user=caseworker_a.user, organisation=row.organisation,
                                                data=report_data())
    fourth = services.intelligence_report_create(acting_user=caseworker_a.user, organisation=row.organisation,
                                                 data=report_data())
    assert (third.reference[-5:], fourth.reference[-5:]) == ("10000", "10001")


def test_sent_by_email_carries_the_allowlist_and_names_her_advocate(report_a, key_a, caseworker_a, police_a,
                                                                     django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        share = _send(report_a, caseworker_a.user, police_a, key_a)
    assert [m.to for m in mail.outbox] == [["ppu@police.example.org"]]
    message = mail.outbox[0]
    assert message.subject == f"Intelligence report {report_a.reference}"
    body = message.body
    assert "Kinds of abuse: Physical violence, Stalking or harassment" in body
    assert "The person who caused harm: Tall man, red van, plate AB12 CDE." in body
    assert "The person who caused harm is: Former partner" in body
    assert (f"contact her advocate at Organisation A: caseworker, caseworker@a.example.org. "
            f"Quote the reference {report_a.reference}.") in body
    assert share.fields == list(gate_intelligence.INTELLIGENCE_FIELDS)
    assert share.channel == "email" and share.agreed_method == "in_person"
    report_a.refresh_from_db()
    assert report_a.status == "sent"
    entry = AuditEntry.objects.get(action="firewall.disclose_intelligence")
    assert entry.detail["recipient_category"] == "police" and entry.detail["channel"] == "email"
    assert "Tall man" not in str(entry.detail)


def test_sent_as_pdf_returns_the_file_and_mails_nothing(report_a, key_a, caseworker_a, police_a,
                                                        django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        share = _send(report_a, caseworker_a.user, police_a, key_a, channel="pdf")
    assert share.document.startswith(b"%PDF-")
    text = pdf_text(share.document)
    assert "Tall man, red van" in text and "caseworker@a.example.org" in text
    assert mail.outbox == []
    assert IntelligenceShare.objects.get().channel == "pdf"


@pytest.mark.parametrize("category", ["specialist_support", "community_group", "legal_adviser", "health",
                                      "housing", "other_statutory"])
def test_every_other_recipient_category_is_refused_and_nothing_is_written(report_a, key_a, caseworker_a, admin_a,
                                                                          category):
    other = firewall_services.recipient_register(acting_user=admin_a.user, organisation=admin_a.organisation,
                                                 name=f"A {category}", category=category,
                                                 email=f"{category}@example.org")
    with pytest.raises(DisclosureRefused, match="only to a recipient registered as police"):
        _send(report_a, caseworker_a.user, other, key_a)
    assert _nothing_sent(report_a)


def test_immigration_enforcement_disguised_as_police_is_refused(report_a, key_a, caseworker_a, org_a):
    # Registration refuses it (F3); a row slipped past registration is still refused here.
    disguised = Recipient.objects.create(registered_by=org_a, name="Border Force liaison", category="police",
                                         email="liaison@police.example.org")
    with pytest.raises(DisclosureRefused, match="immigration enforcement"):
        _send(report_a, caseworker_a.user, disguised, key_a)
    assert _nothing_sent(report_a)


def test_an_inactive_or_another_organisations_police_recipient_is_refused(report_a, key_a, caseworker_a,
                                                                         police_a, admin_b):
    theirs = firewall_services.recipient_register(acting_user=admin_b.user, organisation=admin_b.organisation,
                                                  name="Their police", category="police", email="x@police.example.org")
    with pytest.raises(DisclosureRefused, match="not registered by your organisation"):
        _send(report_a, caseworker_a.user, theirs, key_a)
    Recipient.objects.filter(pk=police_a.pk).update(is_active=False)
    with pytest.raises(DisclosureRefused, match="not registered by your organisation"):
        _send(report_a, caseworker_a.user, police_a, key_a)
    assert _nothing_sent(report_a)


def test_the_gate_refuses_a_payload_with_any_field_outside_the_allowlist(caseworker_a, police_a, org_a,
                                                                         django_capture_on_commit_callbacks):
    way_back = gate_intelligence.WayBack(organisation=org_a, advocate_name="A", advocate_email="a@a.example.org")
    mail.outbox.clear()
    with (django_capture_on_commit_callbacks(execute=True),
          pytest.raises(DisclosureRefused, match="only the incident and the perpetrator")):
        gate_intelligence.disclose_intelligence(
            acting_user=caseworker_a.user, holder=org_a, report_ref="x", recipient=police_a,
            values={"reference": "INT-1", "incident": "x", "name": "Amal"}, labels={}, way_back=way_back,
            channel="email")
    assert mail.outbox == [] and not AuditEntry.objects.filter(action="firewall.disclose_intelligence").exists()


def test_a_non_member_cannot_record_and_a_trainer_cannot_send(report_a, key_a, outsider, org_a, police_a):
    from harbour.accounts.models import Membership
    from tests.conftest import make_persona

    with pytest.raises(PermissionDenied):
        services.intelligence_report_create(acting_user=outsider.user, organisation=org_a, data=report_data())
    trainer = make_persona(email="trainer@a.example.org", organisation=org_a, role=Membership.Role.TRAINER)
    with pytest.raises(PermissionDenied):
        _send(report_a, trainer.user, police_a, key_a)
    assert IntelligenceReport.objects.count() == 1 and _nothing_sent(report_a)


def test_a_pdf_of_text_its_font_cannot_print_is_refused(sealed_a, key_a, caseworker_a, police_a):
    report = services.intelligence_report_create(acting_user=caseworker_a.user, organisation=caseworker_a.organisation,
                                                 data=report_data(perpetrator="رجل طويل"))
    with pytest.raises(DisclosureRefused, match="Send it by e-mail"):
        _send(report, caseworker_a.user, police_a, key_a, channel="pdf")
    assert _nothing_sent(report)


@pytest.mark.parametrize(("changes", "field"), [
    ({"abuse_kinds": []}, "abuse_kinds"),
    ({"abuse_kinds": ["physical", "made_up"]}, "abuse_kinds"),
    ({"incident_year": datetime.date.today().year + 1}, "incident_year"),
    ({"incident": "", "perpetrator": "  "}, "incident"),
    ({"incident": "x" * 4001}, "incident"),
])
def test_bad_input_is_refused_with_a_message_and_nothing_is_stored(sealed_a, caseworker_a, changes, field):
    with pytest.raises(ValidationError) as error:
        services.intelligence_report_create(acting_user=caseworker_a.user, organisation=caseworker_a.organisation,
                                            data=report_data(**changes))
    assert field in error.value.message_dict
    assert IntelligenceReport.objects.count() == 0


def test_a_sent_report_cannot_change_and_a_stale_form_is_refused(report_a, key_a, caseworker_a, police_a):
    with pytest.raises(ValidationError, match="Someone else changed"):
        services.intelligence_report_update(acting_user=caseworker_a.user, report=report_a,
                                            data=report_data(incident="changed"), expected_version=99)
    updated = services.intelligence_report_update(acting_user=caseworker_a.user, report=report_a,
                                                  data=report_data(incident="Changed words"), expected_version=1)
    assert updated.version == 2
    _send(updated, caseworker_a.user, police_a, key_a, channel="pdf")
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.intelligence_report_update(acting_user=caseworker_a.user, report=updated,
                                            data=report_data(incident="again"))
    opened = services.intelligence_report_open(acting_user=caseworker_a.user, report=updated, private_key=key_a)
    assert opened["incident"] == "Changed words"


def test_a_case_of_another_organisation_cannot_be_linked(sealed_a, sealed_b, caseworker_a, outsider):
    from harbour.cases import services as case_services

    theirs = case_services.case_open_direct(acting_user=outsider.user, organisation=outsider.organisation,
                                            name="B's", language="es")
    with pytest.raises(ValidationError) as error:
        services.intelligence_report_create(acting_user=caseworker_a.user, organisation=caseworker_a.organisation,
                                            data=report_data(), case=theirs)
    assert "case" in error.value.message_dict and IntelligenceReport.objects.count() == 0


def test_reports_are_registered_for_key_rotation():
    from harbour.firewall.rotation import unregistered_sealed_models

    assert "referrals.IntelligenceReport" not in unregistered_sealed_models()

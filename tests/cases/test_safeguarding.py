"""The safeguarding share (F4's one exception): high risk, a second approver with the
admin role, a recorded reason, MARAC categories only, never immigration enforcement, and
her status page tells her unless the approvers recorded why it must not."""

import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from harbour.cases import services
from harbour.cases.models import MaracReferral
from harbour.firewall import gate
from harbour.firewall import services as firewall_services
from harbour.firewall.gate import DisclosureRefused
from harbour.firewall.models import Disclosure, Recipient
from harbour.help import selectors as help_selectors
from harbour.help import services as help_services
from tests.cases.conftest import contacted


def _assessed(case, user, yes_count):
    case = contacted(case, user)
    services.case_transition(acting_user=user, case=case, to="assessment")
    services.assessment_record(acting_user=user, case=case, form_token=uuid.uuid4(),
                               answers={n: ("yes" if n <= yes_count else "no") for n in range(1, 25)},
                               perpetrator="CANARY-PERP")
    case.refresh_from_db()
    return case


def _draft(case, user):
    return services.marac_referral_save(acting_user=user, case=case, data={"name": "Amal", "safe_contact": "07700",
                                                                           "risk_summary": "High risk"})


@pytest.fixture
def high_case(a_case, caseworker_a):
    return _assessed(a_case, caseworker_a.user, 15)


@pytest.fixture
def pending(high_case, caseworker_a, keyed_a, police_a):
    referral = _draft(high_case, caseworker_a.user)
    return services.marac_safeguarding_request(acting_user=caseworker_a.user, referral=referral, recipient=police_a,
                                               reason="Threats to kill, strangulation", tell_her=True,
                                               withhold_reason="", private_key=keyed_a)


def _nothing_shared():
    return Disclosure.objects.count() == 0 and len(mail.outbox) == 0


def test_a_second_admin_approves_and_it_goes_by_mail(pending, second_admin_a, keyed_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        disclosure = services.marac_safeguarding_approve(acting_user=second_admin_a.user, referral=pending,
                                                         private_key=keyed_a)
    assert (disclosure.basis, disclosure.consent, disclosure.shown_to_her) == ("safeguarding", None, True)
    assert disclosure.categories == ["contact", "identity", "narrative"]
    assert MaracReferral.objects.get(pk=pending.pk).status == "sent"
    assert len(mail.outbox) == 1 and "without her consent" in mail.outbox[0].body
    assert "Amal" in mail.outbox[0].body and "needs" not in mail.outbox[0].body.lower()


def test_refused_without_a_second_approver(pending, caseworker_a, keyed_a):
    with pytest.raises(DisclosureRefused):
        services.marac_safeguarding_approve(acting_user=caseworker_a.user, referral=pending, private_key=keyed_a)
    assert _nothing_shared() and MaracReferral.objects.get(pk=pending.pk).status == "awaiting_approval"


def test_refused_when_the_requester_approves_herself(high_case, admin_a, keyed_a, police_a):
    referral = _draft(high_case, admin_a.user)
    referral = services.marac_safeguarding_request(acting_user=admin_a.user, referral=referral, recipient=police_a,
                                                   reason="r", tell_her=True, withhold_reason="", private_key=keyed_a)
    with pytest.raises(DisclosureRefused):
        services.marac_safeguarding_approve(acting_user=admin_a.user, referral=referral, private_key=keyed_a)
    assert _nothing_shared()


def test_refused_when_the_approver_is_not_an_admin(pending, colleague_a, keyed_a):
    with pytest.raises(DisclosureRefused):
        services.marac_safeguarding_approve(acting_user=colleague_a.user, referral=pending, private_key=keyed_a)
    assert _nothing_shared()


def test_refused_below_high_risk_at_request(a_case, caseworker_a, keyed_a, police_a):
    case = _assessed(a_case, caseworker_a.user, 13)
    referral = _draft(case, caseworker_a.user)
    with pytest.raises(ValidationError):
        services.marac_safeguarding_request(acting_user=caseworker_a.user, referral=referral, recipient=police_a,
                                            reason="r", tell_her=True, withhold_reason="", private_key=keyed_a)
    assert MaracReferral.objects.get(pk=referral.pk).status == "draft"


def test_refused_below_high_risk_at_the_gate(pending, second_admin_a, keyed_a, caseworker_a):
    # A later assessment lowered the level before the approver acted.
    services.assessment_record(acting_user=caseworker_a.user, case=pending.case, form_token=uuid.uuid4(),
                               answers={1: "yes"})
    with pytest.raises(DisclosureRefused):
        services.marac_safeguarding_approve(acting_user=second_admin_a.user, referral=pending, private_key=keyed_a)
    assert _nothing_shared()


@pytest.mark.parametrize("category", ["specialist_support", "community_group", "legal_adviser"])
def test_refused_to_a_category_outside_the_list(high_case, caseworker_a, keyed_a, admin_a, category):
    recipient = firewall_services.recipient_register(acting_user=admin_a.user, organisation=admin_a.organisation,
                                                     name=f"Some {category}", category=category,
                                                     email="someone@example.org")
    referral = _draft(high_case, caseworker_a.user)
    with pytest.raises(ValidationError):
        services.marac_safeguarding_request(acting_user=caseworker_a.user, referral=referral, recipient=recipient,
                                            reason="r", tell_her=True, withhold_reason="", private_key=keyed_a)
    # The gate refuses it too, whoever builds the basis.
    basis = gate.SafeguardingBasis(organisation=high_case.organisation, subject_ref=high_case.subject_ref,
                                   recipient=recipient, risk_level="high", requested_by=caseworker_a.user,
                                   approved_by=admin_a.user, reason="r")
    with pytest.raises(DisclosureRefused):
        gate.disclose_safeguarding(acting_user=admin_a.user, basis=basis, kind="marac_referral",
                                   payload={"identity": "Amal"})
    assert _nothing_shared()


@pytest.mark.parametrize("name,email", [("Home Office Immigration Enforcement", "ie@example.org"),
                                        ("Police liaison", "liaison@homeoffice.gov.uk")])
def test_refused_to_immigration_enforcement_whatever_the_basis(high_case, caseworker_a, admin_a, name, email):
    # Registration refuses it; a row slipped in behind the service is still refused at the gate.
    with pytest.raises(ValidationError):
        firewall_services.recipient_register(acting_user=admin_a.user, organisation=admin_a.organisation,
                                             name=name, category="police", email=email)
    smuggled = Recipient.objects.create(registered_by=high_case.organisation, name=name, category="police",
                                        email=email)
    basis = gate.SafeguardingBasis(organisation=high_case.organisation, subject_ref=high_case.subject_ref,
                                   recipient=smuggled, risk_level="high", requested_by=caseworker_a.user,
                                   approved_by=admin_a.user, reason="serious harm")
    with pytest.raises(DisclosureRefused, match="immigration enforcement"):
        gate.disclose_safeguarding(acting_user=admin_a.user, basis=basis, kind="marac_referral",
                                   payload={"identity": "Amal", "narrative": "x"})
    assert _nothing_shared()


def test_refused_without_a_reason(high_case, caseworker_a, keyed_a, police_a):
    referral = _draft(high_case, caseworker_a.user)
    with pytest.raises(ValidationError):
        services.marac_safeguarding_request(acting_user=caseworker_a.user, referral=referral, recipient=police_a,
                                            reason="  ", tell_her=True, withhold_reason="", private_key=keyed_a)
    with pytest.raises(ValidationError):
        services.marac_safeguarding_request(acting_user=caseworker_a.user, referral=referral, recipient=police_a,
                                            reason="r", tell_her=False, withhold_reason="", private_key=keyed_a)
    assert MaracReferral.objects.get(pk=referral.pk).status == "draft"


def test_only_marac_categories_leave(high_case, caseworker_a, admin_a, police_a):
    basis = gate.SafeguardingBasis(organisation=high_case.organisation, subject_ref=high_case.subject_ref,
                                   recipient=police_a, risk_level="high", requested_by=caseworker_a.user,
                                   approved_by=admin_a.user, reason="serious harm")
    disclosure = gate.disclose_safeguarding(
        acting_user=admin_a.user, basis=basis, kind="marac_referral", as_document=lambda shared: repr(shared).encode(),
        payload={"identity": "Amal", "needs": "immigration_advice", "notes": ["private"], "narrative": "risk"})
    assert disclosure.categories == ["identity", "narrative"]
    assert b"immigration" not in disclosure.document and b"private" not in disclosure.document


def _case_from_request(org_a, caseworker_a, keyed_a):
    help_request, code = help_services.help_request_create(organisation=org_a, needs=["safety"], name="Amal",
                                                           contact_channel="phone", contact_value="07700",
                                                           language="en")
    case = services.case_open_from_help_request(acting_user=caseworker_a.user, help_request=help_request,
                                                private_key=keyed_a)
    return help_request, _assessed(case, caseworker_a.user, 16)


@pytest.mark.parametrize("tell_her", [True, False])
def test_her_status_page_shows_it_unless_the_exception_is_recorded(org_a, caseworker_a, second_admin_a, keyed_a,
                                                                   police_a, tell_her):
    help_request, case = _case_from_request(org_a, caseworker_a, keyed_a)
    referral = services.marac_safeguarding_request(
        acting_user=caseworker_a.user, referral=_draft(case, caseworker_a.user), recipient=police_a, reason="r",
        tell_her=tell_her, withhold_reason="" if tell_her else "He reads her messages", private_key=keyed_a)
    services.marac_safeguarding_approve(acting_user=second_admin_a.user, referral=referral, private_key=keyed_a,
                                        as_pdf=True)
    shown = help_selectors.status_for_survivor(help_request)["disclosures"]
    assert [d["recipient"] for d in shown] == (["Local MARAC (police coordinator)"] if tell_her else [])
    assert Disclosure.objects.get().shown_to_her is tell_her


def test_the_consent_route_still_works_and_makes_a_pdf(high_case, caseworker_a, keyed_a, police_a):
    import datetime

    from django.utils import timezone

    consent = firewall_services.consent_record(
        acting_user=caseworker_a.user, organisation=high_case.organisation, subject_ref=high_case.subject_ref,
        recipient=police_a, categories=["identity", "contact", "narrative"], purpose="safety",
        expires_on=timezone.localdate() + datetime.timedelta(days=10), method="in_person", language="en")
    disclosure = services.marac_referral_send(acting_user=caseworker_a.user, referral=_draft(high_case, caseworker_a.user),
                                              consent=consent, private_key=keyed_a, as_pdf=True)
    assert disclosure.basis == "consent" and disclosure.document.startswith(b"%PDF-")
    assert len(mail.outbox) == 0

"""Issue 11, item 6: the outsider × role × route matrix, generated from the URL configuration.

Every staff route that names an object (a UUID in its path) is tried by an outsider holding
each role in another organisation, by an anonymous visitor and by a password-only session,
with GET and POST, against organisation A's real objects. Each must answer without leaking
(404 for the outsider, a redirect to login for the others) and change nothing in the database.
A route the matrix does not know fails `test_every_object_route_is_in_the_matrix`: add its
object to OBJECTS when casework, referrals, training or impact add routes.
"""

import datetime
import json
import re

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.utils import timezone

from harbour.accounts.models import Membership, Network
from harbour.cases import services as case_services
from harbour.firewall import services as firewall_services
from harbour.firewall.models import KeyGrant
from harbour.help.models import HelpRequest
from harbour.referrals import services_intelligence as intelligence_services
from tests.cases.test_safeguarding import _assessed, _draft
from tests.conftest import make_persona, verified_client
from tests.directory.factories import make_service
from tests.help.test_journey import submit
from tests.referrals.intelligence.conftest import report_data as intelligence_data
from tests.training.conftest import course, session, trainer_a  # noqa: F401
from tests.training.test_staff import invitation, profile  # noqa: F401

# Routes that take no organisation's object, or that Django's admin site guards itself.
NOT_OBJECT_ROUTES = {"accounts:password_reset_confirm", "accounts:invitation"}
ADMIN_PREFIX = "staff/admin/"


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            yield prefix + str(pattern.pattern), f"{namespace}{pattern.name}", pattern


def object_routes() -> list[tuple[str, str, list[str]]]:
    """(route, name, uuid parameter names) of every staff route that names an object."""
    found = []
    for route, name, pattern in _walk(get_resolver().url_patterns):
        if not route.startswith("staff/") or route.startswith(ADMIN_PREFIX):
            continue
        converters = pattern.pattern.converters
        if converters and name not in NOT_OBJECT_ROUTES:
            found.append((route, name, sorted(converters)))
    return found


# Which of organisation A's objects each route's parameters name: (name, parameter) -> key
# in the `objects_a` fixture.
OBJECTS = {
    ("accounts:organisation", "public_id"): "organisation",
    ("accounts:membership_role", "public_id"): "membership",
    ("accounts:membership_end", "public_id"): "membership",
    ("firewall:setup", "public_id"): "organisation",
    ("firewall:recover", "public_id"): "organisation",
    ("firewall:recipient_add", "public_id"): "organisation",
    ("firewall:grant", "public_id"): "membership",
    ("help_staff:inbox", "public_id"): "organisation",
    ("help_staff:detail", "public_id"): "help_request",
    ("help_staff:set_status", "public_id"): "help_request",
    ("help_staff:add_note", "public_id"): "help_request",
    ("help_staff:add_consent", "public_id"): "help_request",
    ("help_staff:share", "public_id"): "consent",
    ("help_staff:revoke", "public_id"): "consent",
    ("directory_staff:service", "service_id"): "service",
    ("directory_staff:translation", "service_id"): "service",
    ("directory_staff:claim", "service_id"): "service",
    ("directory_staff:claim_withdraw", "service_id"): "service",
    ("directory_staff:verify", "service_id"): "service",
    ("directory_staff:location_confidential", "service_id"): "service",
    ("directory_staff:location_confidential", "location_id"): "location",
    ("directory_staff:location_details", "service_id"): "service",
    ("directory_staff:location_details", "location_id"): "location",
    ("directory_staff:location_open", "service_id"): "service",
    ("directory_staff:location_open", "location_id"): "location",
    ("firewall:rotation_start", "public_id"): "organisation",
    ("firewall:rotation_step", "public_id"): "organisation",
    ("firewall:rotation_finish", "public_id"): "organisation",
    ("cases_staff:open_direct", "organisation_id"): "organisation",
    ("cases_staff:instrument", "organisation_id"): "organisation",
    ("cases_staff:open_from_help_request", "public_id"): "help_request",
    **{(f"cases_staff:{name}", "public_id"): "case" for name in (
        "detail", "set_contact", "contact_attempt", "transition", "add_note", "add_task", "add_document",
        "record_outcome", "restrict", "transfer", "assessment", "assessment_list", "marac", "safety_plan")},
    ("cases_staff:complete_task", "public_id"): "task",
    ("cases_staff:download_document", "public_id"): "document",
    ("cases_staff:marac_send", "public_id"): "marac_referral",
    ("cases_staff:marac_safeguarding", "public_id"): "marac_referral",
    ("cases_staff:marac_approve", "public_id"): "marac_referral",
    ("cases_staff:safety_plan_print", "public_id"): "safety_plan",
    ("training_staff:organisation", "public_id"): "organisation",
    ("training_staff:course_new", "public_id"): "organisation",
    ("training_staff:public_name", "public_id"): "organisation",
    ("training_staff:course", "public_id"): "course",
    ("training_staff:handout", "public_id"): "course",
    ("training_staff:handout", "language"): "language",
    ("training_staff:session_new", "public_id"): "course",
    **{(f"training_staff:{name}", "public_id"): "session" for name in (
        "session", "register", "sign_in_sheet", "reminders", "paper_forms", "paper_answers")},
    ("training_staff:invitation", "public_id"): "invitation",
    ("training_staff:trainer", "public_id"): "trainer",
    ("training_staff:trainer_certificate", "public_id"): "trainer",
    ("referrals_intelligence:create", "organisation_id"): "organisation",
    **{(f"referrals_intelligence:{name}", "public_id"): "intelligence_report" for name in ("detail", "edit", "send")},
    **{(f"impact_staff:{name}", "public_id"): "organisation" for name in (
        "organisation", "figure", "publish", "outreach", "report")},
    ("impact_staff:figure", "metric_id"): "metric",
    ("impact_staff:network", "public_id"): "network",
    ("referrals_staff:partnership", "public_id"): "partnership",
    ("referrals_staff:token_revoke", "public_id"): "api_token",
    ("referrals_staff:partnership_status", "public_id"): "partnership",
    **{(f"referrals_staff:{name}", "public_id"): "partnership" for name in (
        "partnership_edit", "partnership_meetings", "partnership_minutes", "partnership_agreement")},
    ("referrals_staff:partnership_minutes", "minutes_id"): "partnership_minutes",
    **{(f"referrals_staff:{name}", "referral_id"): "referral" for name in (
        "detail", "transition", "first_contact", "revocation")},
    ("referrals_staff:refer_help_request", "public_id"): "help_request",
    ("referrals_staff:refer_case", "public_id"): "case",
}
OUTSIDER_ROLES = [role for role, _label in Membership.Role.choices]


def test_every_object_route_is_in_the_matrix():
    missing = [f"{name} ({parameter}) at /{route}" for route, name, parameters in object_routes()
               for parameter in parameters if (name, parameter) not in OBJECTS]
    assert missing == [], "routes the outsider matrix does not cover: " + "; ".join(missing)
    assert len(object_routes()) >= 20


@pytest.fixture
def objects_a(client, sealed_a, partner_b, admin_a, caseworker_a, org_a,
              session, invitation, profile):  # noqa: F811 (training's fixtures, imported above)
    submit(client, org_a)
    help_request = HelpRequest.objects.get()
    consent = firewall_services.consent_record(
        acting_user=caseworker_a.user, organisation=org_a, recipient=partner_b, subject_ref=help_request.public_id,
        categories=["needs"], purpose="support", expires_on=datetime.date.today() + datetime.timedelta(days=30),
        method="phone", language="en", interpreter="")
    service = make_service(name="Matrix refuge", owner=org_a)
    location = service.service_at_locations.first().location
    membership = Membership.objects.get(user=caseworker_a.user, organisation=org_a)
    assert KeyGrant.objects.exists()
    case = case_services.case_open_direct(acting_user=caseworker_a.user, organisation=org_a, name="Matrix refuge",
                                          summary="Phoned from a friend's phone.", language="ar")
    case = _assessed(case, caseworker_a.user, 15)  # high risk, so the MARAC routes have a referral
    case_services.case_note_add(acting_user=caseworker_a.user, case=case, text="Prefers afternoons")
    task = case_services.case_task_add(acting_user=caseworker_a.user, case=case, title="Call",
                                       due_on=timezone.localdate(), channel="phone")
    document = case_services.case_document_add(acting_user=caseworker_a.user, case=case, data=b"%PDF-1.4 x")
    plan = case_services.safety_plan_save(acting_user=caseworker_a.user, case=case, heading="My plan",
                                          sections={"at_home": [{"action": "Keep phone charged"}]})
    referral = _draft(case, caseworker_a.user)
    intelligence = intelligence_services.intelligence_report_create(
        acting_user=caseworker_a.user, organisation=org_a, case=case, data=intelligence_data(perpetrator="Matrix refuge"))
    network = Network.objects.create(name="Matrix network")
    network.organisations.add(org_a)
    network.coordinators.add(admin_a.user)
    partnership, sent_referral = _referral_from_a(admin_a, caseworker_a)
    minutes = _partnership_records(admin_a, partnership)
    from harbour.referrals import services as referral_services

    token, _secret = referral_services.api_token_create(acting_user=admin_a.user, organisation=org_a, name="Matrix",
                                                        scopes=["referrals:read"])
    return {"partnership": partnership.public_id, "referral": sent_referral.pk, "api_token": token.public_id,
            "organisation": org_a.public_id, "membership": membership.public_id,
            "help_request": help_request.public_id, "consent": consent.public_id,
            "service": service.pk, "location": location.pk,
            "case": case.public_id, "task": task.public_id, "document": document.public_id,
            "marac_referral": referral.public_id, "safety_plan": plan.public_id,
            "course": session.course.public_id, "session": session.public_id, "language": "en",
            "invitation": invitation.public_id, "trainer": profile.public_id,
            "intelligence_report": intelligence.public_id,
            "metric": "help_requests", "network": network.public_id,
            "partnership_minutes": minutes.public_id}


def _partnership_records(admin_a, partnership):
    """A meeting and an agreement for the partnership of A; returns A's copy of the minutes."""
    from harbour.referrals import services as referral_services
    from harbour.referrals import services_partnership
    from harbour.referrals.models import PartnershipMinutes

    referral_services.partnership_record_meeting(acting_user=admin_a.user, partnership=partnership,
                                                 minutes="Matrix refuge minutes", next_meeting_on=None)
    partnership.refresh_from_db()
    services_partnership.partnership_update(acting_user=admin_a.user, partnership=partnership,
                                            expected_version=partnership.version, changes={},
                                            agreement=b"%PDF-1.4 Matrix refuge agreement")
    return PartnershipMinutes.objects.get(partnership=partnership, organisation=admin_a.organisation)


def _referral_from_a(admin_a, caseworker_a):
    """A partnership of A with a third organisation (B holds the outsiders) and a referral
    sent under it."""
    from harbour.accounts import services as account_services
    from harbour.referrals import services as referral_services
    from tests.firewall.helpers import set_up_keys
    from tests.referrals.conftest import terms

    third = account_services.organisation_create(acting_user=None, name="Matrix partner", country="GB")
    set_up_keys(make_persona(email="admin@matrix-partner.example.org", organisation=third, role="admin"))
    recipient = firewall_services.recipient_register(acting_user=admin_a.user, organisation=admin_a.organisation,
                                                     name="Matrix partner", category="specialist_support",
                                                     partner=third)
    assert recipient.organisation == third
    partnership = referral_services.partnership_create(
        acting_user=admin_a.user, referring_organisation=admin_a.organisation, receiving_organisation=third,
        needs=[], data_categories=["identity", "needs"])
    referral, _code = referral_services.referral_intake(
        acting_user=caseworker_a.user, referring_organisation=admin_a.organisation, needs=["safety"],
        terms=terms(), name="Matrix", partnership=partnership)
    return partnership, referral


def _fingerprint() -> str:
    """Every row of every Harbour model, so that any change shows (sessions and OTP counters
    are not Harbour's)."""
    rows = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("harbour."):
            continue
        for model in config.get_models():
            if model.__name__ in ("ThrottleWindow",):
                continue
            rows[model._meta.label] = sorted(json.dumps(r, default=str, sort_keys=True)
                                             for r in model.objects.values())
    return json.dumps(rows, sort_keys=True)


def _url(route: str, values: dict) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda match: str(values[match.group(1)]), route)


def _clients(org_b, outsider_roles):
    anonymous = Client()
    clients = [("anonymous", anonymous)]
    for role in outsider_roles:
        persona = make_persona(email=f"{role}@outsider.example.org", organisation=org_b, role=role)
        clients.append((f"outsider {role}", verified_client(persona)))
    password_only = Client()
    persona = make_persona(email="password-only@outsider.example.org", organisation=org_b, role="admin")
    password_only.force_login(persona.user, backend="harbour.accounts.backends.LockoutAwareBackend")
    clients.append(("password-only", password_only))
    return clients


@pytest.mark.django_db
def test_outsiders_of_every_role_and_visitors_get_nothing_and_change_nothing(objects_a, org_b):
    clients = _clients(org_b, OUTSIDER_ROLES)
    before = _fingerprint()
    answers = []
    for route, name, parameters in object_routes():
        url = _url(route, {p: objects_a[OBJECTS[(name, p)]] for p in parameters})
        for who, client in clients:
            for method in ("get", "post"):
                response = getattr(client, method)(url, {"status": "closed", "text": "x", "confirm": "1"})
                answers.append((who, method, url, response.status_code))
                if who.startswith("outsider"):
                    assert response.status_code in (403, 404, 405), (who, method, url, response.status_code)
                    assert b"Matrix refuge" not in response.content
                else:
                    assert response.status_code in (302, 403, 404, 405), (who, method, url, response.status_code)
                    if response.status_code == 302:
                        assert "/staff/login/" in response["Location"], (who, url, response["Location"])
    assert _fingerprint() == before, "a denied request changed the database"
    assert len(answers) >= 20 * len(clients) * 2


@pytest.mark.django_db
def test_the_admin_site_is_closed_to_outsiders_and_visitors(org_b):
    for who, client in _clients(org_b, ["admin"]):
        response = client.get("/staff/admin/accounts/organisation/")
        assert response.status_code in (302, 403, 404), who
        if response.status_code == 302:
            assert "login" in response["Location"]

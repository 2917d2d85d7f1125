import pytest
from django.urls import reverse

from harbour.accounts import services as account_services
from harbour.accounts.models import Membership
from harbour.core.audit import audit_verify
from harbour.core.models import AuditEntry
from harbour.directory.models import Claim, Location, Service, Translation
from tests.conftest import make_persona, verified_client
from tests.directory.factories import make_service


def edit_url(service):
    return reverse("directory_staff:service", kwargs={"service_id": service.pk})


def form(service, **changes):
    data = {f"edit-{f}": getattr(service, f) for f in (
        "name", "alternate_name", "description", "status", "url", "email", "interpretation_services",
        "eligibility_description", "application_process", "fees_description", "alert")}
    data.update({f"edit-{k}": v for k, v in changes.items()})
    return data


@pytest.fixture
def service_a(org_a):
    return make_service(name="A's advice line", owner=org_a)


@pytest.fixture
def coordinator(org_a, org_b):
    persona = make_persona(email="coordinator@network.example.org", organisation=org_b,
                           role=Membership.Role.VIEWER)
    account_services.network_create(acting_user=None, name="Network", countries=["GB"],
                                    organisations=[org_a], coordinators=[persona.user])
    return persona


@pytest.mark.django_db
def test_staff_of_the_owner_edit_their_service_and_it_is_audited(as_caseworker_a, caseworker_a, service_a):
    response = as_caseworker_a.post(edit_url(service_a), form(service_a, description="Open to all women."))
    assert response.status_code == 302
    service = Service.objects.get(pk=service_a.pk)
    assert service.description == "Open to all women."
    entry = AuditEntry.objects.filter(action="directory.service.update").get()
    assert (entry.actor, entry.subject, entry.organisation) == (
        str(caseworker_a.user.public_id), str(service.pk), str(caseworker_a.organisation.public_id))
    assert entry.detail == {"fields": ["description"]}
    assert audit_verify().ok


@pytest.mark.django_db
def test_editing_does_not_make_a_service_look_freshly_checked(as_admin_a, service_a):
    as_admin_a.post(edit_url(service_a), form(service_a, name="Renamed"))
    service = Service.objects.get(pk=service_a.pk)
    assert service.last_verified_at is None
    assert service.last_modified > service_a.last_modified


@pytest.mark.django_db
def test_an_edit_is_found_by_search_at_once(as_admin_a, service_a):
    from harbour.directory.selectors import SearchParams, search_services

    as_admin_a.post(edit_url(service_a), form(service_a, description="zanzibarword"))
    assert [s.pk for s in search_services(SearchParams(text="zanzibarword")).services] == [service_a.pk]


@pytest.mark.django_db
def test_an_outsider_gets_404_and_changes_nothing(as_outsider, service_a):
    before = AuditEntry.objects.count()
    assert as_outsider.get(edit_url(service_a)).status_code == 404
    assert as_outsider.post(edit_url(service_a), form(service_a, name="Hijacked")).status_code == 404
    translate = reverse("directory_staff:translation", kwargs={"service_id": service_a.pk})
    assert as_outsider.post(translate, {"tr-language": "ar", "tr-name": "x", "tr-review_state": "draft"}
                            ).status_code == 404
    claim = reverse("directory_staff:claim", kwargs={"service_id": service_a.pk})
    assert as_outsider.post(claim, {"claim-kind": "nrpf", "claim-method": "phone",
                                    "claim-valid_days": "90"}).status_code == 404
    assert Service.objects.get(pk=service_a.pk).name == "A's advice line"
    assert not Translation.objects.exists() and not Claim.objects.exists()
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_a_missing_service_is_the_same_404(as_admin_a):
    assert as_admin_a.get("/staff/directory/services/00000000-0000-4000-8000-000000000000/").status_code == 404


@pytest.mark.django_db
def test_owners_cannot_verify_their_own_claims(as_admin_a, service_a):
    claim = reverse("directory_staff:claim", kwargs={"service_id": service_a.pk})
    response = as_admin_a.post(claim, {"claim-kind": "firewall_pledge", "claim-method": "self_declared",
                                       "claim-valid_days": "180"})
    assert response.status_code == 404
    assert not Claim.objects.exists()


@pytest.mark.django_db
def test_a_network_coordinator_verifies_a_claim_with_method_and_lapse(coordinator, service_a):
    client = verified_client(coordinator)
    claim_url = reverse("directory_staff:claim", kwargs={"service_id": service_a.pk})
    response = client.post(claim_url, {"claim-kind": "firewall_pledge", "claim-method": "visit",
                                       "claim-valid_days": "90"})
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert (claim.kind, claim.method, claim.verified_by) == ("firewall_pledge", "visit", coordinator.user)
    assert (claim.lapses_at - claim.verified_at).days == 90
    entry = AuditEntry.objects.get(action="directory.claim.verify")
    assert entry.detail["claim"] == "firewall_pledge" and entry.detail["method"] == "visit"
    assert entry.actor == str(coordinator.user.public_id)


@pytest.mark.django_db
def test_a_coordinator_marks_a_record_checked(coordinator, service_a):
    client = verified_client(coordinator)
    url = reverse("directory_staff:verify", kwargs={"service_id": service_a.pk})
    assert client.post(url, {"verify-method": "phone"}).status_code == 302
    service = Service.objects.get(pk=service_a.pk)
    assert service.last_verified_method == "phone"
    assert service.assured_date == service.last_verified_at.date().isoformat()
    assert AuditEntry.objects.filter(action="directory.service.verify").count() == 1


@pytest.mark.django_db
def test_a_coordinator_of_another_network_gets_404(org_b, service_a):
    persona = make_persona(email="other@network.example.org", organisation=org_b, role=Membership.Role.VIEWER)
    account_services.network_create(acting_user=None, name="Other network", countries=["ES"],
                                    organisations=[org_b], coordinators=[persona.user])
    client = verified_client(persona)
    url = reverse("directory_staff:verify", kwargs={"service_id": service_a.pk})
    assert client.post(url, {"verify-method": "phone"}).status_code == 404
    assert Service.objects.get(pk=service_a.pk).last_verified_at is None


@pytest.mark.django_db
def test_staff_save_a_draft_translation(as_admin_a, service_a):
    url = reverse("directory_staff:translation", kwargs={"service_id": service_a.pk})
    as_admin_a.post(url, {"tr-language": "fa", "tr-name": "خط مشاوره", "tr-description": "کمک",
                          "tr-review_state": "draft"})
    row = Translation.objects.get()
    assert (row.language, row.review_state) == ("fa", "draft")
    assert AuditEntry.objects.get(action="directory.translation.set").detail == {
        "language": "fa", "review_state": "draft", "created": True}



@pytest.mark.django_db
@pytest.mark.parametrize("code", ["pt br", "name", "description", "pt_BR", "fa-", "ár", "fa--af", ""])
def test_a_translation_needs_a_language_code_and_keeps_what_was_typed(as_admin_a, service_a, code):
    # A walk-through saved "pt br", which the search index read back as Breton and Portuguese,
    # and "name", which it read as the service's name.
    url = reverse("directory_staff:translation", kwargs={"service_id": service_a.pk})
    response = as_admin_a.post(url, {"tr-language": code, "tr-name": "Espaço de escuta",
                                     "tr-description": "Apoio sem julgamento", "tr-review_state": "draft"})
    html = response.content.decode()
    assert response.status_code == 400 and not Translation.objects.exists()
    assert "Espaço de escuta" in html and "Apoio sem julgamento" in html  # nothing she typed is lost
    assert ("Give a language code such as fa, ar or pt-BR." in html) == bool(code)
    # The page's other forms still post to their own addresses (a second walk-through lost an
    # edit typed on this page).
    assert f'<form method="post" action="{edit_url(service_a)}">' in html



@pytest.mark.django_db
def test_the_staff_home_lists_only_her_organisations_services(as_admin_a, service_a, org_b):
    make_service(name="B's line", owner=org_b)
    html = as_admin_a.get(reverse("directory_staff:home")).content.decode()
    assert "A&#x27;s advice line" in html and "B&#x27;s line" not in html


@pytest.mark.django_db
def test_the_staff_site_needs_a_login(client, service_a):
    assert client.get(edit_url(service_a)).status_code == 302


def confidential_url(service):
    location = Location.objects.get(service_at_locations__service_id=service.pk)
    return location, reverse("directory_staff:location_confidential",
                             kwargs={"service_id": service.pk, "location_id": location.pk})


@pytest.mark.django_db
def test_an_owner_makes_a_location_confidential_and_only_the_area_is_public(as_admin_a, service_a, client):
    location, url = confidential_url(service_a)
    response = as_admin_a.post(url, {"loc-confidential": "on", "loc-coarse_area": "East London",
                                     "loc-place": "gb-london", "loc-gatekeeper_phone": "+44 20 7946 0999"})
    assert response.status_code == 302
    location.refresh_from_db()
    assert (location.confidential, location.coarse_area, location.search_latitude) == (True, "East London", 51.5074)
    entry = AuditEntry.objects.get(action="directory.location.confidential")
    assert entry.detail == {"confidential": True} and entry.subject == str(location.pk)
    body = client.get(f"/api/hsds/services/{service_a.pk}").content.decode()
    assert "East London" in body and "1 A's advice line Street" not in body


@pytest.mark.django_db
def test_a_confidential_location_needs_an_area_a_town_and_a_gatekeeper(as_admin_a, service_a):
    location, url = confidential_url(service_a)
    as_admin_a.post(url, {"loc-confidential": "on"})
    location.refresh_from_db()
    assert location.confidential is False


@pytest.mark.django_db
def test_an_outsider_cannot_touch_a_location(as_outsider, service_a):
    location, url = confidential_url(service_a)
    assert as_outsider.post(url, {"loc-confidential": "on", "loc-coarse_area": "X", "loc-place": "gb-london",
                                  "loc-gatekeeper_phone": "1"}).status_code == 404
    location.refresh_from_db()
    assert location.confidential is False


@pytest.mark.django_db
def test_the_owner_and_the_coordinator_see_the_forms_they_may_use(as_admin_a, service_a, coordinator):
    owner_html = as_admin_a.get(edit_url(service_a)).content.decode()
    assert 'name="edit-name"' in owner_html and 'name="tr-language"' in owner_html
    assert 'name="claim-kind"' not in owner_html
    coordinator_html = verified_client(coordinator).get(edit_url(service_a)).content.decode()
    assert 'name="claim-kind"' in coordinator_html and 'name="verify-method"' in coordinator_html
    assert 'name="edit-name"' not in coordinator_html


@pytest.mark.django_db
def test_a_coordinator_withdraws_a_claim_and_an_owner_cannot(coordinator, as_admin_a, service_a):
    from tests.directory.factories import add_claim

    add_claim(service_a, Claim.Kind.NRPF)
    url = reverse("directory_staff:claim_withdraw", kwargs={"service_id": service_a.pk})
    assert as_admin_a.post(url, {"kind": "nrpf", "confirm": "yes"}).status_code == 404
    assert Claim.objects.count() == 1
    assert verified_client(coordinator).post(url, {"kind": "nrpf", "confirm": "yes"}).status_code == 302
    assert Claim.objects.count() == 0
    assert AuditEntry.objects.get(action="directory.claim.withdraw").detail == {"claim": "nrpf"}


@pytest.mark.django_db
def test_staff_page_titles_stay_neutral_whatever_the_service_is_called(as_admin_a, org_a):
    service = make_service(name="Domestic abuse refuge", owner=org_a)
    html = as_admin_a.get(edit_url(service)).content.decode()
    title = html.split("<title>")[1].split("</title>")[0]
    assert "refuge" not in title.lower() and "abuse" not in title.lower()


# --- House style (issue 12): the acting membership, a race-free metadata position -------------


@pytest.mark.django_db
def test_a_claim_records_the_organisation_the_verifier_acts_for_not_her_first(org_a, org_b, service_a):
    from harbour.accounts import services as accounts

    org_c = accounts.organisation_create(acting_user=None, name="Organisation C", country="GB")
    persona = make_persona(email="multi@network.example.org", organisation=org_c, role=Membership.Role.VIEWER)
    accounts.membership_add(acting_user=None, organisation=org_b, user=persona.user, role=Membership.Role.VIEWER)
    account_services.network_create(acting_user=None, name="Network B", countries=["GB"],
                                    organisations=[org_a, org_b], coordinators=[persona.user])

    response = verified_client(persona).post(
        reverse("directory_staff:claim", kwargs={"service_id": service_a.pk}),
        {"claim-kind": "nrpf", "claim-method": "phone", "claim-valid_days": "30"})

    assert response.status_code == 302
    assert Claim.objects.get().verified_by_organisation == org_b


@pytest.mark.django_db
def test_each_check_of_a_record_gets_its_own_metadata_position(coordinator, service_a):
    from harbour.directory import services
    from harbour.directory.models import Metadata

    for method in ("phone", "visit", "phone"):
        services.service_verify(acting_user=coordinator.user, service=service_a, method=method)

    positions = list(Metadata.objects.filter(resource_id=service_a.pk).order_by("position")
                     .values_list("position", flat=True))
    assert positions == [0, 1, 2]


@pytest.mark.django_db
def test_a_check_with_an_unknown_method_saves_nothing(coordinator, service_a):
    from django.core.exceptions import ValidationError

    from harbour.directory import services
    from harbour.directory.models import Metadata

    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        services.service_verify(acting_user=coordinator.user, service=service_a, method="guessed")

    assert Service.objects.get(pk=service_a.pk).last_verified_at is None
    assert not Metadata.objects.filter(resource_id=service_a.pk).exists()
    assert AuditEntry.objects.count() == before


def test_the_directory_views_make_no_orm_queries_of_their_own():
    import inspect

    from harbour.directory import views

    source = inspect.getsource(views)
    assert ".objects." not in source
    assert "memberships_of" not in source
@pytest.mark.django_db
def test_a_claim_cannot_hold_for_more_than_a_year(coordinator, service_a):
    from django.core.exceptions import ValidationError

    from harbour.directory import services as directory_services
    from harbour.directory.models import CLAIM_MAX_VALID_DAYS

    url = reverse("directory_staff:claim", kwargs={"service_id": service_a.pk})
    response = verified_client(coordinator).post(url, {"claim-kind": "nrpf", "claim-method": "phone",
                                                       "claim-valid_days": str(10 * 365)})
    assert Claim.objects.count() == 0
    assert response.status_code in (302, 400)
    with pytest.raises(ValidationError):
        directory_services.claim_verify(acting_user=coordinator.user, service=service_a, kind="nrpf",
                                        method="phone", valid_days=CLAIM_MAX_VALID_DAYS + 1)
    assert Claim.objects.count() == 0


@pytest.mark.django_db
def test_the_demo_claims_are_rechecked_within_the_cap(db):
    from io import StringIO

    from harbour.accounts import demo as accounts_demo
    from harbour.directory import demo as directory_demo
    from harbour.directory.models import CLAIM_MAX_VALID_DAYS
    from harbour.firewall import demo as firewall_demo

    for module in (accounts_demo, firewall_demo, directory_demo):
        module.load(StringIO())
    assert Claim.objects.exists()
    for claim in Claim.objects.all():
        assert (claim.lapses_at - claim.verified_at).days <= CLAIM_MAX_VALID_DAYS


@pytest.mark.django_db
def test_the_edit_form_is_labelled_in_the_staff_members_language(as_caseworker_a, caseworker_a, service_a):
    """A walk-through: on the Arabic staff page the edit form's labels were the model's field
    names, in English ("Alternate name:", "Url:", "Eligibility description:")."""
    from django.utils import translation

    caseworker_a.user.language = "ar"
    caseworker_a.user.save(update_fields=["language"])
    try:
        html = as_caseworker_a.get(edit_url(service_a)).content.decode()
    finally:
        translation.deactivate()
    assert '<html lang="ar"' in html
    for english in ("Alternate name", "Url:", "Eligibility description", "Application process", "Fees description",
                    "Interpretation services", ">Alert"):
        assert english not in html, english
    assert "اسم آخر" in html and "الموقع الإلكتروني" in html

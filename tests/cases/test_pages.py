"""The staff pages with a real login (keyring open): open a case from the inbox, the DASH
form, the assessments list, the MARAC form pre-filled, the safety plan and its print."""

import uuid

from django.urls import reverse

from harbour.cases.models import Case, RiskAssessment, SafetyPlan
from harbour.help import services as help_services
from tests.cases.conftest import contacted
from tests.firewall.helpers import login


def dash_post(token, yes_count, **extra):
    data = {"form_token": str(token), "incidents_last_12_months": "0", **extra}
    for n in range(1, 25):
        data[f"q{n}"] = "yes" if n <= yes_count else "no"
    return data


def test_open_a_case_from_the_inbox(keyed_a, caseworker_a, org_a):
    help_request, _code = help_services.help_request_create(organisation=org_a, needs=["safety"], name="Noor",
                                                            language="en")
    client = login(caseworker_a)
    page = client.get(reverse("help_staff:detail", args=[help_request.public_id])).content.decode()
    assert 'id="open-case"' in page
    response = client.post(reverse("cases_staff:open_from_help_request", args=[help_request.public_id]))
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cases_staff:detail", args=[case.public_id])
    assert "Noor" in client.get(response["Location"]).content.decode()


def test_dash_reaching_14_prefills_the_marac_form(a_case, caseworker_a):
    case = contacted(a_case, caseworker_a.user)
    client = login(caseworker_a)
    form = client.get(reverse("cases_staff:assessment", args=[case.public_id])).content.decode()
    assert form.count('type="radio"') == 24 * 4 and "Strangulation" in form
    response = client.post(reverse("cases_staff:assessment", args=[case.public_id]),
                           dash_post(uuid.uuid4(), 14, perpetrator="Karim", children_ages="4, 11"))
    assert response.status_code == 302
    listing = client.get(response["Location"]).content.decode()
    assert "14/24" in listing and "Refer to MARAC" in listing
    marac = client.get(reverse("cases_staff:marac", args=[case.public_id])).content.decode()
    assert "DASH score 14 of 24" in marac and "Karim" in marac and "4, 11" in marac
    assert 'name="children_count" value="2"' in marac


def test_a_bad_answer_comes_back_filled_in_and_saves_nothing(a_case, caseworker_a):
    case = contacted(a_case, caseworker_a.user)
    client = login(caseworker_a)
    data = dash_post(uuid.uuid4(), 5, perpetrator="Karim")
    data["q7"] = "perhaps"
    response = client.post(reverse("cases_staff:assessment", args=[case.public_id]), data)
    html = response.content.decode()
    assert response.status_code == 400 and "Choose yes, no, don" in html and "Karim" in html
    assert RiskAssessment.objects.count() == 0


def test_a_duplicate_post_is_shown_not_saved_twice(a_case, caseworker_a):
    case = contacted(a_case, caseworker_a.user)
    client = login(caseworker_a)
    data = dash_post(uuid.uuid4(), 3)
    client.post(reverse("cases_staff:assessment", args=[case.public_id]), data)
    response = client.post(reverse("cases_staff:assessment", args=[case.public_id]), data, follow=True)
    assert "already saved" in response.content.decode()
    assert RiskAssessment.objects.count() == 1


def test_no_assessment_page_before_first_contact(a_case, caseworker_a):
    client = login(caseworker_a)
    response = client.get(reverse("cases_staff:assessment", args=[a_case.public_id]))
    assert response.status_code == 302


def test_the_safety_plan_prints_discreetly(a_case, caseworker_a):
    case = contacted(a_case, caseworker_a.user)
    client = login(caseworker_a)
    data = {"heading": "Recipes", "language": "ar", "at_home-0-action": "Keep the phone charged",
            "at_home-0-who": "me", "at_home-0-when": "always"}
    assert client.post(reverse("cases_staff:safety_plan", args=[case.public_id]), data).status_code == 302
    plan = SafetyPlan.objects.get()
    html = client.get(reverse("cases_staff:safety_plan_print", args=[plan.public_id])).content.decode()
    assert "<title>Recipes</title>" in html and 'dir="rtl"' in html and "Keep the phone charged" in html
    lowered = html.lower()
    assert "organisation a" not in lowered and "abuse" not in lowered and "violence" not in lowered
    assert "harbour" not in lowered
    # A second save keeps the first version.
    client.post(reverse("cases_staff:safety_plan", args=[case.public_id]), {**data, "heading": "Shopping"})
    assert list(SafetyPlan.objects.values_list("version", flat=True).order_by("version")) == [1, 2]


def test_a_file_upload_too_big_or_wrong_comes_back(a_case, caseworker_a, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from harbour.cases import services

    client = login(caseworker_a)
    url = reverse("cases_staff:add_document", args=[a_case.public_id])
    fake = SimpleUploadedFile("photo.jpg", b"MZ executable", content_type="image/jpeg")
    response = client.post(url, {"file": fake})
    assert response.status_code == 400 and "not a PDF, PNG or JPEG" in response.content.decode()
    monkeypatch.setattr(services, "MAX_DOCUMENT_BYTES", 10)
    big = SimpleUploadedFile("scan.pdf", b"%PDF-" + b"x" * 100, content_type="application/pdf")
    response = client.post(url, {"file": big})
    assert response.status_code == 400 and "too big" in response.content.decode()
    assert not a_case.documents.exists()


def test_opening_a_saved_referral_is_audited(a_case, caseworker_a):
    from harbour.core.models import AuditEntry

    case = contacted(a_case, caseworker_a.user)
    client = login(caseworker_a)
    client.post(reverse("cases_staff:assessment", args=[case.public_id]), dash_post(uuid.uuid4(), 14))
    client.post(reverse("cases_staff:marac", args=[case.public_id]), {"name": "Amal", "risk_summary": "High"})
    before = AuditEntry.objects.filter(action="cases.marac.view").count()
    html = client.get(reverse("cases_staff:marac", args=[case.public_id])).content.decode()
    assert "High" in html
    assert AuditEntry.objects.filter(action="cases.marac.view").count() == before + 1

"""Every query parameter and form field of impact refuses bad input with a clear message in the
reader's language, computes and saves nothing, and gives back what was typed (issue 16, "Bad
input"). The sweep names each parameter of each page: period, programme, format, breakdown,
threshold, rounding, months; the publication form (metric, breakdown, publish) and the outreach
log (kind, held_on, counts)."""

import datetime
import html
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from harbour.accounts.models import Network
from harbour.core.models import AuditEntry
from harbour.impact.models import FigureCache, OutreachActivity, Publication
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db

FUTURE = (timezone.localdate() + datetime.timedelta(days=400)).isoformat()
THIS_MONTH = "this month"  # resolved when the test runs: a value taken at import goes stale across midnight
BEGIN = "Figures begin in 2000: choose a period from 2000 onwards."
NOT_ENDED = "That period has not ended yet: public figures cover complete periods only."
WHOLE = "The threshold is a whole number of people from 10 to 1000."
NO_PROGRAMME = "There is no such programme."

# (page, query, the message she must read)
STAFF_QUERIES = [
    ("organisation", "period=1999", BEGIN),
    ("organisation", "period=0999", BEGIN),
    ("organisation", "period=2025-Q5", "A period is a year (2026), a quarter (2026-Q2) or a month (2026-05)."),
    ("organisation", "period=2999", "That period has not started yet: choose one that has."),
    ("organisation", "programme=sport", NO_PROGRAMME),
    ("organisation", "format=doc", "This page has no \u201cformat\u201d setting: leave it out."),
    ("organisation", "breakdown=need", "This page has no \u201cbreakdown\u201d setting: leave it out."),
    ("figure", "format=doc", "This page has no \u201cformat\u201d setting: leave it out."),
    ("figure", "programme=x", "This page has no \u201cprogramme\u201d setting: leave it out."),
    ("figure", "period=1999", BEGIN),
    ("figure", "breakdown=colour", "That figure cannot be broken down that way."),
    ("figure", "breakdown=abuse", "That figure cannot be broken down that way."),  # another figure's
    ("figure", "threshold=x", WHOLE),
    ("figure", "threshold=-12", WHOLE),
    ("figure", "threshold=1.5", WHOLE),
    ("figure", "threshold=100000", WHOLE),
    ("figure", "threshold=7", "The threshold may not be lower than this deployment's (and never below 5)."),
    ("figure", "rounding=maybe", "Rounding is to 5 (rounding=5) or none: leave it out for exact figures."),
    ("figure", "rounding=10", "Rounding is to 5 (rounding=5) or none: leave it out for exact figures."),
    ("figure", "months=yes", "Month by month is on (months=1) or off: leave it out for the whole period."),
    ("report", "period=1999", BEGIN),
    ("report", "programme=sport", NO_PROGRAMME),
    ("report", "months=1", "This page has no \u201cmonths\u201d setting: leave it out."),
    ("report", "format=docx", "Choose HTML, CSV, XLSX or PDF."),
    ("network", "period=1999", BEGIN),
    ("network", "programme=sport", NO_PROGRAMME),
    ("network", "format=pdf", "The network's figures are a page only"),
    ("network", "threshold=12", "This page has no \u201cthreshold\u201d setting: leave it out."),
    ("network", "format=docx", "Choose HTML, CSV, XLSX or PDF."),
]


@pytest.fixture
def coordinator(outsider, org_a):
    network = Network.objects.create(name="Sweep network")
    network.organisations.add(org_a)
    network.coordinators.add(outsider.user)
    return verified_client(outsider), network


def read_as_text(response) -> str:
    """The page as she reads it: a token's left-to-right wrapper (`ltr_tokens`) is not text."""
    return html.unescape(re.sub(r'<bdi dir="ltr" class="token">(.*?)</bdi>', r"\1", response.content.decode()))


def staff_url(page, org, network):
    if page == "network":
        return reverse("impact_staff:network", args=[network.public_id])
    if page == "figure":
        return reverse("impact_staff:figure", args=[org.public_id, "help_requests"])
    return reverse(f"impact_staff:{page}", args=[org.public_id])


@pytest.mark.parametrize(("page", "query", "message"), STAFF_QUERIES)
def test_every_staff_query_parameter_refuses_bad_input_clearly(as_caseworker_a, coordinator, org_a, page, query,
                                                                message):
    client, network = coordinator
    client = client if page == "network" else as_caseworker_a
    response = client.get(staff_url(page, org_a, network) + "?" + query)
    assert response.status_code == 400
    text = read_as_text(response)
    assert 'role="alert"' in text and message in text
    assert not FigureCache.objects.exists()
    assert not AuditEntry.objects.filter(action="impact.report_exported").exists()


@pytest.mark.parametrize(("page", "query", "message"), STAFF_QUERIES + [
    ("organisation", "period=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E", "A period is a year"),
    ("report", "period=2025-Q7&programme=training", "A period is a year"),
])
def test_a_refused_staff_query_gives_back_the_period_she_typed_in_the_box(as_caseworker_a, coordinator, org_a, page,
                                                                           query, message):
    """The 400 page holds the page's period box with what she typed, to correct it there
    (before, only a link back to the impact home, and the typed period was gone)."""
    from urllib.parse import parse_qs

    client, network = coordinator
    client = client if page == "network" else as_caseworker_a
    response = client.get(staff_url(page, org_a, network) + "?" + query)
    assert response.status_code == 400
    body = response.content.decode()
    typed = parse_qs(query).get("period", [""])[0]
    assert f'name="period" value="{html.escape(typed, quote=True)}"' in body.replace("&#x27;", "'")
    assert '<form method="get">' in body  # no action: it asks this same page again
    assert "<script>alert" not in body
    chosen = parse_qs(query).get("programme", [""])[0]
    if page in ("organisation", "report", "network") and chosen in ("training", "referrals"):
        assert f'<option value="{chosen}" selected>' in body
    if page == "figure":
        assert 'name="programme"' not in body  # the figure page has no programme setting


@pytest.mark.parametrize(("page", "query"), [("organisation", "period=2025-Q1&programme=referrals"),
                                             ("figure", "period=2025-Q1&threshold=12&rounding=5&months=1"),
                                             ("figure", "period=2025-Q1&breakdown=need&rounding=&months="),
                                             ("network", "period=2025-Q1&programme=casework&format=html")])
def test_good_queries_still_answer(as_caseworker_a, coordinator, org_a, page, query):
    client, network = coordinator
    client = client if page == "network" else as_caseworker_a
    assert client.get(staff_url(page, org_a, network) + "?" + query).status_code == 200


def test_the_network_view_keeps_to_the_programme_asked_for(coordinator, org_a):
    client, network = coordinator
    text = client.get(reverse("impact_staff:network", args=[network.public_id]) + "?programme=outreach").content.decode()
    assert "Decision-makers met" in text and "Help requests" not in text


PUBLISH_REFUSED = [
    ({"metric": "help_requests", "breakdown": "need", "publish": "maybe"},
     "Choose whether to publish this figure or to stop publishing it."),
    ({"metric": "help_requests", "breakdown": "need", "publish": ""},
     "Choose whether to publish this figure or to stop publishing it."),
    ({"metric": "help_requests", "breakdown": "abuse", "publish": "1"}, "That figure cannot be broken down that way."),
    ({"metric": "help_requests", "breakdown": "", "publish": "1"}, "This field is required."),
    ({"metric": "shoe_sizes", "breakdown": "total", "publish": "1"}, "There is no such figure."),
]


@pytest.mark.parametrize(("data", "message"), PUBLISH_REFUSED)
def test_a_bad_publication_choice_saves_nothing_and_says_why(as_admin_a, org_a, data, message):
    response = as_admin_a.post(reverse("impact_staff:publish", args=[org_a.public_id]), data)
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert 'role="alert"' in text and message in text
    assert not Publication.objects.exists()
    assert not AuditEntry.objects.filter(action__in=["impact.published", "impact.withdrawn"]).exists()
    if data["metric"] == "help_requests":  # back on the figure, its publication form filled in again
        assert '<input type="hidden" name="metric" value="help_requests">' in text


def test_a_good_publication_choice_is_still_saved(as_admin_a, org_a):
    data = {"metric": "help_requests", "breakdown": "need", "publish": "1"}
    assert as_admin_a.post(reverse("impact_staff:publish", args=[org_a.public_id]), data).status_code == 302
    assert list(Publication.objects.values_list("metric", "breakdown")) == [("help_requests", "need")]


GOOD_OUTREACH = {"kind": "outreach", "held_on": "2025-01-10", "people_reached": "37", "organisations_reached": "2",
                 "decision_makers_met": "0"}
OUTREACH_REFUSED = [
    ({"held_on": "1900-05-01"}, "An activity before 2000 cannot be logged: check the year."),
    ({"held_on": "1999-12-31"}, "An activity before 2000 cannot be logged: check the year."),
    ({"held_on": FUTURE}, "Log an activity once it has happened."),
    ({"held_on": "31/02/2025"}, "Enter a valid date."),
    ({"held_on": ""}, "This field is required."),
    ({"kind": "party"}, "Select a valid choice."),
    ({"people_reached": "-1"}, "Ensure this value is greater than or equal to 0."),
    ({"people_reached": "2000000"}, "Ensure this value is less than or equal to 1000000."),
    ({"organisations_reached": "many"}, "Enter a whole number."),
    ({"decision_makers_met": "100001"}, "Ensure this value is less than or equal to 100000."),
]


@pytest.mark.parametrize(("change", "message"), OUTREACH_REFUSED)
def test_every_outreach_field_refuses_bad_input_and_keeps_what_she_typed(as_caseworker_a, org_a, change, message):
    data = dict(GOOD_OUTREACH, **change)
    response = as_caseworker_a.post(reverse("impact_staff:outreach", args=[org_a.public_id]), data)
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert message in text
    assert 'value="37"' in text or change.get("people_reached")  # the count she typed is still there
    assert not OutreachActivity.objects.exists()


def test_the_outreach_service_refuses_a_date_before_2000_too(caseworker_a, org_a):
    from django.core.exceptions import ValidationError

    from harbour.impact import services

    with pytest.raises(ValidationError) as refused:
        services.outreach_activity_create(acting_user=caseworker_a.user, organisation=org_a, kind="outreach",
                                          held_on=datetime.date(1900, 1, 1), people_reached=3)
    assert "held_on" in refused.value.message_dict
    assert not OutreachActivity.objects.exists()


PUBLIC_PERIODS = [("1999", BEGIN), ("0999", BEGIN), (THIS_MONTH, NOT_ENDED),
                  ("2999", "That period has not started yet: choose one that has."),
                  ("2025-01-01", "A period is a year (2026), a quarter (2026-Q2) or a month (2026-05), and it must "
                                 "have ended.")]


@pytest.mark.parametrize(("period", "message"), PUBLIC_PERIODS)
def test_every_public_period_is_refused_with_its_reason(client, period, message):
    if period == THIS_MONTH:
        period = timezone.localdate().strftime("%Y-%m")
    page = client.get(f"/en/figures/?period={period}")
    assert page.status_code == 400 and message in read_as_text(page)
    csv = client.get(f"/en/figures.csv?period={period}")
    assert csv.status_code == 400 and csv.content.decode() == message
    api = client.get(f"/api/v1/figures?period={period}", HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 400 and api.json()["errors"]["period"] == [message]
    assert not FigureCache.objects.exists()


def test_the_refusals_are_in_her_language(client, as_caseworker_a, caseworker_a, org_a):
    call_command("compile_catalogues", verbosity=0)
    spanish = "Las cifras empiezan en 2000"
    assert spanish in client.get("/es/figures/?period=1999").content.decode()
    assert spanish in client.get("/es/figures.csv?period=1999").content.decode()
    assert spanish in client.get("/api/v1/figures?period=1999", HTTP_ACCEPT_LANGUAGE="es").json()["errors"]["period"][0]
    caseworker_a.user.language = "es"      # the staff language she chose (StaffMemberLanguageMiddleware)
    caseworker_a.user.save(update_fields=["language"])
    staff = as_caseworker_a.get(reverse("impact_staff:figure", args=[org_a.public_id, "help_requests"])
                                + "?rounding=maybe", HTTP_ACCEPT_LANGUAGE="es")
    assert staff.status_code == 400 and "El redondeo es a 5" in staff.content.decode()

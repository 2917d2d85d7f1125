"""Staff and public pages of impact: who sees what, bad input, exports (audited), the network
view's publication rule, the public page, CSV and API, and the barrier question."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from harbour.accounts.models import Network
from harbour.core.models import AuditEntry
from harbour.help.models import BarrierTally
from harbour.impact import services
from harbour.impact.models import FigureCache, OutreachActivity, Publication
from tests.impact.conftest import FEB, JAN, MAR, help_request

pytestmark = pytest.mark.django_db


def fill(org, per_month=12, needs=("safety",)):
    for day in (JAN, FEB, MAR):
        for _ in range(per_month):
            help_request(org, day, list(needs))


def org_url(name, org, *args):
    return reverse(f"impact_staff:{name}", args=[org.public_id, *args])


def test_a_member_sees_her_organisations_dashboard(as_caseworker_a, org_a):
    fill(org_a)
    response = as_caseworker_a.get(org_url("organisation", org_a) + "?period=2025-Q1")
    assert response.status_code == 200
    assert "Help requests" in response.content.decode()
    assert '<bdi dir="ltr">36</bdi>' in response.content.decode()


def test_the_outsider_gets_404_everywhere_and_nothing_is_computed(as_outsider, org_a):
    fill(org_a)
    for url in [org_url("organisation", org_a), org_url("figure", org_a, "help_requests"),
                org_url("report", org_a) + "?format=csv", org_url("outreach", org_a)]:
        assert as_outsider.get(url).status_code == 404
    assert as_outsider.post(org_url("publish", org_a), {"metric": "help_requests", "breakdown": "total",
                                                        "publish": "1"}).status_code == 404
    assert as_outsider.post(org_url("outreach", org_a), {"kind": "outreach", "held_on": "2025-01-10",
                                                         "people_reached": 5, "organisations_reached": 0,
                                                         "decision_makers_met": 0}).status_code == 404
    assert not FigureCache.objects.exists()
    assert not Publication.objects.exists()
    assert not OutreachActivity.objects.exists()


@pytest.mark.parametrize("query", ["period=2999", "period=2025-01-01..2025-02-01", "period=2025-Q9",
                                   "breakdown=colour", "threshold=3", "threshold=7", "threshold=x"])
def test_bad_input_gets_400_with_a_reason_and_nothing_computed(as_caseworker_a, org_a, query):
    response = as_caseworker_a.get(org_url("figure", org_a, "help_requests") + "?period=2025-Q1&" + query)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not FigureCache.objects.exists()


def test_an_unknown_figure_is_404(as_caseworker_a, org_a):
    assert as_caseworker_a.get(org_url("figure", org_a, "shoe_sizes")).status_code == 404


def test_a_higher_threshold_suppresses_more(as_caseworker_a, org_a):
    fill(org_a, per_month=12)
    page = as_caseworker_a.get(org_url("figure", org_a, "help_requests") + "?period=2025-Q1&threshold=13&months=1")
    assert page.status_code == 200
    assert "fewer than 13*" in page.content.decode()


def test_the_funder_report_in_every_format_is_audited(as_caseworker_a, caseworker_a, org_a):
    fill(org_a)
    for export_format, kind in [("html", "text/html"), ("csv", "text/csv"), ("xlsx", "spreadsheetml"),
                                ("pdf", "application/pdf")]:
        before = AuditEntry.objects.filter(action="impact.report_exported").count()
        response = as_caseworker_a.get(org_url("report", org_a) + f"?period=2025&programme=help&format={export_format}")
        assert response.status_code == 200, export_format
        assert kind in response["Content-Type"]
        entry = AuditEntry.objects.filter(action="impact.report_exported").order_by("-seq").first()
        assert AuditEntry.objects.filter(action="impact.report_exported").count() == before + 1
        assert entry.detail == {"report": "funder:help", "period": "2025", "format": export_format}
        assert entry.actor == str(caseworker_a.user.public_id)
    rows = list(csv.reader(io.StringIO(as_caseworker_a.get(
        org_url("report", org_a) + "?period=2025-Q1&programme=help&format=csv").content.decode())))
    assert rows[0][:4] == ["figure", "name", "period", "breakdown"]
    total = [r for r in rows if r[0] == "help_requests" and r[4] == "total" and r[5] == "total"]
    assert total and total[0][6] == "36"
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(as_caseworker_a.get(
        org_url("report", org_a) + "?period=2025-Q1&programme=help&format=xlsx").content))
    assert {"Figures", "Definitions"} <= set(book.sheetnames)
    values = [c for row in book["Figures"].iter_rows(values_only=True) for c in row]
    assert 36 in values and "fewer than 10*" in values


def test_a_report_in_an_unknown_format_or_programme_is_400(as_caseworker_a, org_a):
    assert as_caseworker_a.get(org_url("report", org_a) + "?format=docx").status_code == 400
    assert as_caseworker_a.get(org_url("report", org_a) + "?programme=sport").status_code == 400
    assert not AuditEntry.objects.filter(action="impact.report_exported").exists()


def test_only_an_admin_publishes_and_a_viewer_cannot_log_outreach(as_caseworker_a, as_admin_a, as_viewer_a, org_a):
    data = {"metric": "help_requests", "breakdown": "need", "publish": "1"}
    assert as_caseworker_a.post(org_url("publish", org_a), data).status_code == 404
    assert not Publication.objects.exists()
    assert as_admin_a.post(org_url("publish", org_a), data).status_code == 302
    assert list(Publication.objects.values_list("metric", "breakdown")) == [("help_requests", "need")]
    bad = as_admin_a.post(org_url("publish", org_a), {"metric": "marac_referrals", "breakdown": "need", "publish": "1"})
    assert bad.status_code == 400
    assert Publication.objects.count() == 1
    outreach = {"kind": "outreach", "held_on": "2025-01-10", "people_reached": 50, "organisations_reached": 2,
                "decision_makers_met": 0}
    assert as_viewer_a.post(org_url("outreach", org_a), outreach).status_code == 404
    assert as_viewer_a.get(org_url("outreach", org_a)).status_code == 404
    assert as_caseworker_a.post(org_url("outreach", org_a), outreach).status_code == 302
    assert OutreachActivity.objects.get().people_reached == 50
    future = dict(outreach, held_on=(timezone.localdate().replace(year=timezone.localdate().year + 1)).isoformat())
    assert as_caseworker_a.post(org_url("outreach", org_a), future).status_code == 400
    assert OutreachActivity.objects.count() == 1


def test_the_network_view_shows_totals_and_only_published_rows(client, admin_a, org_a, org_b, outsider):
    from tests.conftest import verified_client

    network = Network.objects.create(name="North network")
    network.organisations.add(org_a, org_b)
    network.coordinators.add(outsider.user)  # B's caseworker coordinates; she is not a member of A
    fill(org_a, per_month=6)
    fill(org_b, per_month=6)
    services.publication_set(acting_user=admin_a.user, organisation=org_a, metric_id="help_requests",
                             breakdown="total", publish=True)
    coordinator = verified_client(outsider)
    page = coordinator.get(reverse("impact_staff:network", args=[network.public_id]) + "?period=2025-Q1")
    assert page.status_code == 200
    text = page.content.decode()
    # Network total: 36 (each organisation alone has 18 a quarter, 6 a month: suppressed monthly).
    assert '<bdi dir="ltr">36</bdi>' in text
    assert text.count('class="published-row"') == 1
    assert "Organisation A" in text and "Organisation B" not in text
    assert coordinator.get(reverse("impact_staff:network", args=[Network.objects.create(
        name="Other").public_id])).status_code == 404


def test_public_figures_page_csv_and_api_show_only_published_figures(client, admin_a, org_a, org_b):
    fill(org_a)
    fill(org_b)
    services.publication_set(acting_user=admin_a.user, organisation=org_a, metric_id="help_requests",
                             breakdown="need", publish=True)
    page = client.get("/en/figures/?period=2025-Q1")
    assert page.status_code == 200
    assert "Organisation A" in page.content.decode() and "Organisation B" not in page.content.decode()
    data = client.get("/api/v1/figures?period=2025-Q1").json()
    assert data["period"] == "2025-Q1"
    [figure] = data["figures"]
    assert (figure["id"], figure["period"], figure["breakdown"]) == ("help_requests", "2025-Q1", "need")
    assert figure["organisation"] == str(org_a.public_id)
    assert figure["total"] == {"value": 36, "suppressed": False}
    for cell in figure["cells"] + figure["row_totals"] + figure["column_totals"]:
        assert (cell["value"] is None) == cell["suppressed"]
        assert cell["value"] is None or cell["value"] >= 10
    legal = [c for c in figure["cells"] if c["row"] == "legal"]
    assert legal and all(c == {"row": "legal", "column": c["column"], "value": None, "suppressed": True}
                         for c in legal)
    rows = list(csv.reader(io.StringIO(client.get("/en/figures.csv?period=2025-Q1").content.decode())))
    assert rows[0][0] == "figure" and any(r[:2] == ["help_requests", "Help requests"] for r in rows[1:])


@pytest.mark.parametrize("period", ["2999", "2999-Q1", "yesterday", "2025-01-01"])
def test_public_figures_refuse_future_running_and_arbitrary_periods(client, period):
    assert client.get(f"/en/figures/?period={period}").status_code == 400
    assert client.get(f"/en/figures.csv?period={period}").status_code == 400
    response = client.get(f"/api/v1/figures?period={period}")
    assert response.status_code == 400 and "period" in response.json()["errors"]


def test_the_running_period_is_not_public(client):
    this_month = timezone.localdate().strftime("%Y-%m")
    assert client.get(f"/en/figures/?period={this_month}").status_code == 400


@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_the_barrier_question_is_on_the_help_form_in_every_language(client, language):
    call_command("compile_catalogues", verbosity=0)
    page = client.get(f"/{language}/help/").content.decode()
    assert 'name="barriers"' in page
    assert page.count('name="barriers"') == len(BarrierTally.Category.choices)


def test_the_barrier_answer_is_optional_and_stored_only_as_counts(client, sealed_a, org_a):
    from harbour.help.models import HelpRequest

    base = {"organisation": str(org_a.public_id), "needs": ["safety"], "message": "help"}
    assert client.post("/en/help/", base).status_code == 200
    assert HelpRequest.objects.count() == 1 and not BarrierTally.objects.exists()
    assert client.post("/en/help/", dict(base, barriers=["fear_enforcement", "language"])).status_code == 200
    assert HelpRequest.objects.count() == 2
    tallies = {t.category: t.count for t in BarrierTally.objects.all()}
    assert tallies == {"answered": 1, "fear_enforcement": 1, "language": 1}
    month = BarrierTally.objects.values_list("month", flat=True).first()
    assert month.day == 1
    field_names = {f.name for f in BarrierTally._meta.get_fields()}
    assert field_names == {"id", "organisation", "source", "category", "month", "count"}


def test_a_wrong_barrier_choice_keeps_what_she_typed(client, sealed_a, org_a):
    response = client.post("/en/help/", {"organisation": str(org_a.public_id), "needs": ["safety"],
                                         "message": "my words stay", "barriers": ["passport"]})
    assert response.status_code == 400
    assert "my words stay" in response.content.decode()
    assert not BarrierTally.objects.exists()


def test_case_intake_asks_the_barrier_question_and_counts_it_apart(as_caseworker_a, sealed_a, org_a):
    from harbour.cases.models import Case

    response = as_caseworker_a.post(reverse("cases_staff:open_direct", args=[org_a.public_id]),
                                    {"name": "R", "summary": "", "language": "en", "barriers": ["children"]})
    assert response.status_code == 302
    assert Case.objects.count() == 1
    assert {(t.source, t.category, t.count) for t in BarrierTally.objects.all()} == {
        ("case", "answered", 1), ("case", "children", 1)}

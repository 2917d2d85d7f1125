"""The summaries beside the tables (the overdue share, the median time to first contact) travel
with the figures into every export, CSV, XLSX, PDF and the JSON API, under the same rules: none on
a base under the threshold, and then the export says "suppressed"."""

import csv
import datetime
import io
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from harbour.impact import services
from harbour.referrals.models import Referral
from tests.conftest import make_persona, verified_client
from tests.impact.conftest import FEB, JAN

pytestmark = pytest.mark.django_db


def at(day, hours=10.0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(0))) + datetime.timedelta(hours=hours)


def referrals_to(receiver, sender, day, count, *, ack_after_hours, contact_after_hours):
    """`count` referrals from `sender` to `receiver` sent on `day`, due for acknowledgement a day
    later, acknowledged and accepted after `ack_after_hours`, first contact after
    `contact_after_hours` (rows by hand: the figures read plain fields only)."""
    rows = []
    for _ in range(count):
        sent = at(day)
        received = sent + datetime.timedelta(hours=ack_after_hours)
        rows.append(Referral(reference="T-" + uuid.uuid4().hex[:8].upper(), referring_organisation=sender,
                             receiving_organisation=receiver, one_off_reason="urgent", source="intake",
                             status="accepted", needs=["safety"], subject_ref=uuid.uuid4(), sent_at=sent,
                             ack_due_at=sent + datetime.timedelta(hours=24), received_at=received,
                             accepted_at=received,
                             first_contact_at=sent + datetime.timedelta(hours=contact_after_hours)))
    Referral.objects.bulk_create(rows)


@pytest.fixture
def overdue(org_a, org_b):
    """B received 30 referrals in time and 12 late in 2025-Q1: a share of 28.6% of 42; first
    contact after 20 hours for 30 of them and 60 hours for 12 (median 20.0). A received 4."""
    referrals_to(org_b, org_a, JAN, 30, ack_after_hours=2, contact_after_hours=20)
    referrals_to(org_b, org_a, FEB, 12, ack_after_hours=30, contact_after_hours=60)
    referrals_to(org_a, org_b, FEB, 4, ack_after_hours=30, contact_after_hours=60)


@pytest.fixture
def as_admin_b(org_b):
    return verified_client(make_persona(email="admin@b.example.org", organisation=org_b, role="admin"))


def report(client, org, export_format):
    return client.get(reverse("impact_staff:report", args=[org.public_id])
                      + f"?period=2025-Q1&programme=referrals&format={export_format}")


def test_the_csv_carries_each_summary_and_its_base(as_admin_b, org_b, overdue):
    rows = list(csv.reader(io.StringIO(report(as_admin_b, org_b, "csv").content.decode())))
    summary = {(r[0], r[4]): r for r in rows[1:] if len(r) > 4 and r[4] in ("summary", "summary_base")}
    assert summary[("referrals_overdue", "summary")][5:9] == ["share", "28.6", "False", "percent"]
    assert summary[("referrals_overdue", "summary_base")][5:8] == ["share", "42", "False"]
    assert summary[("referral_first_contact", "summary")][5:9] == ["median_hours", "20.0", "False", "hours"]
    assert summary[("referral_first_contact", "summary_base")][5:8] == ["median_hours", "42", "False"]


def test_a_summary_on_a_small_base_is_suppressed_in_the_csv(as_admin_a, org_a, overdue):
    rows = list(csv.reader(io.StringIO(report(as_admin_a, org_a, "csv").content.decode())))
    summary = {(r[0], r[4]): r for r in rows[1:] if len(r) > 4 and r[4] in ("summary", "summary_base")}
    for metric_id, kind in (("referrals_overdue", "share"), ("referral_first_contact", "median_hours")):
        assert summary[(metric_id, "summary")][5:8] == [kind, "", "True"]
        assert summary[(metric_id, "summary_base")][5:8] == [kind, "", "True"]


def test_the_xlsx_carries_each_summary(as_admin_a, as_admin_b, org_a, org_b, overdue):
    from openpyxl import load_workbook

    def rows(client, org):
        book = load_workbook(io.BytesIO(report(client, org, "xlsx").content))
        return list(book["Figures"].iter_rows(values_only=True))

    shown = {row[0]: row for row in rows(as_admin_b, org_b)}
    assert shown["Overdue share (percent)"][1] == 28.6
    assert "28.6% of 42 referrals" in shown["Overdue share (percent)"][2]
    assert shown["Median time to first contact (hours)"][1] == 20.0
    hidden = {row[0]: row for row in rows(as_admin_a, org_a)}
    assert hidden["Overdue share (percent)"][1] == "suppressed"
    assert hidden["Median time to first contact (hours)"][1] == "suppressed"


def test_the_pdf_carries_each_summary(as_admin_a, as_admin_b, org_a, org_b, overdue, pdf_drawn_text):
    assert report(as_admin_b, org_b, "pdf").content.startswith(b"%PDF-")
    shown = "\n".join(pdf_drawn_text)
    assert "Overdue share (percent): 28.6." in shown
    assert "Median time to first contact (hours): 20.0." in shown
    pdf_drawn_text.clear()
    assert report(as_admin_a, org_a, "pdf").content.startswith(b"%PDF-")
    hidden = "\n".join(pdf_drawn_text)
    assert "Overdue share (percent): suppressed." in hidden
    assert "Median time to first contact (hours): suppressed." in hidden


def test_the_api_and_public_csv_carry_the_published_summaries(client, admin_a, org_a, org_b, overdue):
    admin_b = make_persona(email="admin@b.example.org", organisation=org_b, role="admin")
    for org, admin in ((org_a, admin_a), (org_b, admin_b)):
        for metric_id in ("referrals_overdue", "referral_first_contact"):
            services.publication_set(acting_user=admin.user, organisation=org, metric_id=metric_id,
                                     breakdown="total", publish=True)
    data = client.get("/api/v1/figures?period=2025-Q1").json()
    summaries = {(f["organisation"], f["id"]): f["summary"] for f in data["figures"]}
    assert summaries[(str(org_b.public_id), "referrals_overdue")] == {
        "kind": "share", "value": 28.6, "base": 42, "suppressed": False}
    assert summaries[(str(org_b.public_id), "referral_first_contact")] == {
        "kind": "median_hours", "value": 20.0, "base": 42, "suppressed": False}
    assert summaries[(str(org_a.public_id), "referrals_overdue")] == {
        "kind": "share", "value": None, "base": None, "suppressed": True}
    rows = list(csv.reader(io.StringIO(client.get("/en/figures.csv?period=2025-Q1").content.decode())))
    assert any(r[0] == "referrals_overdue" and r[4] == "summary" and r[6] == "28.6" for r in rows)


def test_a_median_on_too_few_referrals_is_suppressed_with_its_base(org_a, org_b):
    from harbour.impact import figures
    from tests.impact.conftest import Q1

    referrals_to(org_b, org_a, JAN, 9, ack_after_hours=2, contact_after_hours=20)
    payload = figures.build(metric_id="referral_first_contact", org_ids=[org_b.pk], scope="org:b", period=Q1,
                            breakdown="total", use_cache=False)
    assert payload["total"]["suppressed"]
    assert payload["summary"] == {"kind": "median_hours", "value": None, "base": None, "suppressed": True}


def test_the_report_heading_keeps_its_period_left_to_right(as_admin_b, org_b, overdue):
    """A walk-through saw the Arabic heading read "Q1-2025": the period is a left-to-right token."""
    page = as_admin_b.get(reverse("impact_staff:report", args=[org_b.public_id]) + "?period=2025-Q1&programme=referrals")
    assert page.status_code == 200
    heading = page.content.decode().split("<h1>")[1].split("</h1>")[0]
    assert '<bdi dir="ltr" class="token">2025-Q1</bdi>' in heading

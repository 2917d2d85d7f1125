"""Who may see a case: caseworkers and admins of the holding organisation; for a
restricted case only the named members. The outsider and the colleague left out get the
same 404 as for a missing case, and their posts change nothing."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from harbour.cases import services
from harbour.cases.models import Case, CaseDocument, CaseNote, CaseTask, ContactAttempt, SafetyPlan
from tests.cases.conftest import contacted
from tests.conftest import verified_client


def _snapshot():
    return (list(Case.objects.values()), CaseNote.objects.count(), CaseTask.objects.count(),
            ContactAttempt.objects.count(), SafetyPlan.objects.count(), CaseDocument.objects.count())


def _urls(case, extra):
    return {
        "get": [reverse("cases_staff:detail", args=[case.public_id]),
                reverse("cases_staff:assessment", args=[case.public_id]),
                reverse("cases_staff:assessment_list", args=[case.public_id]),
                reverse("cases_staff:marac", args=[case.public_id]),
                reverse("cases_staff:safety_plan", args=[case.public_id]),
                reverse("cases_staff:download_document", args=[extra["document"].public_id]),
                reverse("cases_staff:safety_plan_print", args=[extra["plan"].public_id])],
        "post": [(reverse("cases_staff:add_note", args=[case.public_id]), {"text": "intruder"}),
                 (reverse("cases_staff:transition", args=[case.public_id]), {"to": "closed", "reason": "other",
                                                                              "version": case.version}),
                 (reverse("cases_staff:set_contact", args=[case.public_id]), {"safe_channels": ["email"],
                                                                              "version": case.version}),
                 (reverse("cases_staff:add_task", args=[case.public_id]), {"title": "x", "due_on": "2030-01-01"}),
                 (reverse("cases_staff:contact_attempt", args=[case.public_id]), {"channel": "phone",
                                                                                  "outcome": "reached"}),
                 (reverse("cases_staff:restrict", args=[case.public_id]), {"version": case.version}),
                 (reverse("cases_staff:complete_task", args=[extra["task"].public_id]), {}),
                 (reverse("cases_staff:record_outcome", args=[case.public_id]), {"stage": "intake", "wellbeing": 1})],
    }


@pytest.fixture
def furnished(a_case, caseworker_a):
    case = contacted(a_case, caseworker_a.user)
    extra = {
        "task": services.case_task_add(acting_user=caseworker_a.user, case=case, title="Call",
                                       due_on=timezone.localdate(), channel="phone"),
        "document": services.case_document_add(acting_user=caseworker_a.user, case=case, data=b"%PDF-1.4 x"),
        "plan": services.safety_plan_save(acting_user=caseworker_a.user, case=case, heading="My plan",
                                          sections={"at_home": [{"action": "Keep phone charged"}]}),
    }
    case.refresh_from_db()
    return case, extra


def _assert_all_404(client, case, extra):
    before = _snapshot()
    urls = _urls(case, extra)
    for url in urls["get"]:
        assert client.get(url).status_code == 404, url
    for url, data in urls["post"]:
        assert client.post(url, data).status_code == 404, url
    assert _snapshot() == before


def test_outsider_gets_404_everywhere_and_changes_nothing(furnished, as_outsider):
    _assert_all_404(as_outsider, *furnished)


def test_a_missing_case_is_the_same_404(as_caseworker_a, keyed_a):
    assert as_caseworker_a.get(reverse("cases_staff:detail", args=[uuid.uuid4()])).status_code == 404


def test_a_restricted_case_is_404_for_a_colleague_not_named(furnished, admin_a, caseworker_a, colleague_a):
    case, extra = furnished
    services.case_restrict(acting_user=admin_a.user, case=case, members=[caseworker_a.user])
    case.refresh_from_db()
    _assert_all_404(verified_client(colleague_a), case, extra)
    assert verified_client(caseworker_a).get(reverse("cases_staff:detail", args=[case.public_id])).status_code == 200
    assert verified_client(admin_a).get(reverse("cases_staff:detail", args=[case.public_id])).status_code == 200
    board = verified_client(colleague_a).get(reverse("cases_staff:dashboard")).content.decode()
    assert case.reference not in board


def test_only_an_admin_restricts(furnished, caseworker_a, colleague_a):
    case, _extra = furnished
    client = verified_client(caseworker_a)
    client.post(reverse("cases_staff:restrict", args=[case.public_id]),
                {"version": case.version, "members": [str(caseworker_a.user.public_id)]})
    assert Case.objects.get(pk=case.pk).restricted is False


def test_the_dashboard_lists_references_never_names(furnished, caseworker_a):
    case, _extra = furnished
    html = verified_client(caseworker_a).get(reverse("cases_staff:dashboard")).content.decode()
    assert case.reference in html and "Amal" not in html


def test_a_stale_status_form_comes_back_filled_in(furnished, caseworker_a):
    case, _extra = furnished
    response = verified_client(caseworker_a).post(reverse("cases_staff:transition", args=[case.public_id]), {
        "to": "assessment", "version": case.version - 1})
    assert response.status_code == 400
    assert "Someone else changed this case" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == "first_contact"
    # The form comes back against the current version: saving again works.
    assert f'name="version" value="{case.version}"' in response.content.decode()


def test_a_refused_transition_says_why(furnished, caseworker_a):
    case, _extra = furnished
    response = verified_client(caseworker_a).post(reverse("cases_staff:transition", args=[case.public_id]), {
        "to": "new", "version": case.version})
    assert response.status_code == 400 and "cannot move" in response.content.decode()


def test_a_task_on_an_unsafe_channel_comes_back_filled_in(furnished, caseworker_a):
    case, _extra = furnished
    response = verified_client(caseworker_a).post(reverse("cases_staff:add_task", args=[case.public_id]), {
        "title": "Write to her at home", "due_on": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
        "channel": "letter"})
    html = response.content.decode()
    assert response.status_code == 400 and "not said this way of contacting her is safe" in html
    assert 'value="Write to her at home"' in html

"""The licensed DASH wording loads from a validated YAML file; the shipped structure uses
Harbour's own topic labels."""

import pytest
import yaml
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from harbour.cases.instruments import dash_wording_load, parse_instrument
from harbour.cases.models import DashWording
from harbour.cases.views_staff import _wording


def instrument(**changes):
    document = {"instrument": "dash-ric", "version": "test-1", "language": "en",
                "questions": {str(n): f"Licensed question {n}?" for n in range(1, 25)}}
    document.update(changes)
    return yaml.safe_dump(document)


def test_a_valid_file_parses():
    assert parse_instrument(instrument())["questions"]["24"] == "Licensed question 24?"


@pytest.mark.parametrize(("text", "where"), [
    (instrument(questions={str(n): "q" for n in range(1, 24)}), "questions"),
    (instrument(questions={**{str(n): "q" for n in range(1, 25)}, "25": "q"}), "questions"),
    (instrument(instrument="other"), "instrument"),
    (instrument(language="xx"), "language"),
    ("questions: [unclosed", "YAML"),
])
def test_a_bad_file_is_refused_naming_where(text, where):
    with pytest.raises(ValueError, match=where):
        parse_instrument(text)


def test_an_admin_loads_it_and_the_form_uses_it(a_case, admin_a, caseworker_a, tmp_path):
    with pytest.raises(PermissionDenied):
        dash_wording_load(acting_user=caseworker_a.user, organisation=a_case.organisation, text=instrument())
    assert DashWording.objects.count() == 0
    path = tmp_path / "dash.yaml"
    path.write_text(instrument(), encoding="utf-8")
    call_command("load_dash_instrument", str(a_case.organisation.public_id), str(path))
    assert _wording(a_case)["7"] == "Licensed question 7?"
    path.write_text(instrument(language="xx"), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("load_dash_instrument", str(a_case.organisation.public_id), str(path))
    assert DashWording.objects.count() == 1


def test_the_instrument_page_is_for_admins_and_returns_bad_files_filled_in(a_case, admin_a, caseworker_a):
    from django.urls import reverse

    from tests.conftest import verified_client

    url = reverse("cases_staff:instrument", args=[a_case.organisation.public_id])
    assert verified_client(caseworker_a).get(url).status_code == 404
    response = verified_client(admin_a).post(url, {"text": instrument(language="xx")})
    assert response.status_code == 400 and "not loaded" in response.content.decode()
    assert "Licensed question 3?" in response.content.decode()
    assert verified_client(admin_a).post(url, {"text": instrument()}).status_code == 302
    assert DashWording.objects.count() == 1

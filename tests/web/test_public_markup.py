"""One element per id, one field per name, and labels and descriptions that point somewhere,
on every public page in every language and state (issue 8, item 1; STYLE.md habit 13)."""

import re

import pytest

from tests.directory.factories import make_service
from tests.firewall.fixtures import sealed_a  # noqa: F401 - an organisation that takes requests
from tests.web.markup import markup_faults
from tests.web.states import public_states


@pytest.fixture
def a_service(db):
    return make_service(name="Casa Lumbre", city="Madrid", lat=40.4168, lng=-3.7038, country="ES",
                        languages=("es", "ar"), hours=("00:00", "23:59", ""))


def test_markup_checker_finds_each_kind_of_fault():
    page = """<form><label for="id_message">A</label><textarea name="message" id="id_message"></textarea>
    <textarea name="message" id="id_message"></textarea>
    <input name="place" aria-describedby="id_place_helptext"><label for="nowhere">B</label></form>"""
    assert markup_faults(page) == [
        "id 'id_message' is used 2 times",
        "a label points at 'nowhere', which no element has",
        "<input> is described by 'id_place_helptext', which no element has",
        "form 1 has 2 fields named 'message'",
    ]


def test_markup_checker_allows_radio_groups_and_repeated_hidden_values():
    page = """<form><input type="radio" name="a" value="1"><input type="radio" name="a" value="2">
    <input type="hidden" name="more" value="x"><input type="hidden" name="more" value="y"></form>"""
    assert markup_faults(page) == []


def test_no_public_page_has_a_duplicate_id_or_field_or_a_dangling_reference(client, sealed_a, a_service):  # noqa: F811
    faults = {}
    for description, _url, response in public_states(client):
        assert response.status_code < 500, description
        found = markup_faults(response.content.decode())
        if found:
            faults[description] = found
    assert faults == {}


def test_the_help_form_has_one_message_box_and_shows_its_error_once(client, sealed_a, org_a):  # noqa: F811
    from tests.help.test_journey import submit

    assert client.get("/en/help/").content.decode().count('name="message"') == 1
    html = submit(client, org_a, message="x" * 4001).content.decode()
    # The language switch's buttons submit the help form itself (form="help-form"), so the
    # page holds one message box and no hidden copy of it.
    switch = re.search(r'<nav aria-label="[^"]*"><div class="langs">.*?</div></nav>', html, re.S)
    assert switch and 'form="help-form"' in switch.group(0) and 'name="message"' not in switch.group(0)
    assert html.count('name="message"') == 1
    assert html.count("(it has 4001)") == 1

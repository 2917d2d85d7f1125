"""Issue 11, item 3: NUL and other control characters get a 400 naming the parameter, on
every database, for every parameter of every documented operation, every JSON body field and
every public form. `make test` runs this on SQLite and, with DATABASE_URL, on PostgreSQL."""

import json
import re

import pytest

from harbour.core.textguard import find_control_character, has_control_character
from tests.firewall.fixtures import sealed_a  # noqa: F401 - an organisation that takes requests
from tools.openapi_snapshot import live_documents

BAD_VALUES = ["a\x00b", "a\x1bb", "\x7f", "a\x85b"]
ALLOWED = ["line one\nline two", "tab\there", "crlf\r\n", "عربي", "ñandú"]


def _operations():
    cases = []
    for name, document in sorted(live_documents().items()):
        for path, item in sorted(document["paths"].items()):
            for method, operation in sorted(item.items()):
                if method not in ("get", "post", "put", "patch", "delete"):
                    continue
                cases.append(pytest.param(document, path, method, operation, id=f"{name}:{method}:{path}"))
    return cases


def _resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        target = document
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        schema = target
    return schema


def _named(body: dict) -> str:
    """The parameter an error body names, in either API's documented shape."""
    if "errors" in body:
        assert len(body["errors"]) == 1, body
        return next(iter(body["errors"]))
    assert body["error"] == "invalid_parameter", body
    return body["parameter"]


def _url(path: str, parameters: list, bad: str | None = None) -> str:
    def fill(match):
        name = match.group(1)
        return "a%00b" if name == bad else "00000000-0000-0000-0000-000000000000"
    return re.sub(r"\{([^}]+)\}", fill, path)


def _prefix(document) -> str:
    return ""  # the documents' paths are absolute (/api/v1/…, /api/hsds/…)


@pytest.mark.django_db
def test_the_sweep_covers_both_documents():
    documents = live_documents()
    assert {"openapi-v1.json", "openapi-hsds.json"} <= set(documents)


@pytest.mark.django_db
@pytest.mark.parametrize(("document", "path", "method", "operation"), _operations())
def test_every_parameter_and_body_field_refuses_control_characters(client, document, path, method, operation):
    prefix = _prefix(document)
    parameters = operation.get("parameters", [])
    for parameter in parameters:
        name = parameter["name"]
        if parameter["in"] == "query":
            url = prefix + _url(path, parameters)
            response = getattr(client, method)(url + "?" + f"{name}=a%00b", content_type="application/json")
        elif parameter["in"] == "path":
            response = getattr(client, method)(prefix + _url(path, parameters, bad=name),
                                               content_type="application/json")
        else:
            continue
        assert response.status_code == 400, (name, response.status_code)
        assert _named(response.json()) == name, (name, response.json())
    body = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if body:
        schema = _resolve(document, body["schema"])
        for field in schema.get("properties", {}):
            response = getattr(client, method)(prefix + _url(path, parameters), json.dumps({field: "a\x00b"}),
                                               content_type="application/json")
            assert response.status_code == 400, (field, response.status_code)
            assert _named(response.json()) == field, (field, response.json())


# Public forms that show themselves again, filled in, without the refused characters
# (textguard.redisplays_form), instead of the 400 page.
SHOWN_AGAIN = {"/en/help/", "/en/services/"}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/en/", "/en/help/", "/en/help/status/", "/en/rights/", "/en/services/",
                                 "/staff/login/"])
def test_public_pages_refuse_control_characters_in_queries_and_forms(client, url):
    answer = client.get(url, {"q": "a\x00b"})
    assert answer.status_code == 400
    assert "Something you sent contains an invisible control character" in answer.content.decode()
    posted = client.post(url, {"message": "kept\x00text"})
    if url in SHOWN_AGAIN:
        assert posted.status_code in (200, 400) and "data-characters-removed" in posted.content.decode()
        assert "\x00" not in posted.content.decode()
        return
    assert posted.status_code == 400
    assert "Something you sent contains an invisible control character" in posted.content.decode()
    # A page names no field by its name in the code: "q" and "message" mean nothing to her.
    assert "“q”" not in answer.content.decode() and "“message”" not in posted.content.decode()


@pytest.mark.django_db
def test_the_refusal_is_in_her_language(client):
    answer = client.get("/es/services/", {"q": "a\x00b"})
    assert answer.status_code == 400
    assert '<html lang="es"' in answer.content.decode()
    assert "Lo que enviaste contiene un carácter de control invisible" in answer.content.decode()
    answer = client.get("/ar/services/", {"q": "a\x00b"})
    assert "ما أرسلتِه يحتوي على محرف تحكّم غير مرئي" in answer.content.decode()
    assert "«q»" not in answer.content.decode()


@pytest.mark.django_db
def test_a_staff_refusal_is_in_the_language_the_member_chose(as_caseworker_a, caseworker_a):
    """A walk-through: a staff member who chose Arabic got the refusal in English, because it
    answers before the middleware that reads her choice."""
    from django.utils import translation

    caseworker_a.user.language = "ar"
    caseworker_a.user.save(update_fields=["language"])
    try:
        answer = as_caseworker_a.post("/staff/", {"note": "a\x00b"}, HTTP_ACCEPT_LANGUAGE="en")
    finally:
        translation.deactivate()
    html = answer.content.decode()
    assert answer.status_code == 400
    assert '<html lang="ar"' in html and "ما أرسلتِه يحتوي على محرف تحكّم غير مرئي" in html


@pytest.mark.django_db
def test_a_staff_refusal_leads_back_to_the_page_the_form_was_on_in_the_staff_layout(as_caseworker_a, client):
    """A walk-through: "Open the form again" on a refused case note led to the note's POST-only
    address (a blank 405), "Go to the start page" to the public home, in the public layout."""
    from harbour.core.audience import _answers_get

    address = "/staff/cases/00000000-0000-4000-8000-000000000001/notes/"
    answer = as_caseworker_a.post(address, {"text": "She called\x00 at noon"})
    html = answer.content.decode()
    assert answer.status_code == 400
    again = re.search(r'<a href="([^"]+)">Open the form again</a>', html).group(1)
    assert again != address and _answers_get(again), again
    assert '<a href="/staff/">Go to the start page</a>' in html
    assert "staff/staff.css" in html and "Quick exit" not in html
    assert "She called at noon</textarea>" in html
    # Before login too: the staff layout, no one's name.
    answer = client.post("/staff/login/", {"email": "x\x00@example.org"})
    assert answer.status_code == 400 and "staff/staff.css" in answer.content.decode()


@pytest.mark.django_db
def test_the_refusal_gives_back_what_she_typed_not_what_the_page_filled_in(client):
    """A walk-through: the page gave back the ticked box ("on"), the chosen need's id and the
    language picked from a list as if she had typed them, each under its field's name in the code."""
    need = "4f6c2a1e-9b7d-4c3e-8a5f-2d1b0c9e8f7a"
    # Posted where no form shows itself again (the home page), so the 400 page answers.
    response = client.post("/en/", {"q": "legal\x01 advice", "open_now": "on", "need": need,
                                             "language": "de", "place": "Glasgow", "pick": "ch-geneva",
                                             "distance": "25", "women_only": "on"})
    html = response.content.decode()
    given = re.findall(r"<textarea[^>]*>([^<]*)</textarea>", html)
    assert given == ["legal advice", "Glasgow"]
    assert ">What you typed (1)</label>" in html and ">q<" not in html and "open_now" not in html
    # The help form: boxes ticked and choices picked are not given back, in English codes, on
    # an Arabic page (a walk-through: "safety", "legal", "phone", "no", "children").
    response = client.post("/ar/", {"needs": ["safety", "legal"], "channel": "phone", "message_ok": "no",
                                         "barriers": "children", "message": "He\x1b took my passport"})
    given = re.findall(r"<textarea[^>]*>([^<]*)</textarea>", response.content.decode())
    assert given == ["He took my passport"]


@pytest.mark.django_db
def test_the_refusal_never_shows_a_password_or_a_key(client):
    response = client.post("/staff/login/", {"username": "someone@example.org", "password": "s3cret\x00pass"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "s3cretpass" not in html and "someone@example.org" in html
    response = client.post("/en/help/status/", {"code": "ABCD-EFGH\x01-IJKL"})
    assert "ABCD-EFGH-IJKL" not in response.content.decode()


def test_nested_json_names_the_field_path():
    assert find_control_character({"contact": {"value": "a\x00"}}) == "contact.value"
    assert find_control_character({"needs": ["ok", "b\x01"]}) == "needs.1"
    assert find_control_character({"k\x00": "v"}) == "k\x00"
    assert find_control_character({"contact": {"value": "fine"}}) is None


@pytest.mark.parametrize("value", BAD_VALUES)
def test_refused_characters(value):
    assert has_control_character(value)


@pytest.mark.parametrize("value", ALLOWED)
def test_new_lines_tabs_and_any_script_are_accepted(value):
    assert not has_control_character(value)


@pytest.mark.django_db
def test_a_message_with_new_lines_still_reaches_the_form(client):
    response = client.post("/en/help/", {"message": "line one\r\nline two"})
    assert response.status_code == 400  # no organisation chosen: the form's own error
    assert "line one" in response.content.decode()


@pytest.mark.django_db
def test_an_hsds_import_with_a_nul_is_rejected_by_pointer_and_nothing_imported(tmp_path, capsys):
    from django.core.management.base import CommandError

    from harbour.directory.models import Service
    from tests.directory import hsds_samples as samples
    from tests.directory.test_import_export import run_import, write

    data = samples.service_full()
    data["description"] = "Open\x00days"
    with pytest.raises(CommandError):
        run_import(write(tmp_path / "one.json", data))
    assert "/description: contains a control character (such as NUL)" in capsys.readouterr().err
    assert Service.objects.count() == 0


@pytest.mark.django_db
def test_a_word_processor_line_break_in_her_message_is_read_as_a_new_line(client, sealed_a):  # noqa: F811
    """Vertical tab (Word's line break) and form feed arrive when she pastes a letter: the
    walk-through's fault was a 400 page in place of her request. They are line breaks."""
    from harbour.accounts.models import Organisation
    from harbour.help.models import HelpRequest

    organisation = Organisation.objects.get()
    response = client.post("/en/help/", {"organisation": str(organisation.public_id), "needs": ["safety"],
                                         "message": "first line\x0bsecond line\x0cthird"})
    assert response.status_code == 200
    assert HelpRequest.objects.count() == 1


@pytest.mark.django_db
def test_a_browser_line_break_counts_as_one_character_against_the_limit(client, sealed_a):  # noqa: F811
    """A walk-through: 3,999 characters as she typed them, 49 of them line breaks, were refused
    as 4,048: the browser sends each line break of a text area as CR LF."""
    from harbour.accounts.models import Organisation
    from harbour.help.models import HelpRequest

    organisation = Organisation.objects.get()
    typed = "\n".join(["x" * 79] * 50)
    assert len(typed) == 3999
    response = client.post("/en/help/", {"organisation": str(organisation.public_id), "needs": ["safety"],
                                         "message": typed.replace("\n", "\r\n")})
    assert response.status_code == 200, response.content.decode()[:2000]
    assert HelpRequest.objects.count() == 1
    # Over the limit, the length she is told is hers, line breaks counted once.
    response = client.post("/en/help/", {"organisation": str(organisation.public_id), "needs": ["safety"],
                                         "message": (typed + "\nmore").replace("\n", "\r\n")})
    assert response.status_code == 400
    assert "(it has 4004)" in response.content.decode()


@pytest.mark.django_db
def test_a_refused_form_post_gives_back_what_she_typed(client):
    response = client.post("/ar/rights/", {"message": "He took my passport\x00 on Monday\x1b", "name": "Amina\x7f"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "He took my passport on Monday</textarea>" in html
    assert ">Amina</textarea>" in html
    assert '<html lang="ar"' in html
    assert "\x00" not in html and "\x1b" not in html


@pytest.mark.django_db
def test_the_help_form_with_a_pasted_control_character_comes_back_whole_and_sends_nothing(client, sealed_a):  # noqa: F811
    """A walk-through: a BEL pasted into her message gave the 400 page with her text alone; the
    organisation, needs and contact channel she had chosen were lost, and "Open the form again"
    was empty. The form comes back with every choice, the character taken out, nothing sent."""
    from harbour.accounts.models import Organisation
    from harbour.help.models import HelpRequest

    organisation = Organisation.objects.get()
    response = client.post("/ar/help/", {"organisation": str(organisation.public_id), "needs": ["safety", "legal"],
                                         "name": "Amal", "message": "مشورة\x07قانونية please"})
    html = response.content.decode()
    assert response.status_code == 200 and "data-characters-removed" in html
    assert HelpRequest.objects.count() == 0
    assert re.search(rf'value="{organisation.public_id}"[^>]*selected|selected[^>]*value="{organisation.public_id}"', html) \
        or re.search(rf'value="{organisation.public_id}"[^>]*checked', html)
    assert re.search(r'value="safety"[^>]*checked', html) and re.search(r'value="legal"[^>]*checked', html)
    assert ">\nمشورة قانونية please</textarea>" in html and 'value="Amal"' in html
    assert "\x07" not in html
    # Sent again as it now is, it goes.
    again = client.post("/ar/help/", {"organisation": str(organisation.public_id), "needs": ["safety", "legal"],
                                      "name": "Amal", "message": "مشورة قانونية please"})
    assert again.status_code == 200 and HelpRequest.objects.count() == 1


@pytest.mark.django_db
def test_a_search_with_a_pasted_control_character_comes_back_with_every_choice(client):
    response = client.post("/ar/services/", {"q": "مشورة\x07قانونية", "open_now": "on", "distance": "25"}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200 and "data-characters-removed" in html
    assert "مشورة قانونية" in html and re.search(r'name="open_now"[^>]*checked', html)
    assert "\x07" not in html


def test_a_run_of_control_characters_between_letters_is_read_as_a_space():
    from harbour.core.textguard import without_control_characters

    assert without_control_characters("مشورة\x07قانونية") == "مشورة قانونية"
    assert without_control_characters("passport\x00\x01 on") == "passport on"
    assert without_control_characters("Amina\x7f") == "Amina"
    assert without_control_characters("x\x00@example.org") == "x@example.org"
    # A word processor's optional hyphen and non-breaking hyphen, inside a word.
    assert without_control_characters("Man\x1fchester") == "Manchester"
    assert without_control_characters("Abu\x1eDhabi") == "Abu-Dhabi"


@pytest.mark.django_db
def test_a_refused_search_sent_again_after_quick_exit_is_closed_and_shows_nothing_of_hers(client):
    # A walk-through, JavaScript off: a search with a control character got the 400 page with
    # her words; Quick exit, then Back, sent it again and the 400 page gave her words back.
    from harbour.core.once import once_new

    once = once_new()
    data = {"q": "secretword\x01 advice", "once": once}
    refused = client.post("/en/rights/", data)
    html = refused.content.decode()
    assert refused.status_code == 400 and "secretword advice</textarea>" in html
    # The page's own token is not given back as if she typed it (its Quick exit link carries it).
    assert all(once not in text for text in re.findall(r"<textarea[^>]*>([^<]*)</textarea>", html))
    assert f'href="/exit?f={once}"' in html
    assert client.get(f"/exit?f={once}").status_code == 303  # Quick exit closes the page's token
    again = client.post("/en/rights/", data)
    assert again.status_code == 403 and "This page is closed" in again.content.decode()
    assert "secretword" not in again.content.decode()
    # The search form, which shows itself again without the characters, is closed the same way.
    assert client.post("/en/services/", data, follow=True).status_code == 403


@pytest.mark.django_db
def test_a_refusal_with_nothing_to_give_back_leads_to_the_form_not_back(client):
    """A walk-through, JavaScript on: a status code with a pasted control character got the
    400 page saying "go back", and Back left Harbour (forms are sent in place). The page links
    to the form instead; the code itself is never written into a page."""
    response = client.post("/en/help/status/", {"code": "cruel decrease\x07 diagram"})
    html = response.content.decode()
    assert response.status_code == 400
    assert '<a href="/en/help/status/">Open the form again</a>' in html
    assert "Please go back and try again." not in html and "diagram" not in html

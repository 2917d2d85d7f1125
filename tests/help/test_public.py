"""The public pages: bad input, spam limits, status codes, no traces."""

import re

import pytest

from harbour.firewall.models import ThrottleWindow
from harbour.help import codes
from harbour.help.models import HelpRequest
from tests.help.test_journey import code_in, submit


def test_empty_request_is_refused_with_her_form_filled_in(client, sealed_a, org_a):
    response = submit(client, org_a, needs=[], message="", name="Kept Name")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tick at least one kind of help, or write a message." in html
    assert 'value="Kept Name"' in html
    assert HelpRequest.objects.count() == 0


def test_oversized_message_is_refused_and_kept_for_her_to_shorten(client, sealed_a, org_a):
    long_message = "word " * 900
    response = submit(client, org_a, message=long_message)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please keep this to at most 4000 characters (it has 4499)." in html  # stripped of its last space
    assert long_message.strip() in html
    assert HelpRequest.objects.count() == 0


def test_unknown_organisation_is_a_clear_error(client, sealed_a):
    response = client.post("/en/help/", {"organisation": "00000000-0000-0000-0000-000000000000", "needs": ["safety"]})
    assert response.status_code == 400
    assert "Choose one of the organisations listed." in response.content.decode()
    assert HelpRequest.objects.count() == 0


def test_errors_come_back_in_her_language(client, sealed_a, org_a):
    response = client.post("/es/help/", {"organisation": str(org_a.public_id)})
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="es"' in html
    assert "Marca al menos un tipo de ayuda o escribe un mensaje." in html


def test_arabic_status_page_is_translated(client, sealed_a):
    html = client.post("/ar/help/status/", {"code": "one two"}).content.decode()
    assert "هذا ليس رمز متابعة: رمز المتابعة صفّ من الكلمات أو من مجموعات الأرقام، كما ظهر لكِ." in html


def test_only_organisations_that_accept_requests_and_can_seal_them_are_offered(client, sealed_a, org_a, org_b):
    html = client.get("/en/help/").content.decode()
    assert "Organisation A" in html
    assert "Organisation B" not in html  # accepts requests, but has no key yet


def test_do_not_contact_me_keeps_no_contact_value(client, sealed_a, org_a, caseworker_a):
    submit(client, org_a, contact_channel="check_back", contact_value="should be dropped")
    help_request = HelpRequest.objects.get()
    assert help_request.contact_channel == "check_back"
    from harbour.firewall.crypto import context_of, open_record

    private_key, _ = sealed_a
    assert open_record(private_key, help_request.sealed_content, help_request.sealed_key,
                       context=context_of(help_request))["contact"]["value"] == ""


def test_the_hidden_field_trap_answers_as_usual_and_stores_nothing(client, sealed_a, org_a):
    response = submit(client, org_a, website="http://spam.example")
    assert response.status_code == 200
    assert len(code_in(response).split()) == 9
    assert HelpRequest.objects.count() == 0


def test_a_flooded_organisation_asks_for_a_proof_and_stores_nothing_about_who_sent(client, sealed_a, org_a,
                                                                                   settings):
    settings.HARBOUR_HELP_REQUESTS_PER_ORG_PER_HOUR = 2
    answers = [submit(client, org_a, name=f"N{n}").status_code for n in range(3)]
    assert answers == [200, 200, 429]
    assert HelpRequest.objects.count() == 2
    assert list(ThrottleWindow.objects.values_list("scope", flat=True)) == [f"help.submit:{org_a.public_id}"]
    # The one asked to wait comes back filled in, with a ticket and a challenge.
    html = submit(client, org_a, name="N9").content.decode()
    assert 'value="N9"' in html
    assert 'name="ticket"' in html and "data-proof=" in html


def test_the_code_is_shown_once_and_only_its_keyed_digest_is_stored(client, sealed_a, org_a):
    code = code_in(submit(client, org_a))
    help_request = HelpRequest.objects.get()
    assert help_request.code_digest.startswith("hc1$")
    assert help_request.code_hash == "" and help_request.code_locator is None
    # The code whole, in either spacing (a single short word may turn up in base64 by chance).
    assert code not in help_request.code_digest and code.replace(" ", "") not in help_request.code_digest
    assert help_request.code_bucket == codes.code_buckets(code)[0]
    assert codes.code_matches(help_request.code_digest, code)


def test_codes_have_at_least_88_secret_bits_and_are_drawn_with_secrets(monkeypatch):
    import math

    from harbour.firewall import codes as shared

    assert (shared.WORDS_PER_CODE - 1) * math.log2(len(shared.wordlist("english"))) >= 88
    assert (shared.GROUPS_PER_CODE - 1) * shared.DIGITS_PER_GROUP * math.log2(10) >= 88
    drawn = []
    monkeypatch.setattr(shared.secrets, "randbelow", lambda n: drawn.append(n) or 0)
    assert codes.new_code("en") == " ".join(["abandon"] * 9)
    assert drawn == [2048] * 9


@pytest.mark.parametrize("language", ["english", "spanish", "french"])
def test_each_word_list_stays_unique_once_accents_and_case_are_ignored(language):
    from harbour.firewall.codes import wordlist

    words = wordlist(language)
    assert len({codes.normalise(w) for w in words}) == 2048


def test_codes_are_normalised_for_case_accents_hyphens_and_spaces():
    assert codes.normalise("  Ábaco-BRISA  cielo\tdátil ") == "abaco brisa cielo datil"


def test_wrong_codes_on_the_status_page_get_identical_answers(client, sealed_a, org_a):
    submit(client, org_a)
    answers = [client.post("/en/help/status/", {"code": wrong})
               for wrong in ("abandon ability able about above absent", "zoo " * 9,
                             "legal winner thank year wave sausage legal winner thank")]
    assert {a.status_code for a in answers} == {200}
    assert answers[0].content == answers[1].content == answers[2].content
    assert "No request matches that code" in answers[0].content.decode()
    assert "abandon" not in answers[0].content.decode()
    # A walk-through took the empty box for a fault: the page says it is cleared on purpose.
    assert "the code you typed is not shown again" in answers[0].content.decode()


def test_a_malformed_code_gets_a_clear_error(client, sealed_a):
    response = client.post("/en/help/status/", {"code": "just three words"})
    assert response.status_code == 400
    assert "This is not a status code" in response.content.decode()


def test_her_answers_never_travel_in_a_url_and_pages_are_not_stored(client, sealed_a, org_a):
    page = client.get("/en/help/")
    assert re.search(r'<form method="post"', page.content.decode())
    assert "no-store" in page["Cache-Control"]
    sent = submit(client, org_a)
    assert "no-store" in sent["Cache-Control"]
    assert "Location" not in sent  # the code is in the page body, not a redirect
    status_page = client.get("/en/help/status/")
    assert '<form method="post"' in status_page.content.decode()


def test_the_status_page_sets_no_cookie(client, sealed_a):
    response = client.post("/en/help/status/", {"code": "zoo zoo zoo zoo zoo zoo"})
    assert dict(response.cookies) == {}


def test_the_home_page_links_to_the_request_page(client):
    assert 'href="/en/help/"' in client.get("/en/").content.decode()


def test_a_code_in_the_url_is_ignored(client, sealed_a, org_a):
    code = code_in(submit(client, org_a))
    response = client.get("/en/help/status/", {"code": code})
    assert response.status_code == 200
    assert "Your request" not in response.content.decode()
    assert HelpRequest.objects.get().code_last_used_on is None

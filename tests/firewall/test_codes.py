"""Status and booking codes (issue 8 item 7, issue 11 item 2): one scheme, every form
accepted in every interface language, a keyed digest that a check computes in microseconds."""

import re

import pytest
from django.conf import settings

from harbour.firewall import codes
from harbour.help import codes as help_codes
from harbour.help.models import HelpRequest
from tests.help.test_journey import submit

ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"


def _shown(response) -> tuple[str, str]:
    match = re.search(r'<pre class="typed" dir="ltr" lang="([^"]+)">([^<]+)</pre>', response.content.decode())
    return match.group(1), match.group(2)


def _submit_in(client, organisation, language):
    return client.post(f"/{language}/help/", {"organisation": str(organisation.public_id), "needs": ["safety"]})


def test_english_and_spanish_get_words_from_their_reviewed_lists(client, sealed_a, org_a):
    lang, code = _shown(_submit_in(client, org_a, "en"))
    assert lang == "en" and all(word in codes.wordlist("english") for word in code.split())
    lang, code = _shown(_submit_in(client, org_a, "es"))
    assert lang == "es" and all(word in codes.wordlist("spanish") for word in code.split())
    assert len(code.split()) == 9


def test_arabic_gets_digit_groups_in_arabic_indic_digits_marked_arabic(client, sealed_a, org_a):
    lang, code = _shown(_submit_in(client, org_a, "ar"))
    groups = code.split()
    assert lang == "ar"
    assert [len(g) for g in groups] == [4] * 8
    assert all(ch in ARABIC_INDIC for ch in "".join(groups))


def _western(code: str) -> str:
    return code.translate(str.maketrans(ARABIC_INDIC, "0123456789"))


@pytest.mark.parametrize("page_language", [code for code, _name in settings.LANGUAGES])
def test_every_form_of_code_is_accepted_whatever_the_interface_language(client, sealed_a, org_a, page_language):
    _lang, arabic = _shown(_submit_in(client, org_a, "ar"))
    _lang, spanish = _shown(_submit_in(client, org_a, "es"))
    typed_forms = [
        arabic,                                   # as shown
        _western(arabic),                         # Western digits
        _western(arabic).replace(" ", ""),        # run together
        "-".join(arabic.split()),                 # hyphens
        "، ".join(arabic.split()),                # Arabic commas
        spanish.upper(),                          # capitals
        codes.normalise(spanish),                 # accents dropped
    ]
    for typed in typed_forms:
        page = client.post(f"/{page_language}/help/status/", {"code": typed})
        assert page.status_code == 200, typed
        assert 'name="action"' in page.content.decode(), typed


def test_only_a_bucket_and_a_salted_digest_are_stored(client, sealed_a, org_a):
    _lang, code = _shown(_submit_in(client, org_a, "ar"))
    row = HelpRequest.objects.get()
    western = _western(code).replace(" ", "")
    assert row.code_bucket == "d:" + western[:4]
    assert western[4:] not in row.code_digest and western not in row.code_digest
    assert codes.code_matches(row.code_digest, code)
    # The same code, digested twice, gives two different strings (salted).
    assert codes.code_digest(code) != codes.code_digest(code)


def test_a_digest_does_not_match_another_code_or_junk(client, sealed_a, org_a):
    first = codes.new_code("en")
    digest = codes.code_digest(first)
    assert not codes.code_matches(digest, codes.new_code("en"))
    assert not codes.code_matches("junk", first)
    assert not codes.code_matches("hc1$!!$00", first)
    with pytest.raises(ValueError):
        codes.code_digest("not a code")


@pytest.mark.parametrize("typed", ["", "one two", "1234 5678", "abandon " * 8, "١٢٣٤ " * 7, "x" * 300])
def test_malformed_codes_read_as_no_code(typed):
    assert not codes.looks_like_a_code(typed)
    assert codes.code_buckets(typed) == []
    assert codes.code_find(HelpRequest.objects.none(), typed) is None


def test_codes_made_before_this_scheme_still_open_their_request(client, sealed_a, org_a):
    submit(client, org_a)
    old_code = "legal winner thank year wave sausage"
    HelpRequest.objects.update(code_bucket="", code_digest="", code_hash=help_codes.legacy_hash(old_code),
                               code_locator=help_codes.legacy_locator(old_code))
    found = client.post("/en/help/status/", {"code": old_code.upper()})
    assert 'name="action"' in found.content.decode()
    wrong = client.post("/en/help/status/", {"code": "legal winner thank year wave zoo"})
    assert "No request matches that code" in wrong.content.decode()


def test_a_check_is_one_query_on_the_bucket(client, sealed_a, org_a, django_assert_max_num_queries):
    _lang, code = _shown(_submit_in(client, org_a, "en"))
    from harbour.help.services import help_request_for_code

    with django_assert_max_num_queries(1):
        assert help_request_for_code(code) is not None
    with django_assert_max_num_queries(1):
        assert help_request_for_code("zoo " * 9) is None

"""Properties that must hold for any input, not just the examples."""

import json

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from harbour.directory.exporter import iter_services
from harbour.directory.models import Location
from harbour.directory.text import (
    holds_terms,
    holds_terms_each,
    index_tokens,
    normalise,
    query_terms,
    query_tokens,
    vocabulary,
)
from tests.directory.factories import make_service


@given(st.text(max_size=60))
def test_normalising_twice_changes_nothing(value):
    assert normalise(normalise(value)) == normalise(value)


# Quick paths (issue 10.7: a page of results normalises every name and description) must give
# what the slow paths give. ASCII with every character that matters to them, and any text.
_ascii = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=127), max_size=60)


# Pieces between ASCII spaces are normalised apart: spaces beside combining marks, compatibility
# forms that decompose to a space, joiners and Arabic letters are what could tell the difference.
_around_spaces = st.text(alphabet=st.sampled_from(
    [" ", "a", "A", "\u0301", "\u0308", "\u00a8", "\u00a0", "\u2002", "\u3000", "\ufb01", "\u1e9e", "\u00df",
     "\u03a3", "\u200c", "\u200d", "\u0640", "\u064e", "\u0623", "\u06cc", "\u0661", "\u1100", "\u1161",
     "\u11a8", "\uac00", "\u2126", "\U0001d400", "\u0345", "\u0399", "\u0390"]), max_size=30)


@settings(max_examples=500, deadline=None)
@given(st.one_of(_ascii, _around_spaces, st.text(max_size=60)))
def test_the_quick_paths_of_normalising_give_the_unicode_passes_answer(value):
    from harbour.directory import text

    assert normalise(value) == text._normalise_unicode(value)
    assert text._fold_apostrophes(value) == text._fold_apostrophes_by_pattern(value)
    folded = text._fold_apostrophes(normalise(value + " _" + value.replace(" ", "_")))
    for sample in (folded, folded.replace("_", " ")):  # with and without underscores
        slow = [token.strip("_")[:text.MAX_TOKEN] for token in text._SPLIT.split(sample)
                if len(token.strip("_")) >= text.MIN_TOKEN]
        assert text._words_of_folded(sample) == slow


@given(st.text(alphabet="والبكفل" + "abcن", min_size=0, max_size=8))
def test_the_quick_no_of_stripping_an_article_is_the_slow_ones(token):
    from harbour.directory import text

    slow = next((token[len(prefix):] for prefix in text._ARABIC_PREFIXES
                 if token.startswith(prefix) and len(token) - len(prefix) >= 2), token)
    assert text._strip_article(token) == slow


@given(st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Lo", "Mn", "Nd")), min_size=2, max_size=30))
def test_any_word_finds_the_text_it_came_from(word):
    wanted = query_tokens(word)
    have = index_tokens(f"prefix {word} suffix")
    assert all(any(token.startswith(w) for token in have) for w in wanted)


def _holds_by_index_tokens(value: str, terms) -> bool:
    """The definition: every term has an alternative that prefixes an indexed token (a marker:
    equals one)."""
    have = index_tokens(value)
    return all(any(t == a if a.startswith("=") else t.startswith(a) for a in term for t in have)
               for term in terms)


# Words that exercise each path: vocabulary phrases (markers), Arabic joined articles,
# apostrophes, accents, plurals, markup.
_PHRASES = sorted(" ".join(words) for words in vocabulary())[:400]
_piece = st.one_of(st.sampled_from(_PHRASES),
                   st.sampled_from(["refuges", "women's", "l'aide", "للنساء", "النساء", "café", "<b>x</b>",
                                    "&amp;", "safe", "houses", "legal", "advice", "ab", "s"]),
                   st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Lo", "Mn", "Nd")),
                           min_size=1, max_size=8))


@settings(max_examples=300, deadline=None)
@given(text=st.lists(_piece, max_size=12).map(" ".join), query=st.lists(_piece, min_size=1, max_size=3).map(" ".join))
def test_holds_terms_answers_as_the_index_tokens_do(text, query):
    terms = query_terms(query)
    assert holds_terms(text, terms) == _holds_by_index_tokens(text, terms)


# Letters outside hexadecimal, so a secret can never be part of a UUID by chance.
street = st.text(alphabet="GHJKLMNPQRSTVWXYZ", min_size=8, max_size=14)


@pytest.mark.django_db
@settings(max_examples=6, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate], suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(secret=street, lat_micro=st.integers(50_123_457, 57_987_653), lng_micro=st.integers(-4_987_653, -1_123_457))
def test_a_confidential_location_leaks_nowhere(client, secret, lat_micro, lng_micro):
    lat, lng = lat_micro / 1_000_000, lng_micro / 1_000_000
    Location.objects.all().delete()
    service = make_service(name=f"Refuge {secret[:3]}", city=secret, lat=lat, lng=lng, confidential={
        "confidential": True, "coarse_area": "Somewhere", "coarse_latitude": 52.0, "coarse_longitude": -1.0,
        "gatekeeper_phone": "+44 20 7946 0999"})
    location = Location.objects.get(service_at_locations__service_id=service.pk)
    sal_id = location.service_at_locations.get().pk
    Location.objects.filter(pk=location.pk).update(name=secret, description=secret)
    outputs = [
        json.dumps(list(iter_services()), ensure_ascii=False),
        client.get(f"/api/hsds/services/{service.pk}").content.decode(),
        client.get("/api/hsds/services", {"full": "true"}).content.decode(),
        client.get("/api/hsds/service_at_locations", {"full": "true"}).content.decode(),
        client.get(f"/api/hsds/service_at_locations/{sal_id}").content.decode(),
        client.get(f"/api/hsds/organizations/{service.organization_id}").content.decode(),
        client.get("/api/hsds/organizations", {"full": "true"}).content.decode(),
        client.get(f"/en/services/{service.pk}/").content.decode(),
        client.post("/en/services/", {"q": "refuge"}, follow=True).content.decode(),
    ]
    for text in outputs:
        assert secret not in text
        assert f"{lat:.4f}" not in text and f"{lng:.4f}" not in text


# Words without vocabulary phrases take holds_terms' word-start search (issue 10.7): underscores,
# digits, apostrophes, punctuation, joined Arabic articles (one, two, too short to strip) and
# words about as long as a token are what could set it apart from the index.
_word_piece = st.one_of(
    st.sampled_from(["refuges", "women's", "l'aide", "_women", "x_women", "women_", "__ab", "a_b", "ab_cd",
                     "advice", "ADVICE", "Legal-advice", "s", "ab", "2024", "h2o", "<b>x</b>", "&amp;",
                     "a" * 45, "b" * 39 + "x" * 3, "للنساء", "النساء", "نساء", "والنساء", "بالعربية", "فال",
                     "الم", "الالم", "ال", "_النساء", "وللنساء", "فللبيت", "وبالعربية", "وبال", "ولل" + "س" * 37, "ال_x", "ال_", "abc_s", "abc_", "abc__d", "abc_ _d", "ال" + "س" * 38, "وال" + "س" * 37, "س" * 38, "كالبيت"]),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=10),
    st.text(alphabet="البوكفلنساءم_ ", min_size=1, max_size=10))


@settings(max_examples=500, deadline=None)
@given(text=st.lists(_word_piece, max_size=12).map(" ".join),
       query=st.lists(_word_piece, min_size=1, max_size=3).map(" ".join))
def test_holds_terms_of_words_answers_as_the_index_tokens_do(text, query):
    terms = query_terms(query)
    assert holds_terms(text, terms) == _holds_by_index_tokens(text, terms)
    # And for alternatives a caller builds itself, longer than a token included.
    made = [(word,) for word in query.lower().split()]
    assert holds_terms(text, made) == _holds_by_index_tokens(text, made)


# A page of results is asked at once (holds_terms_each, issue 10.7): the values are joined and
# searched in one pass, which must answer for each value exactly as asking it alone does, with
# marks, compatibility forms, apostrophes and articles at the values' edges, where one value
# meets the next. Every character may appear (a value holding the separator is asked alone).
_edge_piece = st.one_of(_word_piece, _piece,
                        st.sampled_from(["\u0301abc", "ab\u0301", "l'", "'s", "ﬁx", "Straße", "ال", "_", "\x00",
                                         "\n", "&amp", "<p>", "</p>"]),
                        st.text(max_size=6))


@settings(max_examples=500, deadline=None)
@given(values=st.lists(st.lists(_edge_piece, max_size=6).map("".join), max_size=6),
       query=st.lists(_word_piece, min_size=1, max_size=3).map(" ".join))
def test_a_page_asked_at_once_answers_as_each_value_alone(values, query):
    for terms in (query_terms(query), [(word,) for word in query.lower().split()]):
        assert holds_terms_each(values, terms) == [holds_terms(value, terms) for value in values]


# The explanation read from the index (selectors.fields_from_index, issue 10.7) must answer as
# the texts themselves do (selectors._matched_in_texts): for a service's name, description and
# translations, with markers, articles and apostrophes, whichever field holds which word.
_TWO_WORD_PHRASES = [p for p in _PHRASES if len(p.split()) == 2]


@pytest.mark.django_db(transaction=False)
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.lists(_word_piece, min_size=1, max_size=4).map(" ".join),
       description=st.lists(st.one_of(_word_piece, _piece), max_size=6).map(" ".join),
       translated=st.dictionaries(st.sampled_from(["ar", "fa", "es"]),
                                  st.one_of(
                                      st.tuples(st.lists(_word_piece, max_size=3).map(" ".join),
                                                st.lists(st.one_of(_word_piece, _piece), max_size=4).map(" ".join)),
                                      # a vocabulary phrase split between the name and the description
                                      st.sampled_from(_TWO_WORD_PHRASES).map(lambda p: tuple(p.split()))),
                                  max_size=2),
       data=st.data())
def test_the_explanation_read_from_the_index_answers_as_the_texts_do(name, description, translated, data):
    from django.db import transaction

    from harbour.directory import selectors
    from harbour.directory.indexing import reindex_services
    from harbour.directory.models import SearchToken, Service, Translation

    # Her words: a start of words the record holds (so that prefixes are asked), or any.
    held = " ".join([name, description, *(" ".join(pair) for pair in translated.values())]).split()
    start = st.sampled_from(held).flatmap(lambda w: st.integers(1, max(1, len(w))).map(lambda n: w[:n]))
    whole = st.sampled_from([" ".join(pair) for pair in translated.values()] or [name])  # a phrase, whole
    query = data.draw(st.lists(st.one_of(start, whole, _word_piece, _piece), min_size=1, max_size=3).map(" ".join))
    terms = query_terms(query)
    if not terms:
        return
    with transaction.atomic():
        service = make_service(name="placeholder")
        Service.objects.filter(pk=service.pk).update(name=name, description=description)
        for language, (t_name, t_description) in translated.items():
            Translation.objects.create(entity="service", object_id=service.pk, language=language, name=t_name,
                                       description=t_description, review_state="reviewed")
        reindex_services([service.pk])
        service.refresh_from_db()
        texts = selectors._matched_in_texts([service], terms,
                                            [selectors.translations_by_service([service.pk])[service.pk]])[0]
        from_index = selectors.fields_from_index([service.pk], terms)
        # Left to the texts only when no token matches, and then the texts find nothing either.
        assert from_index.get(service.pk, []) == texts
        assert service.pk in from_index or texts == []
        assert not SearchToken.objects.filter(service_id=service.pk, fields=None).exists()
        transaction.set_rollback(True)

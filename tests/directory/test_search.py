import logging
import uuid
from datetime import UTC, datetime

import pytest

from harbour.directory.hsds import Loader
from harbour.directory.indexing import reindex_services
from harbour.directory.models import Claim, TaxonomyTerm
from harbour.directory.selectors import SearchParams, search_services
from harbour.directory.text import normalise, query_tokens
from tests.directory.factories import HOUSING, LEGAL, add_claim, make_service, translation


def names(params: SearchParams, **kwargs) -> list[str]:
    return [s.name for s in search_services(params, **kwargs).services]


def test_normalise_unifies_arabic_and_farsi_letter_forms_and_strips_marks():
    assert normalise("مُساعَدَة") == normalise("مساعدة")
    assert normalise("کمک") == normalise("كمك")  # Farsi keheh and Arabic kaf
    assert normalise("ی") == normalise("ي")  # Farsi yeh and Arabic yeh
    assert normalise("أمان") == normalise("امان") == normalise("إمان") == normalise("آمان")
    assert normalise("قانونـــية") == normalise("قانونية")  # tatweel
    assert normalise("Ünïcode") == "unicode"
    assert query_tokens("للنساء") == query_tokens("النساء") == ["نساء"]


@pytest.mark.django_db
def test_text_search_finds_a_service_by_its_arabic_description():
    service = make_service(name="Advice line")
    translation(service, "ar", "خط المشورة", "مُساعَدة قانونية مجانية للنساء المهاجرات")
    make_service(name="Other")
    assert names(SearchParams(text="مساعدة قانونيه")) == ["Advice line"]
    assert names(SearchParams(text="النساء")) == ["Advice line"]


@pytest.mark.django_db
def test_text_search_finds_a_service_by_its_farsi_description_whatever_the_keyboard():
    service = make_service(name="Counselling")
    translation(service, "fa", "مشاوره", "کمک روانی برای زنان")
    assert names(SearchParams(text="كمك")) == ["Counselling"]  # typed with Arabic kaf
    assert names(SearchParams(text="زنان")) == ["Counselling"]


@pytest.mark.django_db
def test_text_search_needs_every_word_and_matches_prefixes():
    make_service(name="Legal advice", description="Immigration advice for women")
    make_service(name="Housing", description="Advice on housing")
    assert names(SearchParams(text="immigr advice")) == ["Legal advice"]
    assert names(SearchParams(text="advice")) == ["Housing", "Legal advice"]


@pytest.mark.django_db
def test_need_language_distance_and_pledge_combine_with_and():
    good = make_service(name="Match", terms=[LEGAL], languages=["ar", "en"], lat=51.52, lng=-0.10)
    add_claim(good, Claim.Kind.FIREWALL_PLEDGE)
    for name, kwargs in [
        ("Wrong need", {"terms": [HOUSING], "languages": ["ar"]}),
        ("Wrong language", {"terms": [LEGAL], "languages": ["en"]}),
        ("Too far", {"terms": [LEGAL], "languages": ["ar"], "lat": 53.48, "lng": -2.24}),
        ("No pledge", {"terms": [LEGAL], "languages": ["ar"]}),
    ]:
        service = make_service(name=name, **kwargs)
        if name != "No pledge":
            add_claim(service, Claim.Kind.FIREWALL_PLEDGE)
    params = SearchParams(term_ids=[LEGAL], language="ar", latitude=51.5074, longitude=-0.1278,
                          radius_m=10_000, claims=["firewall_pledge"])
    page = search_services(params)
    assert [s.name for s in page.services] == ["Match"]
    assert 2000 < page.distances[good.pk] < 3000


@pytest.mark.django_db
def test_a_lapsed_claim_does_not_match():
    service = make_service(name="Lapsed")
    add_claim(service, Claim.Kind.NRPF, days_left=-1)
    assert names(SearchParams(claims=["nrpf"])) == []


@pytest.mark.django_db
def test_open_now_follows_the_schedule_in_the_services_own_zone():
    make_service(name="Weekday London", hours=("09:00", "17:00", "MO,TU,WE,TH,FR"))
    make_service(name="Weekday Madrid", country="ES", hours=("09:00", "17:00", "MO,TU,WE,TH,FR"))
    make_service(name="Always", hours=("00:00", "23:59", ""))
    # Monday 2026-01-05 08:30 UTC: 08:30 in London (closed), 09:30 in Madrid (open).
    at = datetime(2026, 1, 5, 8, 30, tzinfo=UTC)
    assert names(SearchParams(open_now=True), at=at) == ["Always", "Weekday Madrid"]
    sunday = datetime(2026, 1, 4, 12, 0, tzinfo=UTC)
    assert names(SearchParams(open_now=True), at=sunday) == ["Always"]


@pytest.mark.django_db
def test_overnight_hours_are_open_after_midnight():
    make_service(name="Night line", hours=("20:00", "02:00", "FR"))
    saturday_1am = datetime(2026, 1, 10, 1, 0, tzinfo=UTC)
    assert names(SearchParams(open_now=True), at=saturday_1am) == ["Night line"]


@pytest.mark.django_db
def test_a_parent_term_finds_services_with_a_child_term():
    parent = "0f000000-0000-4000-8000-0000000000b0"
    service = make_service(name="Child term", terms=[LEGAL])
    Loader().load("taxonomy_term", {"id": parent, "name": "Advice", "description": "Advice"})
    TaxonomyTerm.objects.filter(pk=LEGAL).update(parent_id=parent)
    reindex_services([service.pk])
    assert names(SearchParams(term_ids=[uuid.UUID(parent)])) == ["Child term"]


@pytest.mark.django_db
def test_a_confidential_location_is_found_by_its_coarse_area_only():
    make_service(name="Safe house", lat=51.60, lng=-0.20,
                 confidential={"confidential": True, "coarse_area": "Central London", "coarse_latitude": 51.5074,
                               "coarse_longitude": -0.1278, "gatekeeper_phone": "+44 20 7946 0999"})
    # Within 1 km of the coarse point, although the real address is ~13 km away.
    near_coarse = SearchParams(latitude=51.51, longitude=-0.13, radius_m=1_000)
    near_real = SearchParams(latitude=51.60, longitude=-0.20, radius_m=1_000)
    assert names(near_coarse) == ["Safe house"]
    assert names(near_real) == []


@pytest.mark.django_db
def test_searching_logs_nothing(caplog):
    make_service(name="Quiet")
    with caplog.at_level(logging.DEBUG):
        search_services(SearchParams(text="secretword", latitude=51.5, longitude=-0.12, radius_m=5000))
    assert "secretword" not in caplog.text
    assert "51.5" not in caplog.text


@pytest.mark.django_db
def test_three_letter_and_regional_language_codes_are_one_language():
    make_service(name="Farsi by 639-2", languages=["per"])
    make_service(name="Farsi by 639-3", languages=["fas"])
    make_service(name="Portuguese", languages=["pt-BR"])
    make_service(name="Dari", languages=["prs"])
    assert names(SearchParams(language="fa")) == ["Farsi by 639-2", "Farsi by 639-3"]
    assert names(SearchParams(language="FAS")) == ["Farsi by 639-2", "Farsi by 639-3"]
    assert names(SearchParams(language="pt")) == ["Portuguese"]
    assert names(SearchParams(language="prs")) == ["Dari"]

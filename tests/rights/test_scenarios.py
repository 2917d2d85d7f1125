"""Scenario tests: for a situation, which entries appear, which do not, and in what status.

Expectations come from the sources (shared/reference/rights-facts.md), not from the engine's
output: e.g. 2012/29/EU stopped binding the UK at the end of 2020 and never bound Denmark; the
UK reserved Article 59 of the Istanbul Convention; 2024/1385 must be transposed by 14 June 2027;
the Victims' Code rights 1 and 4 apply without reporting; non-molestation orders, Clare's Law and
MARAC are England and Wales mechanisms; the immigration routes are UK-wide.
"""

import pytest

from harbour.rights.engine import UnknownValue, find_rights

ALL_STAGES = ("without_reporting", "first_contact", "reporting", "investigation", "trial", "after_trial")


def rights(**query) -> dict[str, str]:
    return {r.id: r.status for r in find_rights(**query).rights}


def notes(**query) -> list[str]:
    return [n.id for n in find_rights(**query).notes]


def test_england_and_wales_shows_all_twelve_code_rights_and_no_eu_directive():
    found = rights(jurisdiction="gb-eaw")
    for number in range(1, 13):
        assert found[f"gb-victims-code-right-{number}"] == "in_force"
    assert found["gb-vpa-2024-s5"] == "in_force"
    assert not [i for i in found if i.startswith(("eu-", "gb-sct", "gb-nir"))]
    assert "eu-2012-29/uk" in notes(jurisdiction="gb-eaw")


def test_england_and_wales_without_reporting_keeps_rights_1_and_4_and_protection_routes():
    found = rights(jurisdiction="gb-eaw", stage="without_reporting", circumstances=["gbv"])
    assert found["gb-victims-code-right-1"] == "in_force"
    assert found["gb-victims-code-right-4"] == "in_force"
    for absent in ("gb-victims-code-right-2", "gb-victims-code-right-3", "gb-victims-code-right-7",
                   "gb-victims-code-right-11"):
        assert absent not in found
    assert found["coe-istanbul-art-18"] == "in_force"
    assert found["gb-fla-1996-non-molestation"] == "in_force"
    assert found["gb-dvds-right-to-ask"] == "in_force"
    assert found["gb-marac-meeting"] == "in_force"
    assert found["gb-da-2021-dapo"] == "pilot_only"


def test_england_and_wales_migrant_woman_gets_the_uk_routes_and_the_article_59_reservation():
    query = {"jurisdiction": "gb-eaw", "circumstances": ["gbv", "immigration"]}
    found = rights(**query)
    assert found["coe-istanbul-art-59"] == "reserved"
    assert found["coe-istanbul-art-60"] == "in_force"
    assert found["coe-istanbul-art-61"] == "in_force"
    assert found["gb-mvdac-concession"] == "in_force"
    assert found["gb-appendix-vda-settlement"] == "in_force"
    assert found["gb-nrpf-what-it-means"] == "in_force"
    assert found["gb-nrpf-children"] == "in_force"
    assert found["gb-smv-scheme"] == "pilot_only"
    assert found["gb-wales-migrant-fund"] == "pilot_only"
    assert "eu-2012-29-art-1" not in found
    found_notes = notes(**query)
    assert found_notes[:2] == ["uk-no-firewall", "emergency"]
    assert "coe-istanbul/uk-reservation" in found_notes


def test_no_note_or_right_ever_calls_reporting_safe_from_immigration_enforcement():
    for where in ("gb-eaw", "gb-sct", "gb-nir", "ES", "FR", "DE", "DK"):
        result = find_rights(jurisdiction=where, circumstances=["gbv", "immigration"])
        texts = [n.text for n in result.notes] + [r.summary for r in result.rights]
        assert not [t for t in texts if "safe to report" in t.lower() or "reporting is safe" in t.lower()]
        firewall = [n for n in result.notes if "firewall" in n.id]
        assert len(firewall) == 1 and firewall[0].link == "services"


def test_without_immigration_answer_the_migrant_routes_and_firewall_note_stay_out():
    found = rights(jurisdiction="gb-eaw", circumstances=["gbv"])
    for absent in ("gb-mvdac-concession", "gb-appendix-vda-settlement", "gb-smv-scheme",
                   "coe-istanbul-art-59", "gb-nrpf-what-it-means"):
        assert absent not in found
    assert "uk-no-firewall" not in notes(jurisdiction="gb-eaw", circumstances=["gbv"])


def test_scotland_names_its_code_and_uses_no_england_and_wales_mechanisms():
    found = rights(jurisdiction="gb-sct", circumstances=["gbv", "immigration"])
    assert found["gb-sct-code"] == "in_force"
    assert found["gb-sct-principles"] == "in_force"
    assert found["gb-sct-reform-2025"] == "agreed_not_in_force"
    assert found["gb-mvdac-concession"] == "in_force"
    assert found["coe-istanbul-art-59"] == "reserved"
    for absent in ("gb-victims-code-right-1", "gb-fla-1996-non-molestation", "gb-dvds-right-to-ask",
                   "gb-marac-meeting", "gb-nir-charter", "gb-wales-migrant-fund"):
        assert absent not in found
    assert "eu-2012-29/uk" in notes(jurisdiction="gb-sct")


def test_northern_ireland_names_its_charter():
    found = rights(jurisdiction="gb-nir", circumstances=["gbv"])
    assert found["gb-nir-charter"] == "in_force"
    assert found["gb-nir-personal-statement"] == "in_force"
    assert found["coe-istanbul-art-18"] == "in_force"
    assert "gb-victims-code-right-4" not in found
    assert "gb-sct-code" not in found


def test_spain_reporting_with_an_interpreter():
    found = rights(jurisdiction="ES", stage="reporting", circumstances=["interpreter"])
    assert found["eu-2012-29-art-4"] == "in_force"
    assert found["eu-2012-29-art-5"] == "in_force"
    assert found["eu-2012-29-art-7"] == "in_force"
    assert found["eu-2012-29-art-3"] == "in_force"
    assert "eu-2012-29-art-16" not in found  # compensation is decided at trial
    assert not [i for i in found if i.startswith("gb-")]


def test_spain_without_an_interpreter_does_not_list_the_interpretation_article():
    found = rights(jurisdiction="ES", stage="reporting")
    assert "eu-2012-29-art-7" not in found
    assert found["eu-2012-29-art-5"] == "in_force"


def test_denmark_is_not_bound_by_either_eu_directive_but_is_by_the_istanbul_convention():
    query = {"jurisdiction": "DK", "circumstances": ["gbv"]}
    found = rights(**query)
    assert not [i for i in found if i.startswith(("eu-2012-29", "eu-2024-1385", "eu-vrd-revision"))]
    assert found["coe-istanbul-art-18"] == "in_force"
    assert {"eu-2012-29/denmark", "eu-2024-1385/denmark"} <= set(notes(**query))


def test_denmark_migrant_woman_is_not_told_eu_law_protects_her_status():
    query = {"jurisdiction": "DK", "circumstances": ["gbv", "immigration"]}
    assert "eu-2012-29-art-1" not in rights(**query)
    found_notes = notes(**query)
    assert "eu-no-firewall" not in found_notes
    assert found_notes[:2] == ["dk-firewall-unknown", "emergency"]


def test_germany_gets_2024_1385_as_transposition_pending_with_its_date():
    query = {"jurisdiction": "DE", "stage": "without_reporting", "circumstances": ["gbv"]}
    found = rights(**query)
    assert found["eu-2012-29-art-8"] == "in_force"
    assert found["eu-2024-1385-art-25"] == "transposition_pending"
    assert found["eu-2024-1385-art-19"] == "transposition_pending"
    assert found["eu-2024-1385-art-29"] == "transposition_pending"
    assert "eu-2024-1385-art-14" not in found  # reporting channels belong to the reporting stage
    note = next(n for n in find_rights(**query).notes if n.id == "eu-2024-1385/transposition")
    assert "14 June 2027" in note.text


def test_france_migrant_woman_sees_the_residence_guarantee_and_the_agreed_revision_as_not_in_force():
    query = {"jurisdiction": "FR", "circumstances": ["gbv", "immigration"]}
    found = rights(**query)
    assert found["eu-2012-29-art-1"] == "in_force"
    assert found["eu-vrd-revision-reporting"] == "agreed_not_in_force"
    assert found["coe-istanbul-art-4-3"] == "in_force"
    assert "gb-mvdac-concession" not in found
    assert {"eu-no-firewall", "eu-vrd-revision/agreed"} <= set(notes(**query))


def test_ireland_resident_abroad_can_report_where_she_lives():
    found = rights(jurisdiction="IE", stage="reporting", circumstances=["abroad"])
    assert found["eu-2012-29-art-17"] == "in_force"
    assert "eu-2012-29-art-24" not in found


def test_hungary_has_not_ratified_the_istanbul_convention():
    query = {"jurisdiction": "HU", "circumstances": ["gbv"]}
    found = rights(**query)
    assert not [i for i in found if i.startswith("coe-istanbul")]
    assert found["eu-2012-29-art-9"] == "in_force"
    assert "coe-istanbul/not-ratified" in notes(**query)


def test_child_victim_in_spain_during_the_investigation():
    found = rights(jurisdiction="ES", stage="investigation", circumstances=["child"])
    assert found["eu-2012-29-art-24"] == "in_force"
    assert found["eu-2012-29-art-10"] == "in_force"
    assert found["eu-2012-29-art-22"] == "in_force"


def test_england_and_wales_after_the_trial():
    found = rights(jurisdiction="gb-eaw", stage="after_trial", circumstances=["gbv"])
    assert found["gb-victims-code-right-11"] == "in_force"
    assert found["gb-victims-code-right-9"] == "in_force"
    assert "gb-victims-code-right-2" not in found
    assert "gb-da-2021-special-measures" not in found


def test_england_and_wales_at_court_gets_special_measures():
    found = rights(jurisdiction="gb-eaw", stage="trial", circumstances=["gbv"])
    assert found["gb-da-2021-special-measures"] == "in_force"
    assert found["gb-victims-code-right-8"] == "in_force"
    assert found["coe-istanbul-art-56"] == "in_force"


def test_general_state_duties_show_only_when_no_stage_is_chosen():
    assert rights(jurisdiction="IT")["eu-2012-29-art-25"] == "in_force"
    assert "eu-2012-29-art-25" not in rights(jurisdiction="IT", stage="trial")
    assert rights(jurisdiction="gb-eaw")["gb-vpa-2024-s2"] == "agreed_not_in_force"


def test_every_shown_right_has_a_source_status_and_language():
    for where in ("gb-eaw", "ES", "PL"):
        for right in find_rights(jurisdiction=where, circumstances=["gbv", "immigration", "child"]).rights:
            assert right.source_url.startswith("http")
            assert right.status != "not_binding"
            assert right.language in ("en", "ar", "fa", "es", "fr", "uk")


def test_rights_are_grouped_in_a_fixed_order_of_what_she_can_do():
    groups = [g for g, _ in find_rights(jurisdiction="gb-eaw", circumstances=["gbv", "immigration"]).groups()]
    assert groups == ["support", "understand", "protection", "report", "take_part", "stay",
                      "money_complaints", "state_duties"]


def test_several_stages_at_once_match_either():
    found = rights(jurisdiction="ES", stage=("first_contact", "reporting"))
    assert "eu-2012-29-art-4" in found and "eu-2012-29-art-5" in found


def test_jurisdiction_codes_are_accepted_in_either_case():
    assert find_rights(jurisdiction="es").jurisdiction == "ES"
    assert find_rights(jurisdiction="GB-EAW").jurisdiction == "gb-eaw"


@pytest.mark.parametrize("query, field", [
    ({"jurisdiction": "XX"}, "jurisdiction"),
    ({"jurisdiction": "gb"}, "jurisdiction"),
    ({"jurisdiction": "ES", "stage": "later"}, "stage"),
    ({"jurisdiction": "ES", "circumstances": ["rich"]}, "circumstance"),
    ({"jurisdiction": "ES", "language": "de"}, "lang"),
])
def test_unknown_values_are_refused_with_the_valid_ones(query, field):
    with pytest.raises(UnknownValue) as caught:
        find_rights(**query)
    assert caught.value.field == field
    assert len(caught.value.valid) >= 6


# Issue 17: the entries a migrant woman in England most needs, with exact expected ids. Each id is
# here because of its source: LASPO Sch 1 paras 28-29 (as amended by SI 2025/611); SI 2015/238
# reg 9(f); the Victims' Code's enhanced rights; the Home Office change-of-conditions guidance; and
# the honest account of police sharing (no firewall in law). Every other id comes from the
# existing catalogue's rules (see the tests above).
ISTANBUL_FOR_GBV = {
    "coe-istanbul-art-4-3", "coe-istanbul-art-18", "coe-istanbul-art-20", "coe-istanbul-art-22",
    "coe-istanbul-art-23", "coe-istanbul-art-24", "coe-istanbul-art-25", "coe-istanbul-art-26",
    "coe-istanbul-art-52", "coe-istanbul-art-53", "coe-istanbul-art-57",
}
ISTANBUL_FOR_MIGRANT = {"coe-istanbul-art-59", "coe-istanbul-art-60", "coe-istanbul-art-61"}
UK_MIGRANT_ROUTES = {
    "gb-appendix-vda-settlement", "gb-eu-retained-rights", "gb-mvdac-concession", "gb-smv-scheme",
    "gb-wales-migrant-fund", "gb-nrpf-what-it-means", "gb-nrpf-children", "gb-nrpf-adults",
}
NEW_FOR_MIGRANT_WOMAN_IN_ENGLAND = {
    "gb-nrpf-change-of-conditions", "gb-laspo-immigration-domestic-abuse", "gb-nhs-charges-reg-9f",
    "gb-police-immigration-sharing",
}
EAW_ALWAYS = {"gb-victims-code-right-1", "gb-victims-code-right-4", "gb-victims-code-right-12",
              "gb-vpa-2024-s5"}
EAW_PROTECTION = {"gb-fla-1996-non-molestation", "gb-marac-meeting", "gb-da-2021-dapo"}


def test_migrant_woman_in_england_at_first_contact_gets_exactly_these_entries():
    found = rights(jurisdiction="gb-eaw", stage="first_contact", circumstances=["gbv", "immigration"])
    assert set(found) == (
        ISTANBUL_FOR_GBV | ISTANBUL_FOR_MIGRANT | {"coe-istanbul-art-19"} | UK_MIGRANT_ROUTES
        | NEW_FOR_MIGRANT_WOMAN_IN_ENGLAND | EAW_ALWAYS | EAW_PROTECTION
        | {"gb-dvds-right-to-ask", "gb-victims-code-enhanced-rights"}
    )
    assert found["gb-laspo-immigration-domestic-abuse"] == "in_force"
    assert found["gb-nhs-charges-reg-9f"] == "in_force"
    assert found["gb-police-immigration-sharing"] == "in_force"
    assert notes(jurisdiction="gb-eaw", stage="first_contact", circumstances=["gbv", "immigration"])[:2] == [
        "uk-no-firewall", "emergency"]


def test_migrant_woman_in_england_after_reporting_gets_exactly_these_entries():
    found = rights(jurisdiction="gb-eaw", stage="reporting", circumstances=["gbv", "immigration"])
    assert set(found) == (
        ISTANBUL_FOR_GBV | ISTANBUL_FOR_MIGRANT | UK_MIGRANT_ROUTES
        | NEW_FOR_MIGRANT_WOMAN_IN_ENGLAND | EAW_ALWAYS | EAW_PROTECTION
        | {"gb-victims-code-right-2", "gb-victims-code-right-3", "gb-victims-code-enhanced-rights"}
    )


def test_migrant_woman_in_england_without_reporting_gets_the_new_routes_but_not_enhanced_rights():
    found = rights(jurisdiction="gb-eaw", stage="without_reporting", circumstances=["gbv", "immigration"])
    assert set(found) & NEW_FOR_MIGRANT_WOMAN_IN_ENGLAND == NEW_FOR_MIGRANT_WOMAN_IN_ENGLAND
    # Enhanced rights are rights in the criminal justice process: they start with contact.
    assert "gb-victims-code-enhanced-rights" not in found


def test_the_new_immigration_entries_need_insecure_status_and_the_nhs_exemption_needs_abuse():
    found = rights(jurisdiction="gb-eaw", stage="first_contact", circumstances=["gbv"])
    assert not set(found) & {"gb-nrpf-change-of-conditions", "gb-laspo-immigration-domestic-abuse",
                             "gb-police-immigration-sharing"}
    assert "gb-nhs-charges-reg-9f" in found
    assert "gb-victims-code-enhanced-rights" in found
    assert "gb-nhs-charges-reg-9f" not in rights(jurisdiction="gb-eaw", stage="first_contact",
                                                 circumstances=["immigration"])


def test_the_new_england_and_wales_entries_do_not_appear_in_scotland_northern_ireland_or_the_eu():
    for place in ("gb-sct", "gb-nir", "ES", "IE"):
        found = rights(jurisdiction=place, circumstances=["gbv", "immigration"])
        assert not set(found) & (NEW_FOR_MIGRANT_WOMAN_IN_ENGLAND - {"gb-nrpf-change-of-conditions"}), place
        assert "gb-victims-code-enhanced-rights" not in found, place


def test_scotland_itemises_the_victims_code():
    found = rights(jurisdiction="gb-sct", stage="reporting", circumstances=["gbv"])
    assert set(found) == ISTANBUL_FOR_GBV | {
        "gb-sct-code", "gb-sct-principles", "gb-sct-code-information", "gb-sct-code-participation",
        "gb-sct-code-protection", "gb-sct-code-support", "gb-sct-code-complain"}
    after = rights(jurisdiction="gb-sct", stage="after_trial")
    assert "gb-sct-code-compensation" in after


def test_northern_ireland_itemises_the_victim_charter():
    found = rights(jurisdiction="gb-nir", stage="reporting")
    assert set(found) == {"gb-nir-charter", "gb-nir-charter-understand", "gb-nir-charter-support",
                          "gb-nir-charter-information"}
    without = rights(jurisdiction="gb-nir", stage="without_reporting")
    assert {"gb-nir-charter-support", "gb-nir-charter-understand"} <= set(without)
    assert "gb-nir-charter-information" not in without


def test_the_police_sharing_entry_never_says_reporting_is_safe_and_points_to_the_directory():
    right = next(r for r in find_rights(jurisdiction="gb-eaw", circumstances=["immigration"]).rights
                 if r.id == "gb-police-immigration-sharing")
    text = right.summary.lower()
    assert "no law" in text
    for promise in ("safe to report", "reporting is safe", "will not share", "won't share", "will not tell"):
        assert promise not in text
    assert right.obligation == "discretion"
    assert right.link == "services"

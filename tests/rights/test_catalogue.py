import shutil
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from harbour.rights.catalogue import CATALOGUE_DIR, CatalogueInvalid, get_catalogue, load_catalogue
from harbour.rights.vocabulary import CONTENT_LANGUAGES, JURISDICTIONS, STATUSES

CONTENT_ISSUE_NEEDS = (
    # 2012/29/EU Arts 1 (with recital 10) and 3-26
    ["eu-2012-29-art-1"] + [f"eu-2012-29-art-{n}" for n in range(3, 27)]
    # Victims' Code: 12 rights, and the VPA 2024 duty to comply
    + [f"gb-victims-code-right-{n}" for n in range(1, 13)] + ["gb-vpa-2024-s5"]
    # Istanbul Convention
    + ["coe-istanbul-art-4-3", "coe-istanbul-art-18", "coe-istanbul-art-19"]
    + [f"coe-istanbul-art-{n}" for n in range(20, 27)]
    + ["coe-istanbul-art-56", "coe-istanbul-art-59", "coe-istanbul-art-60", "coe-istanbul-art-61"]
    # UK routes for a migrant woman
    + ["gb-mvdac-concession", "gb-appendix-vda-settlement", "gb-nrpf-what-it-means", "gb-nrpf-children",
       "gb-smv-scheme", "gb-fla-1996-non-molestation", "gb-dvds-right-to-ask", "gb-marac-meeting"]
    # Scotland and Northern Ireland
    + ["gb-sct-code", "gb-nir-charter"]
    # 2024/1385 victim support
    + ["eu-2024-1385-art-25", "eu-2024-1385-art-19", "eu-2024-1385-art-29", "eu-2024-1385-art-30"]
)


def copy_catalogue(tmp_path: Path) -> Path:
    target = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE_DIR, target)
    return target


def test_the_shipped_catalogue_is_valid_and_has_what_the_issue_asks_for():
    catalogue = load_catalogue()
    missing = [i for i in CONTENT_ISSUE_NEEDS if i not in catalogue.entries]
    assert missing == []


def test_every_entry_has_a_source_a_status_everywhere_it_is_listed_and_reviewed_english():
    for entry in get_catalogue().entries.values():
        assert entry.source_url.startswith(("https://", "http://")), entry.id
        assert entry.jurisdictions, entry.id
        for code, where in entry.jurisdictions.items():
            assert code in JURISDICTIONS, (entry.id, code)
            assert where["status"] in STATUSES, (entry.id, code)
        english = entry.texts["en"]
        assert english.review == "reviewed", entry.id
        assert english.title and english.summary and set(english.duties) == set(entry.duty_holders)


def test_every_translation_has_a_review_state_and_a_known_language():
    catalogue = get_catalogue()
    for entry in catalogue.entries.values():
        for language, text in entry.texts.items():
            assert language in CONTENT_LANGUAGES
            assert text.review in ("draft", "reviewed")
            if language != "en":
                # We wrote these ourselves; no qualified translator has checked them yet.
                assert text.review == "draft", (entry.id, language)


def test_the_first_needs_are_drafted_in_every_community_language():
    catalogue = get_catalogue()
    first_needs = ["eu-2012-29-art-8", "gb-victims-code-right-4", "coe-istanbul-art-18",  # without reporting
                   "eu-2012-29-art-7", "gb-victims-code-right-1",  # interpretation
                   "eu-2012-29-art-4",  # information at first contact
                   "eu-2012-29-art-18", "gb-fla-1996-non-molestation",  # protection
                   "gb-mvdac-concession", "gb-appendix-vda-settlement", "gb-nrpf-what-it-means",
                   "gb-smv-scheme", "gb-dvds-right-to-ask", "gb-marac-meeting"]  # migrant routes
    for language in ("ar", "fa", "es", "fr", "uk"):
        missing = [i for i in first_needs if language not in catalogue.entries[i].texts]
        assert missing == [], language


def test_entry_ids_are_unique_across_files(tmp_path):
    directory = copy_catalogue(tmp_path)
    path = directory / "gb-da-2021.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["entries"][0]["id"] = "gb-victims-code-right-1"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogueInvalid) as caught:
        load_catalogue(directory)
    # The duplicate is refused first; translations of the right then no longer line up either.
    assert caught.value.problems[0] == (
        "gb-victims-code.yaml: entry gb-victims-code-right-1: id is also used in gb-da-2021.yaml")


def test_a_broken_entry_is_reported_with_its_file_and_entry(tmp_path):
    directory = copy_catalogue(tmp_path)
    path = directory / "gb-nir-charter.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["entries"][0]["source_url"]
    data["entries"][0]["jurisdictions"] = {"gb-eaw": {"status": "maybe"}}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogueInvalid) as caught:
        load_catalogue(directory)
    assert caught.value.problems == [
        "gb-nir-charter.yaml: entry gb-nir-charter: 'source_url' is a required property",
        "gb-nir-charter.yaml: entry gb-nir-charter: jurisdictions/gb-eaw/status: 'maybe' is not one of "
        "['in_force', 'agreed_not_in_force', 'transposition_pending', 'not_binding', 'reserved', 'pilot_only']",
    ]


def test_an_entry_without_english_text_is_refused(tmp_path):
    directory = copy_catalogue(tmp_path)
    path = directory / "gb-da-2021.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["entries"][0]["text"] = {"fr": {**data["entries"][0]["text"]["en"], "review": "draft"}}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogueInvalid) as caught:
        load_catalogue(directory)
    assert caught.value.problems == ["gb-da-2021.yaml: entry gb-da-2021-special-measures: text: 'en' is a required property"]


def test_a_translation_without_review_state_or_for_a_missing_entry_is_refused(tmp_path):
    directory = copy_catalogue(tmp_path)
    path = directory / "translations" / "fr.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = next(iter(data["entries"]))
    data["entries"]["no-such-entry"] = dict(data["entries"][first])
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogueInvalid) as caught:
        load_catalogue(directory)
    assert caught.value.problems == ["translations/fr.yaml: entry no-such-entry: no such entry in the catalogue"]

    del data["entries"]["no-such-entry"]
    del data["entries"][first]["review"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogueInvalid) as caught:
        load_catalogue(directory)
    assert caught.value.problems == [f"translations/fr.yaml: entry {first}: 'review' is a required property"]


def test_duty_texts_must_match_the_duty_holders(tmp_path):
    directory = copy_catalogue(tmp_path)
    path = directory / "gb-nir-charter.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["entries"][0]["duty_holders"] = ["state", "court"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogueInvalid) as caught:
        load_catalogue(directory)
    english, *translated = caught.value.problems
    assert english == ("gb-nir-charter.yaml: entry gb-nir-charter: text en: duties must name exactly "
                       "the duty holders ['court', 'state']")
    # Each translation of the entry is now out of step too, and says so, once per file.
    translations = sorted(p.name for p in (directory / "translations").glob("*.yaml")
                          if "gb-nir-charter:" in p.read_text(encoding="utf-8"))
    assert translated == [f"translations/{name}: entry gb-nir-charter: duties must name exactly the duty "
                          "holders ['court', 'state']" for name in translations]


def test_invalid_yaml_names_the_file(tmp_path):
    directory = copy_catalogue(tmp_path)
    (directory / "gb-da-2021.yaml").write_text("instrument: [unclosed\n", encoding="utf-8")
    with pytest.raises(CatalogueInvalid) as caught:
        load_catalogue(directory)
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].startswith("gb-da-2021.yaml: not valid YAML")


def test_the_catalogue_is_loaded_once_per_process():
    assert get_catalogue() is get_catalogue()


def test_rights_check_prints_one_line_when_the_catalogue_is_valid(capsys):
    call_command("rights_check")
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert out.startswith("rights catalogue ok: 19 instruments, 106 entries, ")


def test_rights_check_fails_naming_file_and_entry(tmp_path, monkeypatch, capsys):
    directory = copy_catalogue(tmp_path)
    path = directory / "gb-nir-charter.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["entries"][0]["stages"] = ["someday"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr("harbour.rights.management.commands.rights_check.CATALOGUE_DIR", directory)
    with pytest.raises(CommandError, match="1 problem"):
        call_command("rights_check")
    assert "gb-nir-charter.yaml: entry gb-nir-charter: stages/0: 'someday' is not one of" in capsys.readouterr().err


def test_english_summaries_use_short_sentences():
    """Written for a reader with little schooling: no long sentences, a short average."""
    import re
    import statistics

    lengths = []
    for entry in get_catalogue().entries.values():
        for sentence in re.split(r"(?<=[.!?])\s+", entry.texts["en"].summary):
            words = len(sentence.split())
            assert words <= 26, (entry.id, sentence)
            lengths.append(words)
    assert statistics.mean(lengths) <= 15


def test_every_summary_says_what_to_do_or_who_to_ask():
    """Each English summary ends with an action for her, or says where to ask, or what is coming."""
    cues = ("ask", "tell", "call", "say", "get ", "contact", "complain", "look for", "keep", "apply",
            "go to", "read", "check", "not yet law", "not a right you ask for", "you can")
    missing = [e.id for e in get_catalogue().entries.values()
               if not any(cue in e.texts["en"].summary.lower() for cue in cues)]
    assert missing == []


# Words that state an obligation, per content language. A summary, title or duty text of an entry
# whose source is only a power or a discretion must not use them (issue 17, kind 1: a power written
# as a duty misleads her into relying on a duty that does not exist). Negated forms ("does not
# have to") are excluded where the language allows.
OBLIGATION_WORDS = {
    "en": r"\bmust\b|(?<!not )\bhave to\b|\bis obliged\b|\bare obliged\b",
    "es": r"\bdeben?\b|\bdeberán?\b|\btienen que\b|\btiene que\b|\bobligad[oa]s?\b",
    "fr": r"\bdoi(?:t|vent)\b|\bdevront?\b|\bobligé",
    "ar": r"(?<!لا )يجب|يتعين|ملزم",
    "fa": r"(?<!ن)باید|موظف",
    "uk": r"(?<!не )повинн|(?<!не )повинен|мусить|мусять|(?<!не )зобов",
    "pt": r"(?<!não )\bdeve[mr]?\b|\bdeverão?\b|(?<!não )\bt[eê]m de\b|(?<!não )\bt[eê]m que\b|\bobrigad[oa]s?\b",
    "ro": r"(?<!nu )\btrebuie\b|\bobligat|\bsunt datori",
    "sq": r"(?<!nuk )\bduhet\b|\bdetyrohe|\bi detyruar|\be detyruar|\bjanë të detyruar",
    "pl": r"\bmusi\b|\bmuszą\b|\bobowiązan|\bzobowiązan|(?<!nie )\bpowinn",
    "so": r"\bwaa inay\b|\bwaa in\b|\bqasab\b|\bwaajib\b|\bwaa waajib",
    "ti": r"ግድን|ግዴታ|ግዱድ",
    "ps": r"باید|مکلف|اړ دي|اړ ده",
    "ur": r"لازم|پابند(?!\s*نہیں)|ضروری ہے",
    "ckb": r"دەبێت|پێویستە|ناچار(?!یان ناکات)",
}


def test_no_text_says_must_where_the_source_is_only_a_power_or_a_discretion():
    import re

    wrong = []
    for entry in get_catalogue().entries.values():
        if entry.obligation not in ("power", "discretion"):
            continue
        for language, text in entry.texts.items():
            words = re.compile(OBLIGATION_WORDS[language], re.IGNORECASE)
            for part in (text.title, text.summary, *text.duties.values()):
                if words.search(part):
                    wrong.append((entry.id, language, words.search(part).group(0)))
    assert wrong == []


def test_the_word_check_finds_must_in_a_power(tmp_path):
    """The check above can fail: Article 21's old wording ("must stop") is caught."""
    import re

    old = "They must stop information that could identify a child victim from being made public."
    assert re.search(OBLIGATION_WORDS["en"], old, re.IGNORECASE)


def test_every_entry_names_its_obligation_and_the_source_checked_with_a_date():
    from datetime import date

    for entry in get_catalogue().entries.values():
        assert entry.obligation in ("duty", "power", "entitlement", "discretion"), entry.id
        assert entry.checked.date <= date.today(), entry.id
        assert entry.checked.url.startswith("https://"), entry.id
        assert len(entry.checked.source) >= 10 and len(entry.checked.via) >= 10, entry.id


def test_the_examples_named_in_issue_17_carry_the_right_obligation():
    entries = get_catalogue().entries
    assert entries["eu-2012-29-art-21"].obligation == "power"
    assert entries["eu-2024-1385-art-19"].obligation == "power"
    assert entries["coe-istanbul-art-52"].obligation == "power"
    assert entries["gb-marac-meeting"].obligation == "discretion"
    assert entries["eu-2012-29-art-4"].obligation == "duty"


@pytest.mark.parametrize("field", ["checked", "obligation"])
def test_the_schema_requires_the_checked_source_and_the_obligation(tmp_path, field):
    directory = copy_catalogue(tmp_path)
    path = directory / "gb-nir-charter.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["entries"][0][field]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogueInvalid) as caught:
        load_catalogue(directory)
    assert caught.value.problems == [f"gb-nir-charter.yaml: entry gb-nir-charter: '{field}' is a required property"]


@pytest.mark.parametrize("part", ["date", "source", "url", "via"])
def test_the_schema_requires_every_part_of_the_check(tmp_path, part):
    directory = copy_catalogue(tmp_path)
    path = directory / "gb-nir-charter.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["entries"][0]["checked"][part]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogueInvalid) as caught:
        load_catalogue(directory)
    assert caught.value.problems == [
        f"gb-nir-charter.yaml: entry gb-nir-charter: checked: '{part}' is a required property"]


def test_rights_check_fails_on_an_entry_without_a_checked_date(tmp_path, monkeypatch, capsys):
    directory = copy_catalogue(tmp_path)
    path = directory / "gb-nir-charter.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["entries"][0]["checked"]["date"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr("harbour.rights.management.commands.rights_check.CATALOGUE_DIR", directory)
    with pytest.raises(CommandError, match="1 problem"):
        call_command("rights_check")
    assert capsys.readouterr().err.strip() == (
        "gb-nir-charter.yaml: entry gb-nir-charter: checked: 'date' is a required property")


@pytest.mark.parametrize(("value", "message"), [
    ("2025-02-30", "checked date 2025-02-30 is not a real date"),
    ("2099-01-01", "checked date 2099-01-01 is in the future"),
])
def test_a_checked_date_must_be_a_real_past_date(tmp_path, value, message):
    directory = copy_catalogue(tmp_path)
    path = directory / "gb-nir-charter.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["entries"][0]["checked"]["date"] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogueInvalid) as caught:
        load_catalogue(directory)
    assert caught.value.problems == [f"gb-nir-charter.yaml: entry gb-nir-charter: {message}"]

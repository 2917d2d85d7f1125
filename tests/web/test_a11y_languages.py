"""Which languages the public accessibility sweeps open (issue 18, Accessibility 1: every
public page in every language, in CI). CI splits settings.LANGUAGES between its SQLite and
PostgreSQL passes through HARBOUR_A11Y_LANGUAGES; these tests hold the parser to its
documented forms and .ci/run to a split that leaves no language out and sweeps none twice."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.web.a11y import SWEEP_LANGUAGES, dark_sweep_languages, sweep_languages

CI = Path(settings.BASE_DIR) / ".ci" / "run"
EVERY = [code for code, _name in settings.LANGUAGES]


@pytest.fixture(autouse=True)
def _clean(monkeypatch):
    monkeypatch.delenv("HARBOUR_A11Y_LANGUAGES", raising=False)
    monkeypatch.delenv("HARBOUR_A11Y_ALL_LANGUAGES", raising=False)


def test_unset_sweeps_one_language_of_each_script(monkeypatch):
    assert sweep_languages() == [code for code in EVERY if code in SWEEP_LANGUAGES]
    assert dark_sweep_languages() == ["en", "ar"]


@pytest.mark.parametrize("value", ["all", "ALL", " all "])
def test_all_sweeps_every_language_in_both_themes(monkeypatch, value):
    monkeypatch.setenv("HARBOUR_A11Y_LANGUAGES", value)
    assert sweep_languages() == EVERY
    assert dark_sweep_languages() == EVERY


def test_the_older_switch_still_means_all(monkeypatch):
    monkeypatch.setenv("HARBOUR_A11Y_ALL_LANGUAGES", "true")
    assert sweep_languages() == EVERY


def test_a_list_and_its_complement_part_every_language(monkeypatch):
    monkeypatch.setenv("HARBOUR_A11Y_LANGUAGES", "ro, ar,en")
    listed = sweep_languages()
    assert listed == ["en", "ar", "ro"]               # settings order, whatever the order typed
    monkeypatch.setenv("HARBOUR_A11Y_LANGUAGES", "all-except:ro,ar,en")
    rest = sweep_languages()
    assert sorted(listed + rest) == sorted(EVERY) and not set(listed) & set(rest)
    assert dark_sweep_languages() == []               # the other share holds en and ar


def test_an_unknown_code_is_refused_rather_than_swept_as_nothing(monkeypatch):
    monkeypatch.setenv("HARBOUR_A11Y_LANGUAGES", "en,xx")
    with pytest.raises(ValueError, match="xx"):
        sweep_languages()
    monkeypatch.setenv("HARBOUR_A11Y_LANGUAGES", "all-except:zz")
    with pytest.raises(ValueError, match="zz"):
        sweep_languages()


def test_ci_sweeps_every_language_once_and_the_dark_theme_in_both_directions(monkeypatch):
    text = CI.read_text(encoding="utf-8")
    shares = re.findall(r'HARBOUR_A11Y_LANGUAGES="([^"]*)"', text)
    assert len(shares) == 2, shares
    variables = dict(re.findall(r'^(A11Y_\w+)="([^"]*)"$', text, re.M))
    swept, dark = [], []
    for share in shares:
        value = re.sub(r"\$(\w+)", lambda m: variables[m.group(1)], share)
        monkeypatch.setenv("HARBOUR_A11Y_LANGUAGES", value)
        swept += sweep_languages()
        dark += dark_sweep_languages()
    assert sorted(swept) == sorted(EVERY), "a language is swept twice or not at all"
    assert sorted(dark) == ["ar", "en"]
    # The PostgreSQL pass leaves browser tests out, but not the sweeps of its share.
    assert 'not browser or a11y_sweep' in text

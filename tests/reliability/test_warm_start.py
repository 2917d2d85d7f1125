"""Issue 11, item 2: the production server starts warm.

Workers forked by gunicorn used to build the URL configuration, the draft-notice coverage
(135 catalogues parsed), each language's translations and every template on their first
requests, once per thread, and the first requests after a start waited tens of seconds. Now
config/gunicorn.py preloads the application and warms it once in the master."""

import runpy
from pathlib import Path

from django.template import engines
from django.utils.translation import trans_real

from harbour.core import serving
from harbour.core.languages import languages_with_drafts

ROOT = Path(__file__).resolve().parents[2]


def test_warm_up_loads_catalogues_translations_and_templates_without_the_database(settings):
    # No `db` fixture: pytest-django refuses any query, so touching the database fails here.
    languages_with_drafts.cache_clear()
    trans_real._translations.clear()
    loader = engines["django"].engine.template_loaders[0]
    loader.reset()

    loaded = serving.warm_up()

    assert languages_with_drafts.cache_info().currsize == 1
    assert set(trans_real._translations) >= {code for code, _name in settings.LANGUAGES}
    assert loaded["templates"] >= 50
    assert "public/base.html" in loader.get_template_cache
    assert "directory/search.html" in loader.get_template_cache


def test_gunicorn_preloads_and_warms_the_application_before_forking(monkeypatch):
    config = runpy.run_path(str(ROOT / "config" / "gunicorn.py"))
    assert config["preload_app"] is True
    called = []
    monkeypatch.setattr(serving, "warm_up", lambda: called.append(True) or {})
    config["when_ready"](None)
    assert called == [True]

"""Issue 11, item 2: the production server starts warm.

Workers forked by gunicorn used to build the URL configuration, the draft-notice coverage
(135 catalogues parsed), each language's translations and every template on their first
requests, once per thread, and the first requests after a start waited tens of seconds. Now
config/gunicorn.py preloads the application and warms it once in the master."""

import runpy
from pathlib import Path

import pytest
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


def test_a_busy_worker_leaves_waiting_connections_to_the_shared_queue(monkeypatch):
    """gunicorn's threaded worker accepts up to `worker_connections` (1,000 by default) and
    queues them for its own threads; bounded near its thread count, the connections a busy
    worker cannot serve wait in the listen queue that every worker takes from (search p95 in
    the load mix halved, docs/benchmarks.md "Sharing the queue")."""
    monkeypatch.delenv("HARBOUR_WORKER_CONNECTIONS", raising=False)
    for threads in ("1", "4", "8"):
        monkeypatch.setenv("HARBOUR_THREADS", threads)
        config = runpy.run_path(str(ROOT / "config" / "gunicorn.py"))
        assert config["worker_class"] == "gthread"
        # More than its threads, so a kept-alive connection does not stop it accepting...
        assert config["worker_connections"] > config["threads"]
        # ...and few enough that it never hoards a queue the other workers could serve.
        assert config["worker_connections"] <= 2 * config["threads"]
    monkeypatch.setenv("HARBOUR_WORKER_CONNECTIONS", "50")
    assert runpy.run_path(str(ROOT / "config" / "gunicorn.py"))["worker_connections"] == 50


@pytest.mark.parametrize("value", ["many", "0", "-2", "4.5"])
def test_a_serving_setting_that_is_not_a_count_stops_the_server_by_name(monkeypatch, value):
    monkeypatch.setenv("HARBOUR_WORKER_CONNECTIONS", value)
    with pytest.raises(ValueError, match="HARBOUR_WORKER_CONNECTIONS"):
        runpy.run_path(str(ROOT / "config" / "gunicorn.py"))


def test_a_blank_serving_setting_means_its_default(monkeypatch):
    monkeypatch.setenv("HARBOUR_WORKER_CONNECTIONS", " ")
    monkeypatch.setenv("HARBOUR_THREADS", "")
    config = runpy.run_path(str(ROOT / "config" / "gunicorn.py"))
    assert (config["threads"], config["worker_connections"]) == (4, 8)

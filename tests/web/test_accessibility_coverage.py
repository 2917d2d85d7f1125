"""The accessibility sweeps (tests/web/test_accessibility.py) reach every public page: each
named URL of the public site is an app's `public_page`, is opened by the walk in
tests/web/a11y.py, or is listed there as not a page. A new public URL fails here until it is
added to one of them, so it cannot escape the axe, layout and keyboard checks."""

from tests.web.a11y import NOT_PAGES, SWEPT_ELSEWHERE, WALKED, public_url_names
from tests.web.pages import public_page_names


def test_every_public_url_is_swept_or_named_as_not_a_page():
    names = public_url_names()
    assert "help:request" in names and "directory:service" in names   # the resolver walk works
    missing = names - set(public_page_names()) - WALKED - set(NOT_PAGES) - set(SWEPT_ELSEWHERE)
    assert missing == set()


def test_the_walk_names_only_urls_that_exist():
    assert (WALKED | set(NOT_PAGES) | set(SWEPT_ELSEWHERE)) - public_url_names() == set()

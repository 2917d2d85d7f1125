"""The site's icon (issue 18: /favicon.ico answered 404): a small file in the repository, linked
from both base templates, and /favicon.ico sends browsers to it. No request leaves the site."""

from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

ICON = "web/favicon.svg"


def test_favicon_ico_redirects_to_the_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == settings.STATIC_URL + ICON
    assert client.head("/favicon.ico").status_code == 301
    assert client.post("/favicon.ico").status_code == 405


def test_the_icon_is_a_small_svg_with_no_words(db):
    path = finders.find(ICON)
    assert path
    data = Path(path).read_bytes()
    assert len(data) < 1024
    root = ElementTree.fromstring(data)  # noqa: S314 - our own file in the repository
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert not [e for e in root.iter() if e.tag.endswith(("text", "image", "use", "script"))]
    assert b"http" not in data.replace(b"http://www.w3.org/2000/svg", b"")


@pytest.mark.parametrize("url", ["/en/", "/ar/", "/staff/login/"])
def test_public_and_staff_pages_link_the_icon(client, db, url):
    html = client.get(url, follow=True).content.decode()
    assert f'<link rel="icon" href="{settings.STATIC_URL}{ICON}" type="image/svg+xml">' in html

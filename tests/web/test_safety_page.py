"""The safety page says only what is true (issue 8, item 2; DESIGN.md F8)."""


def test_the_safety_page_says_what_back_can_show_without_javascript(client):
    html = client.get("/en/staying-safe-online/").content.decode()
    assert "this page will not come back" not in html
    assert "If JavaScript is off, or a page had not finished loading, Back can still show pages of this site" in html
    assert "close the tab or the whole browser window, then delete this site from the browser history" in html


def test_the_safety_page_says_it_in_arabic_and_spanish(client):
    for code in ("ar", "es"):
        html = client.get(f"/{code}/staying-safe-online/").content.decode()
        assert "If JavaScript is off" not in html, code

"""A workshop's booking form cuts nothing she types (tests/web/test_no_silent_cut.py: no
public text box carries `maxlength`; the server says the limit and gives her text back)."""

import re

from django.urls import reverse


def test_the_booking_form_has_no_text_box_that_cuts_what_she_types(client, session):
    html = client.get(reverse("training:session", args=[session.public_id])).content.decode()
    assert "<input" in html
    assert not re.search(r'<(?:input|textarea)\b[^>]*\bmaxlength=', html)

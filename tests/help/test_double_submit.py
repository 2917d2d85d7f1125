"""The same help request form sent twice (a double tap on Send) makes one request."""

import re

from harbour.help.models import HelpRequest
from tests.help.test_journey import code_in, submit


def _once(client) -> str:
    html = client.get("/en/help/").content.decode()
    return re.search(r'name="once" value="([^"]+)"', html).group(1)


def test_a_second_send_of_the_same_form_stores_nothing_and_says_it_was_sent(client, sealed_a, org_a):
    once = _once(client)
    first = submit(client, org_a, once=once)
    assert first.status_code == 200 and code_in(first)
    second = submit(client, org_a, once=once)
    assert second.status_code == 409
    assert "already sent" in second.content.decode()
    assert HelpRequest.objects.count() == 1
    # What she typed is still there, with a fresh token should she mean to send a new one.
    html = second.content.decode()
    assert 'value="Amina"' in html
    fresh = re.search(r'name="once" value="([^"]+)"', html).group(1)
    assert fresh != once
    assert submit(client, org_a, once=fresh).status_code == 200
    assert HelpRequest.objects.count() == 2


def test_the_409_page_is_in_her_language(client, sealed_a, org_a):
    once = _once(client)
    data = {"organisation": str(org_a.public_id), "needs": ["safety"], "once": once}
    assert client.post("/es/help/", data).status_code == 200
    again = client.post("/es/help/", data)
    assert again.status_code == 409
    assert "ya se envió" in again.content.decode()


def test_only_an_expiring_digest_of_the_token_is_kept_apart_from_the_request(client, sealed_a, org_a):
    from harbour.core.models import UsedFormOnce

    once = _once(client)
    submit(client, org_a, once=once)
    used = UsedFormOnce.objects.get()
    assert once not in used.digest and len(used.digest) == 64
    assert used.expires_at is not None
    field_values = [str(v) for v in HelpRequest.objects.values().get().values()]
    assert used.digest not in field_values

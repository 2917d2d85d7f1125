"""Referrals to partners outside Harbour by one-time link (issue 15 item 8): the e-mail
holds no content; the link works once, within 7 days, after a code sent to the registered
address; wrong codes get one uniform answer; nothing is in the clear at rest."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from harbour.firewall import gate_link
from harbour.firewall.models import GateLink, Recipient
from tests.referrals.conftest import CANARY_NAME, CANARY_PHONE, intake
from tests.web.test_browser import browser  # noqa: F401 - the shared Chromium fixture

pytestmark = pytest.mark.django_db(transaction=True)
LINK = "https://harbour.example/en/r/{token}/"


@pytest.fixture
def external(keys_a, admin_a):
    return Recipient.objects.create(registered_by=admin_a.organisation, name="Outside refuge",
                                    category="specialist_support", email="intake@refuge.example.org")


def _send(community_a, external):
    mail.outbox.clear()
    referral, code = intake(community_a, None, recipient=external, one_off_reason="she_chose", link_url=LINK)
    [message] = mail.outbox
    token = re.search(r"/r/([^/]+)/", message.body).group(1)
    return referral, code, message, token


def _code():
    return re.search(r"(\d{8})", mail.outbox[-1].body).group(1)


def _dump() -> str:
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the schema
            rows.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(rows)


def test_the_mail_has_no_content_and_nothing_is_in_the_clear(community_a, external):
    referral, code, message, token = _send(community_a, external)
    assert referral.status == "sent" and referral.receiving_organisation is None and code == ""
    assert message.to == ["intake@refuge.example.org"] and message.subject == "Referral"
    assert CANARY_NAME not in message.body and CANARY_PHONE not in message.body
    dump = _dump()
    assert CANARY_NAME not in dump and CANARY_PHONE not in dump and token not in dump


def test_the_link_opens_once_with_the_code_sent_to_the_registered_address(community_a, external, client):
    _referral, _code_unused, _message, token = _send(community_a, external)
    assert gate_link.link_send_code(token=token) is True
    assert mail.outbox[-1].to == ["intake@refuge.example.org"]
    code = _code()
    opened = gate_link.link_open(token=token, code=code)
    assert opened["content"]["identity"] == CANARY_NAME
    assert gate_link.link_open(token=token, code=code) is None
    assert bytes(GateLink.objects.get().encrypted_content) == b""


def test_the_code_typed_in_arabic_indic_digits_opens_the_link(community_a, external):
    _referral, _code_unused, _message, token = _send(community_a, external)
    gate_link.link_send_code(token=token)
    typed = _code().translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    opened = gate_link.link_open(token=token, code=typed[:4] + " " + typed[4:])
    assert opened is not None and opened["content"]["identity"] == CANARY_NAME


def test_the_page_works_without_javascript(community_a, external, client):
    _referral, _unused, _message, token = _send(community_a, external)
    assert client.get(f"/en/r/{token}/").status_code == 200
    assert client.post(f"/en/r/{token}/", {"action": "send"}).status_code == 200
    page = client.post(f"/en/r/{token}/", {"action": "open", "code": _code()}).content.decode()
    assert CANARY_NAME in page
    again = client.post(f"/en/r/{token}/", {"action": "open", "code": _code()}).content.decode()
    assert CANARY_NAME not in again


def test_wrong_codes_unknown_links_and_expired_links_get_one_answer(community_a, external, client):
    _referral, _unused, _message, token = _send(community_a, external)
    client.post(f"/en/r/{token}/", {"action": "send"})
    wrong = client.post(f"/en/r/{token}/", {"action": "open", "code": "00000000"}).content.decode()
    unknown = client.post("/en/r/not-a-token/", {"action": "open", "code": "12345678"}).content.decode()
    assert wrong == unknown.replace("not-a-token", token)
    GateLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert gate_link.link_open(token=token, code=_code()) is None


def test_five_wrong_codes_end_the_link(community_a, external):
    _referral, _unused, _message, token = _send(community_a, external)
    gate_link.link_send_code(token=token)
    code = _code()
    for _ in range(gate_link.MAX_WRONG_CODES):
        assert gate_link.link_open(token=token, code="11111111" if code != "11111111" else "22222222") is None
    assert gate_link.link_open(token=token, code=code) is None
    assert gate_link.link_send_code(token=token) is False


@pytest.mark.browser
def test_the_link_page_has_no_axe_violation_in_english_and_arabic(community_a, external, browser, live_server):  # noqa: F811
    """The page a partner outside Harbour opens is in the public site's accessibility sweep
    (tests/web/a11y.py SWEPT_ELSEWHERE names this test)."""
    from tests.web.a11y import axe_violations

    _referral, _code_unused, _message, token = _send(community_a, external)
    page = browser.new_page(viewport={"width": 360, "height": 740})
    for language in ("en", "ar"):
        page.goto(f"{live_server.url}/{language}/r/{token}/")
        assert page.locator("main form").count() == 1
        assert axe_violations(page) == [], language
    page.close()

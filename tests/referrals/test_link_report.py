"""A partner outside Harbour reports the referral's state back through its one-time link
(issue 15 item 3): only after the e-mailed code, within the link's lifetime, each move
through the transition service as the receiving side (audited), a wrong state refused with
a clear message, and a replayed form doing nothing."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from harbour.core.models import AuditEntry
from harbour.firewall.models import GateLink, Recipient
from harbour.referrals.models import Referral
from tests.referrals.conftest import CANARY_NAME, intake

pytestmark = pytest.mark.django_db
LINK = "https://harbour.example/en/r/{token}/"


@pytest.fixture
def external(keys_a, admin_a):
    return Recipient.objects.create(registered_by=admin_a.organisation, name="Outside refuge",
                                    category="specialist_support", email="intake@refuge.example.org")


@pytest.fixture
def sent(community_a, external, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        referral, _code = intake(community_a, None, recipient=external, one_off_reason="she_chose", link_url=LINK)
    token = re.search(r"/r/([^/]+)/", mail.outbox[-1].body).group(1)
    return referral, token


def _opened(client, token, capture):
    with capture(execute=True):
        client.post(f"/en/r/{token}/", {"action": "send"})
    code = re.search(r"(\d{8})", mail.outbox[-1].body).group(1)
    response = client.post(f"/en/r/{token}/", {"action": "open", "code": code})
    return response.content.decode()


def _session(html):
    return re.search(r'name="session" value="([^"]+)"', html).group(1)


def _report(client, token, session, to, reason=""):
    return client.post(f"/en/r/{token}/", {"action": "report", "session": session, "to": to, "reason": reason})


def _state(referral):
    return Referral.objects.filter(pk=referral.pk).values().get()


def test_after_the_code_the_partner_reports_each_state_as_the_receiver(sent, client,
                                                                       django_capture_on_commit_callbacks):
    referral, token = sent
    html = _opened(client, token, django_capture_on_commit_callbacks)
    assert CANARY_NAME in html and 'id="move-received"' in html and 'id="move-declined"' in html
    response = _report(client, token, _session(html), "received")
    assert response.status_code == 200 and Referral.objects.get(pk=referral.pk).status == "received"
    html = response.content.decode()
    assert CANARY_NAME not in html and 'id="move-accepted"' in html
    html = _report(client, token, _session(html), "accepted").content.decode()
    response = _report(client, token, _session(html), "completed", "advice_given")
    referral = Referral.objects.get(pk=referral.pk)
    assert (referral.status, referral.outcome_code) == ("completed", "advice_given")
    moves = AuditEntry.objects.filter(action="referrals.referral.transition", subject=str(referral.pk),
                                      actor="external recipient")
    assert [m.detail["to"] for m in moves.order_by("seq")] == ["received", "accepted", "completed"]


def test_declining_needs_a_reason_from_the_list(sent, client, django_capture_on_commit_callbacks):
    referral, token = sent
    html = _opened(client, token, django_capture_on_commit_callbacks)
    before = _state(referral)
    response = _report(client, token, _session(html), "declined", "not-a-reason")
    assert response.status_code == 400 and "Choose the reason from the list." in response.content.decode()
    assert _state(referral) == before
    # The same session still works after a refused answer.
    response = _report(client, token, _session(html), "declined", "no_capacity")
    referral = Referral.objects.get(pk=referral.pk)
    assert (referral.status, referral.decline_reason) == ("declined", "no_capacity")


def test_a_move_from_the_wrong_state_is_refused_with_a_clear_message(sent, client,
                                                                     django_capture_on_commit_callbacks):
    referral, token = sent
    html = _opened(client, token, django_capture_on_commit_callbacks)
    before = _state(referral)
    response = _report(client, token, _session(html), "completed", "advice_given")
    assert response.status_code == 400
    assert "A referral cannot move from “Sent” to “Completed”." in response.content.decode()
    assert _state(referral) == before


def test_a_move_without_the_code_is_refused(sent, client):
    referral, token = sent
    before = _state(referral)
    for session in ("", "guessed-session"):
        response = _report(client, token, session, "received")
        assert response.status_code == 400
        assert "This link can no longer be used to report on the referral." in response.content.decode()
    assert _state(referral) == before


def test_a_move_after_the_link_expired_is_refused(sent, client, django_capture_on_commit_callbacks):
    referral, token = sent
    html = _opened(client, token, django_capture_on_commit_callbacks)
    GateLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    before = _state(referral)
    response = _report(client, token, _session(html), "received")
    assert response.status_code == 400 and "can no longer be used" in response.content.decode()
    assert _state(referral) == before


def test_a_replayed_form_does_nothing(sent, client, django_capture_on_commit_callbacks):
    referral, token = sent
    html = _opened(client, token, django_capture_on_commit_callbacks)
    first = _session(html)
    assert _report(client, token, first, "received").status_code == 200
    after_first = _state(referral)
    replay = _report(client, token, first, "received")
    assert replay.status_code == 400 and "can no longer be used" in replay.content.decode()
    assert _report(client, token, first, "accepted").status_code == 400
    assert _state(referral) == after_first


def test_a_new_code_opens_a_new_session_without_showing_the_referral_again(sent, client,
                                                                            django_capture_on_commit_callbacks):
    referral, token = sent
    _opened(client, token, django_capture_on_commit_callbacks)
    again = _opened(client, token, django_capture_on_commit_callbacks)
    assert CANARY_NAME not in again and 'id="move-received"' in again
    assert _report(client, token, _session(again), "received").status_code == 200
    assert Referral.objects.get(pk=referral.pk).status == "received"


def test_a_partner_on_harbour_cannot_be_moved_by_a_link(sent_referral):
    from django.core.exceptions import PermissionDenied

    from harbour.referrals import services

    with pytest.raises(PermissionDenied):
        services.referral_transition(acting_user=None, referral=sent_referral, to="received", by_link=True)

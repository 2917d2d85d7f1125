"""Issue 11, item 1: no one client can lock women out.

A flooder sends ten times the old limits; a woman's right code still answers at once, and
her help request is accepted (with the proof of work her browser solves, or after the short
wait without JavaScript). Nothing about who sent what is stored.
"""

import json
import time

from altcha import v1 as altcha_v1

from harbour.firewall.models import ThrottleWindow
from harbour.help.models import HelpRequest
from tests.help.test_journey import code_in, submit

OLD_STATUS_LIMIT = 30


def _request_json(organisation, **extra) -> str:
    return json.dumps({"organisation": str(organisation.public_id), "needs": ["safety"], "language": "en",
                       **extra})


def _solve(challenge: dict) -> str:
    solution = altcha_v1.solve_challenge(challenge["challenge"], challenge["salt"], challenge["algorithm"],
                                         challenge["maxNumber"])
    return altcha_v1.Payload(challenge["algorithm"], challenge["challenge"], solution.number, challenge["salt"],
                             challenge["signature"]).to_base64()


def test_a_flood_of_wrong_codes_never_locks_out_her_right_code(client, sealed_a, org_a):
    code = code_in(submit(client, org_a))
    wrong = "zoo " * 9
    for _ in range(10 * OLD_STATUS_LIMIT):
        assert client.post("/en/help/status/", {"code": wrong}).status_code == 200
        client.post("/api/v1/help-requests/status", json.dumps({"code": wrong}), content_type="application/json")
    started = time.monotonic()
    page = client.post("/en/help/status/", {"code": code})
    api = client.post("/api/v1/help-requests/status", json.dumps({"code": code}), content_type="application/json")
    assert time.monotonic() - started < 2
    assert page.status_code == 200 and 'name="action"' in page.content.decode()
    assert api.status_code == 200 and api.json()["status"] == "received"
    assert ThrottleWindow.objects.exclude(scope__startswith="help.submit:").count() == 0


def test_during_a_flood_her_request_is_accepted_with_the_proof_her_browser_solves(client, sealed_a, org_a, settings):
    settings.HARBOUR_HELP_REQUESTS_PER_ORG_PER_HOUR = 3
    settings.HARBOUR_PROOF_MAX_NUMBER = 2000
    answers = [client.post("/api/v1/help-requests", _request_json(org_a), content_type="application/json")
               for _ in range(10 * 3)]
    assert [a.status_code for a in answers[:3]] == [201] * 3
    assert {a.status_code for a in answers[3:]} == {429}
    assert HelpRequest.objects.count() == 3
    busy = answers[-1].json()
    assert set(busy) == {"detail", "challenge", "ticket", "retry_after"}

    proof = _solve(busy["challenge"])
    hers = client.post("/api/v1/help-requests", _request_json(org_a, proof=proof), content_type="application/json")
    assert hers.status_code == 201
    assert HelpRequest.objects.count() == 4
    # A proof is spent once: replaying it is asked again, not accepted.
    again = client.post("/api/v1/help-requests", _request_json(org_a, proof=proof), content_type="application/json")
    assert again.status_code == 429
    assert HelpRequest.objects.count() == 4


def test_without_javascript_her_request_is_accepted_after_the_wait(client, sealed_a, org_a, settings, monkeypatch):
    settings.HARBOUR_HELP_REQUESTS_PER_ORG_PER_HOUR = 1
    settings.HARBOUR_BUSY_WAIT_SECONDS = 10
    for n in range(10):
        submit(client, org_a, name=f"flood {n}")
    asked = submit(client, org_a, name="Her name", message="What she wrote")
    assert asked.status_code == 429
    html = asked.content.decode()
    assert "What she wrote" in html and 'value="Her name"' in html
    ticket = html.split('name="ticket" value="')[1].split('"')[0]
    # Too early: asked again, still nothing lost and nothing stored.
    assert submit(client, org_a, name="Her name", ticket=ticket).status_code == 429
    assert HelpRequest.objects.count() == 1

    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 11)
    accepted = submit(client, org_a, name="Her name", ticket=ticket)
    assert accepted.status_code == 200
    assert len(code_in(accepted).split()) == 9
    assert HelpRequest.objects.count() == 2


def test_a_proof_for_one_organisation_does_not_open_another(client, sealed_a, sealed_b, org_a, org_b, settings):
    settings.HARBOUR_HELP_REQUESTS_PER_ORG_PER_HOUR = 1
    settings.HARBOUR_PROOF_MAX_NUMBER = 2000
    org_b.accepts_help_requests = True
    org_b.save()
    for organisation in (org_a, org_b):
        client.post("/api/v1/help-requests", _request_json(organisation), content_type="application/json")
    busy_a = client.post("/api/v1/help-requests", _request_json(org_a), content_type="application/json").json()
    proof_a = _solve(busy_a["challenge"])
    other = client.post("/api/v1/help-requests", _request_json(org_b, proof=proof_a), content_type="application/json")
    assert other.status_code == 429
    assert HelpRequest.objects.filter(organisation=org_b).count() == 1


def test_nothing_about_the_sender_is_kept(client, sealed_a, org_a, settings):
    settings.HARBOUR_HELP_REQUESTS_PER_ORG_PER_HOUR = 1
    for _ in range(3):
        client.post("/api/v1/help-requests", _request_json(org_a), content_type="application/json",
                    REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="Flooder/1.0")
    kept = " ".join(f"{w.scope} {w.window} {w.count}" for w in ThrottleWindow.objects.all())
    assert "203.0.113" not in kept and "Flooder" not in kept

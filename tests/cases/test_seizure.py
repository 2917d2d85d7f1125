"""The seizure test extended to cases: a canary in every sealed field, note, safety plan and
file; none in any table, the raw database bytes (SQLite), any file written under the
project's storage, or the logs; and nothing the server holds opens a case record."""

import contextlib
import datetime
import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from harbour.cases.models import (
    Case,
    CaseDocument,
    CaseNote,
    CaseTask,
    MaracReferral,
    RiskAssessment,
    SafetyPlan,
)
from harbour.firewall import crypto
from tests.cases.conftest import contacted
from tests.firewall.helpers import login
from tests.help.seizure import (
    _private_keys_from,
    dump_every_table,
    dump_settings,
    server_key_candidates,
)

C = {key: f"CANARY-{key.upper()}-{uuid.uuid4().hex[:6]}" for key in (
    "name", "summary", "contact", "times", "codeword", "mustnot", "dashnote", "judgement", "perpetrator",
    "marac", "reason", "withhold", "heading", "action", "note", "task", "file", "filename")}


def _journey(caseworker_a, second_admin_a, police_a, org_a):
    client = login(caseworker_a)
    client.post(reverse("cases_staff:open_direct", args=[org_a.public_id]),
                {"name": C["name"], "summary": C["summary"], "language": "en"})
    case = Case.objects.get()
    client.post(reverse("cases_staff:set_contact", args=[case.public_id]), {
        "version": case.version, "safe_channels": ["phone"], "message_ok": "no", "value": C["contact"],
        "safe_times": C["times"], "code_word": C["codeword"], "must_not_answer": C["mustnot"]})
    case = contacted(Case.objects.get(), caseworker_a.user)
    data = {"form_token": str(uuid.uuid4()), "incidents_last_12_months": "1", "judgement_high": "on",
            "judgement_reason": C["judgement"], "perpetrator": C["perpetrator"], "n3": C["dashnote"]}
    data.update({f"q{n}": "yes" if n <= 15 else "dont_know" for n in range(1, 25)})
    client.post(reverse("cases_staff:assessment", args=[case.public_id]), data)
    client.get(reverse("cases_staff:marac", args=[case.public_id]))
    client.post(reverse("cases_staff:marac", args=[case.public_id]), {"name": C["name"],
                                                                      "additional_information": C["marac"]})
    referral = MaracReferral.objects.get()
    client.post(reverse("cases_staff:marac_safeguarding", args=[referral.public_id]), {
        "recipient": str(police_a.public_id), "reason": C["reason"], "withhold_reason": C["withhold"]})
    approver = login(second_admin_a)
    approver.post(reverse("cases_staff:marac_approve", args=[referral.public_id]), {"as_pdf": "on"})
    client.post(reverse("cases_staff:safety_plan", args=[case.public_id]), {
        "heading": C["heading"], "language": "en", "at_home-0-action": C["action"]})
    client.post(reverse("cases_staff:add_note", args=[case.public_id]), {"text": C["note"]})
    client.post(reverse("cases_staff:add_task", args=[case.public_id]), {
        "title": C["task"], "due_on": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
        "channel": "phone"})
    client.post(reverse("cases_staff:add_document", args=[case.public_id]), {
        "file": SimpleUploadedFile(f"{C['filename']}.png", b"\x89PNG\r\n\x1a\n" + C["file"].encode() * 10,
                                   content_type="image/png")})
    # And read everything back, so every opening path runs.
    client.get(reverse("cases_staff:detail", args=[case.public_id]))
    client.get(reverse("cases_staff:assessment_list", args=[case.public_id]))
    client.get(reverse("cases_staff:download_document", args=[CaseDocument.objects.get().public_id]))
    client.get(reverse("cases_staff:safety_plan_print", args=[SafetyPlan.objects.get().public_id]))
    return case


def _case_records():
    for model in (Case, RiskAssessment, MaracReferral, SafetyPlan, CaseNote, CaseTask):
        for content, sealed_key in model.objects.values_list("sealed_content", "sealed_key"):
            yield bytes(content), bytes(sealed_key)
    for content, sealed_key in Case.objects.values_list("sealed_contact", "sealed_contact_key"):
        yield bytes(content), bytes(sealed_key)


def _files_under(path: Path):
    if path.exists():
        for item in path.rglob("*"):
            if item.is_file() and item.stat().st_size < 50_000_000:
                yield item


def test_a_seized_server_holds_no_case_canary_and_opens_no_case_record(
        caseworker_a, second_admin_a, police_a, org_a, caplog):
    caplog.set_level(logging.DEBUG)
    _journey(caseworker_a, second_admin_a, police_a, org_a)
    # The journey stored every kind of sealed record.
    assert (RiskAssessment.objects.count(), MaracReferral.objects.filter(status="sent").count(),
            SafetyPlan.objects.count(), CaseNote.objects.count(), CaseTask.objects.count(),
            CaseDocument.objects.count()) == (1, 1, 1, 1, 1, 1)

    everything = dump_every_table() + dump_settings()
    assert [v for v in C.values() if v.encode() in everything] == []
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert [v for v in C.values() if v in logged] == []
    stored = [p for root in (Path(settings.BASE_DIR) / "var", Path(getattr(settings, "MEDIA_ROOT", "") or "/nonexistent"))
              for p in _files_under(root) if p.suffix not in (".sqlite3",)]
    assert [str(p) for p in stored if any(v.encode() in p.read_bytes() for v in C.values())] == []

    # The probe gives (key candidates, password candidates); every stored string is tried as a password.
    candidates, passwords = server_key_candidates()
    keys = _private_keys_from(candidates, passwords)
    records = list(_case_records())
    opened = 0
    for content, sealed_key in records:
        for key in keys:
            with contextlib.suppress(crypto.CryptoError):
                crypto.open_record(key, content, sealed_key)
                opened += 1
                break
    assert (len(records), opened) == (7, 0)
    # The file: its data key is sealed on its own, and nothing the server holds opens it.
    document = CaseDocument.objects.get()
    for key in keys:
        with contextlib.suppress(crypto.CryptoError):
            crypto.unseal(key, bytes(document.sealed_key))
            raise AssertionError("the server opened a sealed file key")
    # The probe is able: with a member's password (never stored) they open.
    # (A list: a bare string would be tried one character at a time.)
    member_keys = _private_keys_from(candidates, [*passwords, caseworker_a.password])
    opened_with_password = 0
    for content, sealed_key in records:
        for key in member_keys:
            with contextlib.suppress(crypto.CryptoError):
                crypto.open_record(key, content, sealed_key)
                opened_with_password += 1
                break
    assert opened_with_password == 7

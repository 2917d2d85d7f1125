"""A referral from a case (services_refer.referral_from_case): sealed to the receiver through
the gate under the consent recorded with it, audited; only the consented categories of the
case leave; the referring organisation keeps a receipt and nothing of her."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from harbour.cases import services as case_services
from harbour.cases.models import Case
from harbour.core.models import AuditEntry
from harbour.firewall import crypto
from harbour.firewall.models import Consent, Disclosure
from harbour.help.models import HelpRequest
from harbour.referrals import services_refer
from harbour.referrals.models import Referral
from tests.referrals.conftest import terms

pytestmark = pytest.mark.django_db

# One canary per data category of the case (firewall.policy).
CANARIES = {
    "identity": ["Canary-Case-Name-51"],
    "contact": ["Canary-Case-Phone-52", "Canary-Case-Times-53", "Canary-Case-Word-54"],
    "narrative": ["Canary-Case-Story-55"],
    "notes": ["Canary-Case-Note-56"],
}
EVERY_CANARY = [c for values in CANARIES.values() for c in values]


@pytest.fixture
def her_case(keys_a, caseworker_a):
    case = case_services.case_open_direct(acting_user=caseworker_a.user, organisation=caseworker_a.organisation,
                                          name="Canary-Case-Name-51", summary="Canary-Case-Story-55", language="fa",
                                          needs=["housing"])
    case = case_services.case_set_contact(acting_user=caseworker_a.user, case=case, safe_channels=["phone"],
                                          do_not_contact=False, message_ok=True, value="Canary-Case-Phone-52",
                                          safe_times="Canary-Case-Times-53", code_word="Canary-Case-Word-54")
    case_services.case_note_add(acting_user=caseworker_a.user, case=case, text="Canary-Case-Note-56")
    return Case.objects.get(pk=case.pk)


def _refer(case, caseworker, private_key, partnership, categories):
    return services_refer.referral_from_case(
        acting_user=caseworker.user, case=case, terms=terms(categories=tuple(categories), language="fa",
                                                            interpreter="Interpreter-7"),
        private_key=private_key, needs=["housing"], partnership=partnership)


def _received(referral, keys_b) -> dict:
    copy = referral.help_request
    return crypto.open_record(keys_b, bytes(copy.sealed_content), bytes(copy.sealed_key),
                              context=crypto.context_of(copy))


def _dump() -> str:
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the schema
            rows.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(rows)


@pytest.mark.parametrize("consented", [
    ["needs"], ["identity", "needs"], ["contact", "needs"], ["needs", "narrative"], ["needs", "notes"],
    ["identity", "contact", "needs", "narrative", "notes"], ["contact", "needs", "notes"],
])
def test_only_the_consented_categories_of_the_case_reach_the_receiver(her_case, caseworker_a, keys_a, keys_b,
                                                                      recipient_b, partnership, consented):
    referral = _refer(her_case, caseworker_a, keys_a, partnership, consented)
    received = json.dumps(_received(referral, keys_b), ensure_ascii=False)
    for category, canaries in CANARIES.items():
        for canary in canaries:
            assert (canary in received) == (category in consented), (category, canary)
    assert referral.help_request.needs == ["housing"]
    # Seizure: nothing of hers is in the clear anywhere in the database, at either end.
    dump = _dump()
    assert [c for c in EVERY_CANARY if c in dump] == []


def test_the_referring_organisation_keeps_only_the_receipt(her_case, caseworker_a, keys_a, keys_b, recipient_b,
                                                           partnership, org_a):
    before = {"cases": Case.objects.filter(organisation=org_a).count(),
              "requests": HelpRequest.objects.filter(organisation=org_a).count()}
    referral = _refer(her_case, caseworker_a, keys_a, partnership, ["identity", "contact", "needs", "narrative"])
    assert (referral.status, referral.source, referral.needs) == ("sent", "case", ["housing"])
    assert referral.subject_ref == her_case.subject_ref and referral.case is None
    # Her case at A is as it was; A holds no new record of her: no copy, no case, no request.
    assert Case.objects.filter(organisation=org_a).count() == before["cases"]
    assert HelpRequest.objects.filter(organisation=org_a).count() == before["requests"]
    # What A keeps of the referral: the receipt fields, none of her words.
    row = Referral.objects.filter(pk=referral.pk).values().get()
    assert not [c for c in EVERY_CANARY if c in json.dumps(row, default=str)]
    consent = Consent.objects.get(pk=referral.consent_id)
    assert (consent.subject_ref, consent.method, consent.language) == (her_case.subject_ref, "in_person", "fa")
    assert b"Interpreter-7" not in bytes(consent.sealed_content)
    assert Disclosure.objects.get(consent=consent).categories == ["contact", "identity", "narrative", "needs"]
    actions = list(AuditEntry.objects.filter(subject=str(referral.pk)).order_by("seq").values_list("action",
                                                                                                  flat=True))
    assert actions == ["referrals.referral.create", "referrals.referral.transition"]
    assert AuditEntry.objects.filter(action="cases.case.view", subject=str(her_case.public_id)).exists()
    assert not [c for c in EVERY_CANARY if c in json.dumps(list(AuditEntry.objects.values("detail")))]


def test_a_closed_case_is_refused_and_nothing_is_stored(her_case, caseworker_a, keys_a, recipient_b, partnership):
    Case.objects.filter(pk=her_case.pk).update(status="closed", closed_on=timezone.localdate())
    counts = (Referral.objects.count(), Consent.objects.count(), Disclosure.objects.count(),
              HelpRequest.objects.count())
    with pytest.raises(ValidationError) as refused:
        _refer(Case.objects.get(pk=her_case.pk), caseworker_a, keys_a, partnership, ["identity", "needs"])
    assert "closed" in str(refused.value)
    assert counts == (Referral.objects.count(), Consent.objects.count(), Disclosure.objects.count(),
                      HelpRequest.objects.count())


def test_a_consent_ending_yesterday_is_refused_and_nothing_is_stored(her_case, caseworker_a, keys_a, recipient_b,
                                                                     partnership):
    counts = (Referral.objects.count(), Consent.objects.count(), HelpRequest.objects.count())
    with pytest.raises(ValidationError):
        services_refer.referral_from_case(
            acting_user=caseworker_a.user, case=her_case, private_key=keys_a, needs=["housing"],
            partnership=partnership, terms=terms(expires_on=timezone.localdate() - datetime.timedelta(days=1)))
    assert counts == (Referral.objects.count(), Consent.objects.count(), HelpRequest.objects.count())


def test_the_receiver_accepts_and_opens_its_own_case(her_case, caseworker_a, caseworker_b, keys_a, keys_b,
                                                     recipient_b, partnership):
    from harbour.referrals import services

    referral = _refer(her_case, caseworker_a, keys_a, partnership, ["identity", "needs"])
    accepted = services.referral_transition(acting_user=caseworker_b.user, referral=referral, to="accepted",
                                            private_key=keys_b)
    assert accepted.case.organisation == caseworker_b.organisation and accepted.case.pk != her_case.pk

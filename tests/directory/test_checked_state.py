"""Issue 9.6: a service's "checked" state has one source, and no page contradicts itself.

Every page that shows a service (the public search result, the public service page, the
staff page) takes the record's check from Service.last_verified_* and its claims' from
Claim.current_q / is_current, through selectors.checked_state. Each state is rendered on
every page and checked for the contradiction the issue found: "Not yet checked" beside a
✓ claim, or a lapsed claim shown as current."""

import pytest
from django.urls import reverse

from harbour.directory import selectors
from harbour.directory.models import Claim, Service
from tests.conftest import verified_client
from tests.directory.factories import add_claim, make_service
from tests.directory.test_staff import coordinator  # noqa: F401 - fixture

NEVER = "Not yet checked by Harbour."
CLAIMS_ONLY = "The record as a whole has not been checked yet: each point marked ✓ was checked on its own."


def _pages(client, staff_client, service) -> dict[str, str]:
    return {
        "search": client.post("/en/services/", {"q": "Checked"}, follow=True).content.decode(),
        "service": client.get(reverse("directory:service", kwargs={"service_id": service.pk})).content.decode(),
        "staff": staff_client.get(reverse("directory_staff:service", kwargs={"service_id": service.pk})).content.decode(),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("record_checked", "claim", "expected"), [
    (False, None, NEVER),
    (False, "current", CLAIMS_ONLY),
    (False, "lapsed", NEVER),
    (True, "current", "Last checked by a visit"),
    (True, None, "Last checked by a visit"),
])
def test_every_page_states_the_same_checked_state_and_never_contradicts_a_claim(
        client, coordinator, org_a, record_checked, claim, expected):  # noqa: F811
    service = make_service(name="Checked line", owner=org_a)
    if claim:
        add_claim(service, Claim.Kind.NRPF, days_left=30 if claim == "current" else -1, verified_days_ago=40)
    if record_checked:
        Service.objects.filter(pk=service.pk).update(last_verified_at=service.last_modified,
                                                     last_verified_method="visit")
    for page, html in _pages(client, verified_client(coordinator), service).items():
        assert expected in html, page
        shows_tick = "✓ Accepts women with no recourse to public funds" in html
        if page != "staff":  # staff see every claim in a table, lapsed ones marked
            assert shows_tick is (claim == "current"), page
        assert not (NEVER in html and claim == "current"), f"{page} says never checked beside a current claim"
    staff_html = _pages(client, verified_client(coordinator), service)["staff"]
    assert ("lapsed: not shown" in staff_html) is (claim == "lapsed")


@pytest.mark.django_db
def test_a_claim_is_current_by_one_rule_in_queries_and_in_memory(org_a):
    from django.utils import timezone

    service = make_service(name="Rule", owner=org_a)
    current = add_claim(service, Claim.Kind.NRPF, days_left=1)
    lapsed = add_claim(service, Claim.Kind.WOMEN_ONLY, days_left=-1)
    now = timezone.now()
    assert [c.kind for c in selectors.current_claims(service, now)] == ["nrpf"]
    assert list(Claim.objects.filter(Claim.current_q(now)).values_list("kind", flat=True)) == ["nrpf"]
    assert current.is_current(now) and not lapsed.is_current(now)
    assert {c.kind: c.current for c in selectors.staff_claims(service, now)} == {"nrpf": True, "women_only": False}
    # At the moment a claim lapses, both rules agree it no longer holds.
    assert not current.is_current(current.lapses_at)
    assert not Claim.objects.filter(Claim.current_q(current.lapses_at), pk=current.pk).exists()

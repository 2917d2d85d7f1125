import pytest
from django.core import mail
from django.urls import reverse

from harbour.accounts.models import Invitation, Membership
from harbour.core.models import AuditEntry


def org_url(persona):
    return reverse("accounts:organisation", args=[persona.organisation.public_id])


@pytest.mark.django_db
def test_member_sees_her_organisation(as_caseworker_a, caseworker_a, admin_a):
    response = as_caseworker_a.get(org_url(caseworker_a))
    assert response.status_code == 200
    assert admin_a.user.email in response.content.decode()


@pytest.mark.django_db
def test_outsider_gets_404_for_another_organisation(as_outsider, caseworker_a):
    assert as_outsider.get(org_url(caseworker_a)).status_code == 404


@pytest.mark.django_db
def test_outsider_404_is_the_same_as_for_a_missing_organisation(as_outsider, caseworker_a):
    missing = as_outsider.get(reverse("accounts:organisation", args=["00000000-0000-0000-0000-000000000000"]))
    theirs = as_outsider.get(org_url(caseworker_a))
    assert missing.status_code == theirs.status_code == 404
    assert missing.content == theirs.content


@pytest.mark.django_db
def test_outsider_cannot_invite_into_another_organisation(as_outsider, caseworker_a):
    before = AuditEntry.objects.count()
    response = as_outsider.post(org_url(caseworker_a), {"email": "x@b.example.org", "role": "admin", "language": "en"})
    assert response.status_code == 404
    assert Invitation.objects.count() == 0
    assert AuditEntry.objects.count() == before
    assert mail.outbox == []


@pytest.mark.django_db
def test_outsider_cannot_change_a_role_or_remove_a_member(as_outsider, caseworker_a):
    membership = Membership.objects.get(user=caseworker_a.user)
    role_url = reverse("accounts:membership_role", args=[membership.public_id])
    end_url = reverse("accounts:membership_end", args=[membership.public_id])
    assert as_outsider.post(role_url, {"role": "admin"}).status_code == 404
    assert as_outsider.post(end_url, {"confirm": "yes"}).status_code == 404
    assert as_outsider.get(end_url).status_code == 404
    membership.refresh_from_db()
    assert (membership.role, membership.is_active) == ("caseworker", True)


@pytest.mark.django_db
def test_a_caseworker_cannot_administer_her_own_organisation(as_caseworker_a, caseworker_a, admin_a):
    membership = Membership.objects.get(user=admin_a.user)
    response = as_caseworker_a.post(reverse("accounts:membership_end", args=[membership.public_id]),
                                    {"confirm": "yes"})
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.is_active is True
    invite = as_caseworker_a.post(org_url(caseworker_a), {"email": "x@a.example.org", "role": "viewer", "language": "en"})
    assert invite.status_code == 404
    assert Invitation.objects.count() == 0


@pytest.mark.django_db
def test_admin_changes_a_role_and_it_is_audited(as_admin_a, caseworker_a):
    membership = Membership.objects.get(user=caseworker_a.user)
    as_admin_a.post(reverse("accounts:membership_role", args=[membership.public_id]), {"role": "viewer"})
    membership.refresh_from_db()
    assert membership.role == "viewer"
    entry = AuditEntry.objects.filter(action="membership.role").get()
    assert entry.subject == str(membership.public_id)
    assert entry.detail == {"role": "viewer"}


@pytest.mark.django_db
def test_the_last_admin_cannot_be_removed(as_admin_a, admin_a):
    membership = Membership.objects.get(user=admin_a.user)
    as_admin_a.post(reverse("accounts:membership_end", args=[membership.public_id]), {"confirm": "yes"})
    membership.refresh_from_db()
    assert membership.is_active is True


@pytest.mark.django_db
def test_a_removed_member_loses_access(as_admin_a, as_caseworker_a, caseworker_a):
    membership = Membership.objects.get(user=caseworker_a.user)
    as_admin_a.post(reverse("accounts:membership_end", args=[membership.public_id]), {"confirm": "yes"})
    assert as_caseworker_a.get(org_url(caseworker_a)).status_code == 404


@pytest.mark.django_db
def test_the_members_page_costs_a_fixed_number_of_queries(as_admin_a, admin_a, org_a, django_assert_num_queries):
    from tests.conftest import make_persona

    for i in range(5):
        make_persona(email=f"member{i}@a.example.org", organisation=org_a, role="viewer")
    url = org_url(admin_a)
    as_admin_a.get(url)  # warm the session
    with django_assert_num_queries(11):  # 10, and the navigation's roles
        assert as_admin_a.get(url).status_code == 200

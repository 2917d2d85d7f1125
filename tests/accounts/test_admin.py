"""The Django admin cannot change accounts behind the services' backs (issue 12)."""

import pytest
from django.urls import reverse

from harbour.accounts.models import Membership, User
from harbour.core.admin_site import admin_site
from harbour.core.models import AuditEntry
from tests.conftest import verified_client


@pytest.fixture
def as_superuser(admin_a):
    User.objects.filter(pk=admin_a.user.pk).update(is_staff=True, is_superuser=True)
    admin_a.user.refresh_from_db()
    return verified_client(admin_a)


@pytest.mark.django_db
@pytest.mark.parametrize("model", [User, Membership])
def test_no_admin_user_may_add_change_or_delete_accounts(model, rf, admin_a):
    request = rf.get("/")
    request.user = admin_a.user
    model_admin = admin_site._registry[model]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


@pytest.mark.django_db
def test_a_superuser_cannot_change_a_membership_in_the_admin(as_superuser, caseworker_a):
    membership = Membership.objects.get(user=caseworker_a.user)
    url = reverse("admin:accounts_membership_change", args=[membership.pk])
    before = AuditEntry.objects.count()
    response = as_superuser.post(url, {"user": membership.user_id, "organisation": membership.organisation_id,
                                       "role": "admin", "is_active": ""})
    assert response.status_code == 403
    membership.refresh_from_db()
    assert (membership.role, membership.is_active) == ("caseworker", True)
    assert AuditEntry.objects.count() == before
    assert as_superuser.get(url).status_code == 200  # looking is allowed


@pytest.mark.django_db
def test_a_superuser_cannot_make_someone_superuser_in_the_admin(as_superuser, caseworker_a):
    url = reverse("admin:accounts_user_change", args=[caseworker_a.user.pk])
    response = as_superuser.post(url, {"email": caseworker_a.user.email, "is_superuser": "on", "is_staff": "on",
                                       "is_active": "on", "language": "en"})
    assert response.status_code == 403
    caseworker_a.user.refresh_from_db()
    assert not caseworker_a.user.is_superuser

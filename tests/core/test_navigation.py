"""The staff navigation registry: links are filtered by the viewer's roles."""

from types import SimpleNamespace

import pytest

from harbour.core import navigation


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(navigation, "_links", {})
    monkeypatch.setattr(navigation, "_role_resolver", lambda user: user.roles)
    navigation.register(navigation.StaffLink(key="home", label="Home", url_name="accounts:dashboard", order=1))
    navigation.register(navigation.StaffLink(key="admin-only", label="Admin", url_name="accounts:dashboard",
                                             roles=frozenset({"admin"}), order=2))
    navigation.register(navigation.StaffLink(key="broken", label="Broken", url_name="no-such-url", order=3))


def user(*roles):
    return SimpleNamespace(is_authenticated=True, roles=roles)


def test_member_without_the_role_does_not_see_the_link(registry):
    assert [link.key for link, _ in navigation.links_for(user("caseworker"))] == ["home"]


def test_admin_sees_admin_links_in_order(registry):
    assert [link.key for link, _ in navigation.links_for(user("admin"))] == ["home", "admin-only"]


def test_anonymous_and_roleless_users_see_nothing(registry):
    assert navigation.links_for(SimpleNamespace(is_authenticated=False)) == []
    assert navigation.links_for(user()) == []


def test_registering_the_same_key_replaces_it(registry):
    navigation.register(navigation.StaffLink(key="home", label="Start", url_name="accounts:dashboard", order=1))
    assert [link.label for link in navigation.registered()][0] == "Start"

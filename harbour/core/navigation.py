"""The staff site's one navigation, filled by the apps that own the pages.

Core sits above every app (DESIGN.md's order), so it cannot know their URLs or roles. Each
app registers its staff links in its `AppConfig.ready()`; accounts registers the function
that says which membership roles a user holds. Templates ask `links_for(user)` and show only
what that user's roles allow.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class StaffLink:
    """One entry of the staff navigation.

    `key` is unique and stable (tests name links by it); `label` is a lazy translatable
    string; `url_name` is a URL name without arguments; `roles` holds the membership role
    codes (e.g. "admin", "caseworker") that may see it, or is empty for every member;
    `order` sorts the entries (smaller first).
    """

    key: str
    label: object
    url_name: str
    roles: frozenset[str] = frozenset()
    order: int = 100


_links: dict[str, StaffLink] = {}
_role_resolver: Callable[[object], Iterable[str]] | None = None


def register(link: StaffLink) -> None:
    """Add `link`, or replace the one with the same key (app reloads in tests are harmless)."""
    _links[link.key] = link


def set_role_resolver(resolver: Callable[[object], Iterable[str]]) -> None:
    """Tell the navigation how to find a user's active membership roles (accounts does this)."""
    global _role_resolver
    _role_resolver = resolver


def registered() -> list[StaffLink]:
    """Every registered link, in display order."""
    return sorted(_links.values(), key=lambda link: (link.order, link.key))


def links_for(user) -> list[tuple[StaffLink, str]]:
    """The links `user` may follow, as (link, url) pairs in display order; empty if anonymous."""
    if user is None or not getattr(user, "is_authenticated", False) or _role_resolver is None:
        return []
    roles = set(_role_resolver(user))
    if not roles:
        return []
    visible = []
    for link in registered():
        if link.roles and not (link.roles & roles):
            continue
        try:
            visible.append((link, reverse(link.url_name)))
        except NoReverseMatch:
            continue
    return visible

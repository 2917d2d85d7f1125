"""Every staff page is reachable from the dashboard by links, for every role allowed to see it.

The world is every app's own demo data (the `demo.load` each app offers to `make run`), so a
new app that registers its staff pages and ships demo data is covered without editing this
file. A page counts as *allowed* for a role when its address answers 200 to that role; it
must then be reachable by following links from the dashboard as that role.
"""

import re
from collections import defaultdict
from html.parser import HTMLParser
from importlib import import_module
from io import StringIO
from urllib.parse import urljoin, urlparse
from uuid import uuid4

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from harbour.accounts.models import Membership, Network
from harbour.accounts.selectors import NETWORK_COORDINATOR
from tests.conftest import make_persona

DASHBOARD = "/staff/"
# Following a few pages of each kind proves the kind is linked; more only costs time.
PER_PAGE_KIND = 2
SAMPLE_ARGUMENT = {"uuid": lambda: str(uuid4()), "int": lambda: "1", "slug": lambda: "x",
                   "str": lambda: "x", "path": lambda: "x"}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def internal_codes() -> set[str]:
    """Every choice value of Harbour's models and the firewall's data categories: codes the
    database holds, which staff must see as labels."""
    from harbour.firewall.policy import CATEGORIES

    codes = set(CATEGORIES)
    for model in apps.get_models():
        if model.__module__.startswith("harbour."):
            for field in model._meta.get_fields():
                for value, _label in getattr(field, "choices", None) or []:
                    if isinstance(value, str) and len(value) > 2 and value.islower():
                        codes.add(value)
    return codes


def codes_shown(text: str, codes: set[str]) -> list[str]:
    """Codes shown raw: any code with an underscore as a word, or two codes joined by a comma."""
    found = [code for code in codes if "_" in code and re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text)]
    alternatives = "|".join(re.escape(code) for code in sorted(codes, key=len, reverse=True))
    found += re.findall(rf"\b(?:{alternatives}), (?:{alternatives})\b", text)
    return found


def _links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def _is_staff_page(path: str) -> bool:
    return path.startswith("/staff/") and not path.startswith("/staff/admin/")


def _staff_patterns(patterns=None, prefix="", namespace=""):
    """(view name, route, view) for every staff URL in the URL configuration."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _staff_patterns(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            route = "/" + prefix + str(entry.pattern)
            if _is_staff_page(route) and entry.name:
                yield f"{namespace}{entry.name}", route, entry.callback


def _sample_path(route: str) -> str:
    return re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_ARGUMENT[m.group(1) or "str"](), route)


def _verified(user) -> Client:
    client = Client()
    client.force_login(user, backend="harbour.accounts.backends.LockoutAwareBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.filter(user=user, confirmed=True).first().persistent_id
    session.save()
    return client


def _name(path: str) -> str:
    return resolve(urlparse(path).path).view_name


def _crawl(client, texts: dict[str, str] | None = None) -> dict[str, set[str]]:
    """Pages reached from the dashboard by following links: view name -> paths answering 200.
    Each page's visible text goes into `texts` (path -> text) if given."""
    reached: dict[str, set[str]] = defaultdict(set)
    queue, visited = [DASHBOARD], set()
    while queue:
        path = queue.pop(0)
        if path in visited:
            continue
        visited.add(path)
        response = client.get(path)
        if response.status_code in (301, 302, 303):
            # A page that forwards (e.g. to her only inbox) is reached, and links on.
            reached[_name(path)].add(path)
            hrefs = [response["Location"]]
        elif response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        else:
            reached[_name(path)].add(path)
            hrefs = _links(response.content.decode())
            if texts is not None:
                texts[path] = visible_text(response.content.decode())
        for href in hrefs:
            url = urlparse(urljoin(path, href))
            if url.netloc and url.netloc != "testserver":
                continue
            # The query is kept: some pages need it (which claim to withdraw).
            target = url.path + (f"?{url.query}" if url.query else "")
            if not _is_staff_page(url.path) or target in visited:
                continue
            try:
                name = resolve(url.path).view_name
            except Resolver404:
                continue
            if sum(_name(p) == name for p in queue) + len(reached.get(name, ())) < PER_PAGE_KIND:
                queue.append(target)
    return reached


@pytest.fixture
def demo_world(db):
    for config in apps.get_app_configs():
        if config.name.startswith("harbour."):
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.demo":
                    raise
                continue
            module.load(StringIO())
    import_module("harbour.referrals.demo_intelligence").load(StringIO())  # as demo_data does


@pytest.fixture
def people(demo_world) -> dict[str, Client]:
    """A verified client per role and organisation of the demo (a new member where the demo
    has none of a role), and a network coordinator."""
    clients = {}
    for membership in Membership.objects.filter(is_active=True).select_related("user", "organisation"):
        clients.setdefault(f"{membership.role} of {membership.organisation}", _verified(membership.user))
    first_admin = Membership.objects.filter(role=Membership.Role.ADMIN, is_active=True).first()
    for role in Membership.Role.values:
        if not Membership.objects.filter(role=role, is_active=True).exists():
            persona = make_persona(email=f"{role}@nav.example.org", organisation=first_admin.organisation, role=role)
            clients[f"{role} of {first_admin.organisation}"] = _verified(persona.user)
    coordinator = Network.objects.filter(coordinators__isnull=False).first().coordinators.first()
    clients[NETWORK_COORDINATOR] = _verified(coordinator)
    return clients


@pytest.mark.django_db
def test_every_staff_page_is_reachable_by_links_for_every_role_that_may_see_it(people):
    texts: dict[str, str] = {}
    reached = {role: _crawl(client, texts) for role, client in people.items()}
    any_client = next(iter(people.values()))

    # 1. Every staff page in the URL configuration is reached by someone.
    reached_names = set().union(*(r.keys() for r in reached.values()))
    orphans = []
    for name, route, view in _staff_patterns():
        if getattr(view, "harbour_audience", None) == "staff_login" or name in reached_names:
            continue
        if any_client.get(_sample_path(route)).status_code == 405:
            continue  # an action (POST only), not a page
        orphans.append(f"{name} ({route})")
    assert orphans == [], "staff pages no role reaches by links from the dashboard (or no demo data shows them)"

    # 2. A page a role may open, that role can reach by links.
    all_paths = {path for r in reached.values() for paths in r.values() for path in paths}
    unreachable = []
    for role, client in people.items():
        for path in sorted(all_paths):
            name = _name(path)
            if name not in reached[role] and client.get(path).status_code in (200, 302):
                unreachable.append(f"{role}: {name} ({path})")
    assert unreachable == [], "\n".join(unreachable)

    # 3. No page she reaches shows an internal code where a label belongs (issue 9.6).
    codes = internal_codes()
    raw = {path: codes_shown(text, codes) for path, text in texts.items()}
    assert {path: found for path, found in raw.items() if found} == {}


@pytest.mark.django_db
def test_navigation_shows_each_role_only_its_links(as_admin_a, org_a):
    trainer = make_persona(email="trainer@a.example.org", organisation=org_a, role=Membership.Role.TRAINER)
    html = _verified(trainer.user).get(DASHBOARD).content.decode()
    assert 'aria-label="Staff pages"' in html
    assert 'href="/staff/help/"' not in html
    admin_html = as_admin_a.get(DASHBOARD).content.decode()
    for path in ("/staff/help/", "/staff/directory/", "/staff/firewall/", "/staff/organisations/"):
        assert f'href="{path}"' in admin_html


@pytest.mark.django_db
def test_the_navigation_is_hidden_before_the_second_factor(client, admin_a):
    client.post("/staff/login/", {"email": admin_a.user.email, "password": admin_a.password})
    assert 'aria-label="Staff pages"' not in client.get("/staff/login/verify/").content.decode()


@pytest.mark.django_db
def test_the_current_section_is_marked_and_home_only_on_itself(as_admin_a, org_a):
    def current(path):
        html = as_admin_a.get(path).content.decode()
        return re.findall(r'<a href="([^"]+)" aria-current="page">', html)

    assert current("/staff/") == ["/staff/"]
    assert current(f"/staff/organisations/{org_a.public_id}/") == ["/staff/organisations/"]
    assert current("/staff/account/password/") == []

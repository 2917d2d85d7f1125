"""Every view declares who may see it (STYLE habit 11)."""

from django.urls import URLPattern, URLResolver, get_resolver

from harbour.core.audience import AUDIENCES

# Views Harbour does not write; each is guarded elsewhere.
EXEMPT_PREFIXES = ("django.views.static", "django.contrib.staticfiles")


def walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def test_every_harbour_view_declares_its_audience():
    undeclared = []
    for route, view in walk(get_resolver().url_patterns):
        module = getattr(view, "__module__", "") or ""
        # The admin has its own guard (OTPAdminSite); API operations declare auth in the API.
        if module.startswith(EXEMPT_PREFIXES) or route.startswith(("staff/admin/", "api/")):
            continue
        if getattr(view, "harbour_audience", None) not in AUDIENCES:
            undeclared.append(f"{route} -> {module}.{getattr(view, '__name__', view)}")
    assert undeclared == []


def test_staff_views_are_only_under_the_staff_prefix():
    misplaced = [route for route, view in walk(get_resolver().url_patterns)
                 if getattr(view, "harbour_audience", None) == "staff" and not route.startswith("staff/")]
    assert misplaced == []

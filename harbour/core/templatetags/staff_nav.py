"""The staff navigation in templates: `{% staff_links as links %}` in staff/base.html."""

from django import template

from harbour.core import navigation
from harbour.core.languages import staff_language_choices

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_links(context) -> list[dict]:
    """The links the viewer may follow, as dicts {key, label, url, current}; `current` marks
    the link of this page or of the section it is in (aria-current="page")."""
    request = context.get("request")
    user = getattr(request, "user", None) if request is not None else context.get("user")
    # Between the password and the second factor nothing but the login steps is open.
    is_verified = getattr(user, "is_verified", None)
    if is_verified is None or not is_verified():
        return []
    links = navigation.links_for(user)
    path = request.path if request is not None else ""
    urls = [url for _, url in links]
    # A link that is a prefix of other links (the dashboard, "/staff/") is current only on
    # its own page; the others also for the pages beneath them.
    best = max((url for url in urls if path == url or (
        path.startswith(url) and not any(other != url and other.startswith(url) for other in urls))),
        key=len, default=None)
    return [{"key": link.key, "label": link.label, "url": url, "current": url == best}
            for link, url in links]


@register.simple_tag
def staff_languages() -> list[tuple[str, str]]:
    """`{% staff_languages as languages %}`: the staff navigation's language switch offers
    settings.STAFF_LANGUAGES, each named in itself ([(code, endonym)])."""
    return staff_language_choices()


@register.simple_tag(takes_context=True)
def staff_language_repost(context) -> list[tuple[str, str]] | None:
    """`{% staff_language_repost as repost %}`: on a page answering a form, what the language
    switch sends back to keep it (core.staff_language.repost_fields); None elsewhere."""
    from harbour.core.staff_language import repost_fields

    return repost_fields(context.get("request"))

"""The staff navigation in templates: `{% staff_links as links %}` in staff/base.html."""

from django import template

from harbour.core import navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_links(context) -> list[dict]:
    """The links the viewer may follow, as dicts {key, label, url, current}; `current` is
    true for the link whose address is the longest prefix of this page's path."""
    request = context.get("request")
    user = getattr(request, "user", None) if request is not None else context.get("user")
    # Between the password and the second factor nothing but the login steps is open.
    is_verified = getattr(user, "is_verified", None)
    if is_verified is None or not is_verified():
        return []
    links = navigation.links_for(user)
    path = request.path if request is not None else ""
    best = max((url for _, url in links if path.startswith(url)), key=len, default=None)
    return [{"key": link.key, "label": link.label, "url": url, "current": url == best}
            for link, url in links]

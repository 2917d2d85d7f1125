from functools import lru_cache
from urllib.parse import unquote, urlsplit, urlunsplit

from django import template
from django.conf import settings
from django.urls import (
    NoReverseMatch,
    Resolver404,
    get_script_prefix,
    get_urlconf,
    resolve,
    reverse,
)
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, override

from harbour.core import recall
from harbour.core.formats import her_date, her_datetime, her_time
from harbour.core.numbers import LTR_TOKEN, her_digits, her_list, her_number

register = template.Library()


@register.simple_tag(takes_context=True)
def other_language_url(context, code: str) -> str:
    """This page's address in another language (a plain link: no cookie, no JavaScript)."""
    request = context.get("request")
    # Error pages do not echo the address that was asked for: their links go home.
    if request is None or context.get("is_error_page"):
        return f"/{code}/"
    return _translated_path(request, code)


def _translated_path(request, code: str) -> str:
    """django.urls.translate_url(request.path, code), with the path resolved once per request
    rather than once per language: the language switch asks for every language (16 resolves
    were a tenth of a page's CPU, docs/benchmarks.md, issue 11)."""
    path = request.path
    parsed = urlsplit(path)
    key = (path, get_language())
    memo = getattr(request, "_harbour_page_match", None)
    if memo is None or memo[0] != key:
        try:
            # Resolved as translate_url does: in the page's language, the path unquoted.
            memo = (key, resolve(unquote(parsed.path)))
        except Resolver404:
            memo = (key, None)
        request._harbour_page_match = memo
    match = memo[1]
    if match is None:
        return path
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    if match.args or match.kwargs:
        translated = _reverse_in(code, name, match.args, match.kwargs)
    else:
        # A page without arguments has the same address in each language for every request:
        # kept (bounded by the URL names times the languages). Never a page with an id in it.
        translated = _reverse_plain(code, name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    if translated is None:
        return path
    # The address's only parameter that goes with it: the opaque token of a kept search
    # (harbour.core.recall), so that her results, or the way back to them, survive the switch.
    token = request.GET.get("r", "")
    query = recall.query(token) if recall.well_formed(token) else ""
    return urlunsplit((parsed.scheme, parsed.netloc, translated, query, parsed.fragment))


def _reverse_in(code: str, name: str, args, kwargs) -> str | None:
    with override(code):
        try:
            return reverse(name, args=args, kwargs=kwargs)
        except NoReverseMatch:
            return None


@lru_cache(maxsize=2048)
def _reverse_plain(code: str, name: str, _script_prefix: str, _urlconf) -> str | None:
    return _reverse_in(code, name, (), {})


@register.filter
def herdate(value, length: str = "long") -> str:
    """{{ day|herdate }}: harbour.core.formats.her_date in the page's language."""
    return her_date(value, length)


@register.filter
def herdatetime(value, date_skeleton: str = "yMMMEd") -> str:
    """{{ when|herdatetime }}: harbour.core.formats.her_datetime in the page's language."""
    return her_datetime(value, date_skeleton)


@register.filter
def hertime(value) -> str:
    """{{ when|hertime }}: harbour.core.formats.her_time (24-hour, her digits)."""
    return her_time(value)


@register.filter
def hernumber(value) -> str:
    """{{ count|hernumber }}: harbour.core.numbers.her_number in the page's language: her
    grouping and decimal symbols and her digits. Never for codes, phone numbers or postcodes."""
    return her_number(value)


@register.filter(is_safe=True)
def herdigits(value):
    """{{ text|herdigits }} or {% filter herdigits %}{% blocktranslate count n=... %}...{% endfilter %}:
    the ASCII digits of an already written sentence (a count inside a plural, "Question 2 of 9")
    in her digits (harbour.core.numbers.her_digits); markup and character references untouched.
    Only around text whose digits are all counts, dates or figures, never codes or phone numbers."""
    return her_digits(value)


@register.filter
def herlist(items, style: str = "standard") -> str:
    """{{ labels|herlist }}: the items joined by her language's list pattern ("a, b and c",
    "a، b، او c"), each escaped (harbour.core.numbers.her_list)."""
    return her_list(items or [], style=style)


@register.filter
def ltr(value) -> str:
    """`value` (any text: a code, reference, phone number, e-mail address, URL, postcode or a
    date written in digits) isolated and laid out left to right, whatever the page's direction
    (UAX #9, section 6.3; HTML's `bdi` element). Without `dir="ltr"` a run with no strong
    letter ("١٢٣٤ ٥٦٧٨", "2026-05-01") takes an Arabic page's direction and its groups read
    from the right. Returns safe HTML: `<bdi dir="ltr">value</bdi>`, the value escaped; an
    empty value (None or "") stays empty."""
    if value in (None, ""):
        return ""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.filter
def ltr_tokens(text):
    """`text` (plain or safe HTML) with every token like "2026-Q2", "2026-05" or "14:30"
    (harbour.core.numbers.LTR_TOKEN) in `<bdi dir="ltr" class="token">`: isolated and laid out
    left to right in a right-to-left sentence (UAX #9), and kept on one line (.token in
    harbour.css), since a line break at its hyphen leaves "-2026" above "05". Returns safe
    HTML; plain text is escaped first."""
    return mark_safe(LTR_TOKEN.sub(  # noqa: S308 (escaped first; a token is \\w, - : /)
        lambda match: f'<bdi dir="ltr" class="token">{match.group(0)}</bdi>', str(conditional_escape(text))))

"""Find left-to-right tokens in templates that are not isolated left to right.

A code, reference, phone number, e-mail address, URL, key or a date written in digits is a
left-to-right run. Inside a right-to-left page it must be isolated *and* laid out left to
right (UAX #9, section 6.3; STYLE.md habit 13): `<bdi dir="ltr">`, an element of its own with
`dir="ltr"`, or the `ltr` filter. An element without `dir` takes the page's direction, so
"١٢٣٤ ٥٦٧٨" (Arabic-Indic digits have no strong direction) reads from the right in Arabic;
a bare `<bdi>` takes the direction of the token's first strong letter, which for an e-mail
address or a reference may be an Arabic one.

`unisolated(text)` reads a template's source: `{{ ... }}` become markers, `{% ... %}` tags
vanish (both branches of an `if` are read, which only adds elements), and every marker in
text (never in an attribute) whose variable names such a token must sit, at its nearest
ancestor carrying `dir`, under `dir="ltr"`.
"""

import re
from html.parser import HTMLParser

# The last name of a variable (`case.reference`, `code`, `p`) that holds a left-to-right token.
LTR_NAMES = re.compile(
    r"(^|_)(code|codes|reference|email|phone|phones|url|link|secret|key|fingerprint|token|prefix|"
    r"shown_once|number|certificate)$")
# Filters that write a date or time in digits only ("2026-05-01", "14:30").
DIGIT_DATE = re.compile(r'\|date:"[YmdHisjnGy/:. -]+"')
# Filters that already isolate left to right, or write her locale's digits and words (a count,
# a date in words), which follow the page's direction.
ISOLATED_FILTERS = re.compile(r"\|\s*(ltr|hernumber|herdate|herdatetime|herdigits)\b")
# A bound form field renders a widget: its direction is in the widget's attributes.
WIDGET = re.compile(r"^\w*form\.")
# Elements whose text cannot hold markup (the browser or the form isolates them itself).
PLAIN_TEXT_ELEMENTS = {"title", "option", "textarea", "script", "style"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
MARKER = re.compile(r"\x00(\d+)\x00")


def needs_ltr(expression: str) -> bool:
    """True when `{{ expression }}` shows a left-to-right token by its name or its filter."""
    if ISOLATED_FILTERS.search(expression):
        return False
    head = expression.split("|")[0].strip()
    if WIDGET.match(head):
        return False
    last = head.split(".")[-1]
    return bool(LTR_NAMES.search(last)) or bool(DIGIT_DATE.search(expression))


class _Walker(HTMLParser):
    def __init__(self, expressions: list[str]):
        super().__init__(convert_charrefs=True)
        self.expressions = expressions
        self.stack: list[tuple[str, str | None]] = []
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        # A code shown in an element of its own (`<code>`, class "code"/"codes") is laid out
        # left to right; text she typed (class "typed") says its direction, "auto" for
        # free text in any script.
        if (tag == "code" or {"code", "codes"} & set(classes)) and attributes.get("dir") != "ltr":
            self.found.append(f"<{tag} class={' '.join(classes)!r}> without dir=\"ltr\"")
        if "typed" in classes and attributes.get("dir") not in ("ltr", "auto"):
            self.found.append(f"<{tag} class=\"typed\"> without dir")
        if tag in VOID:
            return
        self.stack.append((tag, attributes.get("dir")))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        for match in MARKER.finditer(data):
            expression = self.expressions[int(match.group(1))]
            if not needs_ltr(expression):
                continue
            if any(tag in PLAIN_TEXT_ELEMENTS for tag, _ in self.stack):
                continue
            direction = next((d for _, d in reversed(self.stack) if d is not None), None)
            if direction != "ltr":
                self.found.append(expression)


def unisolated(text: str) -> list[str]:
    """The expressions (`case.reference`, `code`) of `text`, a template's source, that show a
    left-to-right token without a `dir="ltr"` around it. Returns them in order of appearance."""
    expressions: list[str] = []

    def mark(match):
        expressions.append(match.group(1).strip())
        return f"\x00{len(expressions) - 1}\x00"

    # Inside blocktranslate, `with name=value` makes `{{ name }}` stand for `value`.
    def expand_blocktranslate(match):
        aliases = dict(re.findall(r"(\w+)=(\S+)", match.group(1)))
        body = re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: "{{ " + aliases.get(m.group(1), m.group(1)) + " }}",
                      match.group(2))
        return body

    # A page's title is plain text (no markup can isolate anything in it).
    text = re.sub(r"\{%\s*block title\s*%\}.*?\{%\s*endblock\s*%\}", "", text, flags=re.S)
    text = re.sub(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", "", text, flags=re.S)
    text = re.sub(r"\{%\s*blocktranslate\b([^%]*)%\}(.*?)\{%\s*endblocktranslate\s*%\}", expand_blocktranslate,
                  text, flags=re.S)
    text = re.sub(r"\{\{(.*?)\}\}", mark, text, flags=re.S)
    text = re.sub(r"\{%.*?%\}", "", text, flags=re.S)
    walker = _Walker(expressions)
    walker.feed(text)
    walker.close()
    return walker.found

"""Markup faults a woman meets: two fields with one name or id, labels and descriptions that
point at nothing, English left on a translated page, fields the browser may remember.

`markup_faults(html)` reads one page with the standard library's parser and returns plain
sentences, one per fault, so a failing test says what is wrong where.
"""

from collections import Counter
from html.parser import HTMLParser

# Inputs whose value is chosen, never typed: autofill cannot keep anything of hers from them.
CHOSEN = {"hidden", "radio", "checkbox", "submit", "button", "reset", "image", "file", "range", "color"}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.label_targets: list[str] = []
        self.described_by: list[tuple[str, str]] = []
        self.forms: list[dict] = []  # one per <form>: its field names and whether it says autocomplete=off
        self.fields_outside: list[tuple[str, str]] = []
        self.typed_fields: list[tuple[str, dict, dict | None]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.append(attributes["id"] or "")
        if tag == "label" and attributes.get("for"):
            self.label_targets.append(attributes["for"])
        for target in (attributes.get("aria-describedby") or "").split():
            self.described_by.append((tag, target))
        for target in (attributes.get("aria-labelledby") or "").split():
            self.described_by.append((tag, target))
        if tag == "form":
            self.forms.append({"names": [], "autocomplete": attributes.get("autocomplete", "")})
        if tag in ("input", "select", "textarea") and attributes.get("name"):
            kind = (attributes.get("type") or "text").lower() if tag == "input" else tag
            form = self.forms[-1] if self.forms else None
            if form is not None and kind not in ("radio", "checkbox", "submit", "button"):
                form["names"].append((attributes["name"], kind))
            if tag == "textarea" or (tag == "input" and kind not in CHOSEN):
                self.typed_fields.append((attributes["name"], attributes, form))


def markup_faults(html: str) -> list[str]:
    """Every duplicate id, duplicate field name in one form, and label or description
    pointing at no element, as sentences."""
    page = _Page()
    page.feed(html)
    ids = Counter(page.ids)
    faults = [f"id {name!r} is used {count} times" for name, count in ids.items() if count > 1]
    faults += [f"a label points at {target!r}, which no element has" for target in page.label_targets
               if target not in ids]
    faults += [f"<{tag}> is described by {target!r}, which no element has" for tag, target in page.described_by
               if target not in ids]
    for number, form in enumerate(page.forms, start=1):
        # Hidden fields may repeat a name (a list of values); a field she fills in must be alone.
        names = Counter(name for name, _kind in form["names"])
        typed = {name for name, kind in form["names"] if kind != "hidden"}
        faults += [f"form {number} has {names[name]} fields named {name!r}" for name in sorted(typed)
                   if names[name] > 1]
    return faults


def remembered_fields(html: str) -> list[str]:
    """Names of fields she types into that the browser may keep for autofill."""
    page = _Page()
    page.feed(html)
    remembered = []
    for name, attributes, form in page.typed_fields:
        own = (attributes.get("autocomplete") or "").lower()
        if own == "off" or (not own and form is not None and form["autocomplete"].lower() == "off"):
            continue
        remembered.append(name)
    return remembered

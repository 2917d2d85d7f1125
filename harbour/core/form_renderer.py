"""The form renderer: Django's own widget templates, with the commonest ones written in Python.

Rendering a widget through Django's templates costs about 0.2 ms, and a <select> one template
include per option: the directory search's "Or pick a place" list (116 places) cost 12 ms of
CPU per page, a third of the whole request (docs/benchmarks.md, issue 11). `QuickRenderer`
renders `<input>` widgets and `<select>` widgets with plain options from the context Django
builds for them (so selection, ids, `aria-*` and `required` are Django's own), producing the
same characters as the templates `django/forms/widgets/input.html`, `select.html`,
`select_option.html` and `attrs.html` of the pinned Django version, and an empty error list
(every field's `{{ field.errors }}`) as the empty string its templates give; tests/core/
test_form_renderer.py compares the two, widget by widget. Any other template, a widget with
its own option template, or a template an app overrides goes through the template engine as
before. config/settings.py installs it as FORM_RENDERER.
"""

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"
INPUT_TEMPLATES = frozenset(WIDGETS + name for name in (
    "input.html", "text.html", "number.html", "email.html", "url.html", "password.html", "hidden.html",
    "checkbox.html", "date.html", "datetime.html", "time.html", "search.html", "tel.html", "color.html",
    "file.html"))
SELECT_TEMPLATE = WIDGETS + "select.html"
OPTION_TEMPLATE = WIDGETS + "select_option.html"
ERRORS = "django/forms/errors/"
ERROR_TEMPLATES = frozenset(ERRORS + kind + name for kind in ("list", "dict") for name in ("/default.html", "/ul.html"))

# How a template shows a value: localised, then escaped unless already safe.
_PLAIN = Context(autoescape=True)


def _shown(value) -> str:
    """`{{ value }}` in a template."""
    return render_value_in_context(value, _PLAIN)


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}` in a template (the filter keeps a safe value safe)."""
    try:
        text = "%s" % (str(value) if isinstance(value, tuple) else value)
    except (TypeError, ValueError):
        return ""
    return conditional_escape(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308 (the filter keeps safe input safe)


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {_shown(name)}" if value is True else f' {_shown(name)}="{_formatted(value)}"'
        for name, value in attrs.items() if value is not False)


def render_input(widget: dict) -> str:
    """django/forms/widgets/input.html for a widget context (`widget`: the "widget" dict)."""
    value = f' value="{_formatted(widget["value"])}"' if widget["value"] != None else ""  # noqa: E711 (the template's test)
    return f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def render_select(widget: dict) -> str | None:
    """django/forms/widgets/select.html with select_option.html, or None when an option has a
    template of its own (the caller then uses the templates)."""
    parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            parts.append(f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                         f'{_shown(option["label"])}</option>\n')
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class QuickRenderer(DjangoTemplates):
    """Django's DjangoTemplates form renderer, with input and select widgets rendered in Python
    and empty error lists rendered as nothing (module docstring). Output is identical; only
    the CPU differs."""

    def __init__(self):
        super().__init__()
        self._own: dict[str, bool] = {}

    def _is_djangos(self, template_name: str) -> bool:
        """True when `template_name` and the templates it includes resolve to Django's own
        files, not an app's override."""
        own = self._own.get(template_name)
        if own is None:
            own = all("/django/forms/templates/" in self.get_template(name).origin.name.replace("\\", "/")
                      for name in (template_name, *_INCLUDED[template_name]))
            self._own[template_name] = own
        return own

    def render(self, template_name, context, request=None):
        if template_name in _INCLUDED and self._is_djangos(template_name):
            if template_name in INPUT_TEMPLATES:
                return mark_safe(render_input(context["widget"]))  # noqa: S308 (every part escaped above)
            if template_name == SELECT_TEMPLATE:
                html = render_select(context["widget"])
                if html is not None:
                    return mark_safe(html)  # noqa: S308 (every part escaped above)
            elif template_name in ERROR_TEMPLATES and not context["errors"]:
                return ""  # the templates begin {% if errors %}
        return super().render(template_name, context, request=request)


# The templates each quick one stands for: it is used only while all are Django's own.
_ATTRS = WIDGETS + "attrs.html"
_INCLUDED = {
    **dict.fromkeys(INPUT_TEMPLATES, (WIDGETS + "input.html", _ATTRS)),
    SELECT_TEMPLATE: (OPTION_TEMPLATE, _ATTRS),
    **{ERRORS + kind + "/default.html": (ERRORS + kind + "/ul.html",) for kind in ("list", "dict")},
    **{ERRORS + kind + "/ul.html": () for kind in ("list", "dict")},
}

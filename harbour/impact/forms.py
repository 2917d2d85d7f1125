"""What staff and the public may type or ask for in impact, and the message each wrong answer
gets, in the reader's language. Every query parameter and form field of the app is read here:

- period (every page, /<lang>/figures.csv, GET /api/v1/figures): `period_from_text`;
- programme (dashboard, funder report, network), format (funder report, network), breakdown,
  threshold, rounding, months (figure page): `choice` and `threshold_from_text`;
- the publication form (`PublishForm`) and the outreach log (`OutreachForm`).
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from harbour.core.forms import HerDigitsMixin
from harbour.core.numbers import fold_digits
from harbour.impact import metrics
from harbour.impact.disclosure import FIRST_YEAR, DisclosureError, Period
from harbour.impact.models import OutreachActivity, held_on_error

# The highest threshold a reader may ask for: above it every cell of any table is hidden, and
# FigureCache keeps the threshold in a small integer.
MAXIMUM_THRESHOLD = 1000


class BadQuery(Exception):
    """A query parameter Harbour refuses; `message` is translated, for a 400 answer."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def period_message(error: DisclosureError, *, public: bool = False) -> str:
    """The reader's-language message for a refused period (`error` a PeriodError; `public` for
    the public page, CSV and API, where a period must also have ended)."""
    code = getattr(error, "code", "format")
    if code == "too_early":
        return _("Figures begin in %(year)s: choose a period from %(year)s onwards.") % {"year": FIRST_YEAR}
    if code == "not_started":
        return _("That period has not started yet: choose one that has.")
    if code == "running":
        return _("That period has not ended yet: public figures cover complete periods only.")
    if public:
        return _("A period is a year (2026), a quarter (2026-Q2) or a month (2026-05), and it must have ended.")
    return _("A period is a year (2026), a quarter (2026-Q2) or a month (2026-05).")


def choice(params, name: str, allowed, *, default: str = "") -> str:
    """The value of query parameter `name` in `params` (a QueryDict), `default` when absent or
    empty; raises BadQuery when it is not one of `allowed`."""
    value = params.get(name, "")
    if value == "":
        return default
    if value not in allowed:
        raise BadQuery(_CHOICE_MESSAGES[name]())
    return value


def only(params, allowed) -> None:
    """Refuse (BadQuery) any query parameter in `params` (a QueryDict) whose name is not in
    `allowed` (the names a page reads): a page never silently ignores what she asked for, such as
    ?format=doc on a page that has no export (issue 16, "Bad input")."""
    for name in params:
        if name not in allowed:
            raise BadQuery(_("This page has no “%(parameter)s” setting: leave it out.") % {"parameter": name})


_CHOICE_MESSAGES = {
    "programme": lambda: _("There is no such programme."),
    "format": lambda: _("Choose HTML, CSV, XLSX or PDF."),
    "breakdown": lambda: _("That figure cannot be broken down that way."),
    "rounding": lambda: _("Rounding is to 5 (rounding=5) or none: leave it out for exact figures."),
    "months": lambda: _("Month by month is on (months=1) or off: leave it out for the whole period."),
}


def threshold_from_text(text: str | None, *, floor: int) -> int | None:
    """The threshold asked for (people), None when not asked; raises BadQuery for anything but a
    whole number from `floor` (the deployment's threshold) to MAXIMUM_THRESHOLD, in any script's
    digits."""
    if text is None or text == "":
        return None
    text = fold_digits(text)
    if not text.isascii() or not text.isdigit():
        return _threshold_refused(floor)
    value = int(text)
    if value < floor:
        raise BadQuery(_("The threshold may not be lower than this deployment's (and never below 5)."))
    if value > MAXIMUM_THRESHOLD:
        return _threshold_refused(floor)
    return value


def _threshold_refused(floor: int):
    raise BadQuery(_("The threshold is a whole number of people from %(lowest)s to %(highest)s.") % {
        "lowest": floor, "highest": MAXIMUM_THRESHOLD})


class PublishForm(forms.Form):
    """An admin's choice to publish (1) or withdraw (0) one figure with one breakdown."""

    metric = forms.CharField(max_length=48)
    breakdown = forms.CharField(max_length=24)
    publish = forms.CharField(required=False)

    def clean_metric(self):
        value = self.cleaned_data["metric"]
        if value not in metrics.REGISTRY:
            raise forms.ValidationError(_("There is no such figure."))
        return value

    def clean_publish(self):
        value = self.cleaned_data["publish"]
        if value not in ("0", "1"):
            raise forms.ValidationError(_("Choose whether to publish this figure or to stop publishing it."))
        return value == "1"

    def clean(self):
        cleaned = super().clean()
        metric_id, breakdown = cleaned.get("metric"), cleaned.get("breakdown")
        if metric_id and breakdown is not None and breakdown not in metrics.get(metric_id).breakdowns:
            self.add_error("breakdown", _("That figure cannot be broken down that way."))
        return cleaned


class OutreachForm(HerDigitsMixin, forms.Form):
    """An outreach or advocacy activity: counts only, no names or notes."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind of activity"), choices=OutreachActivity.Kind.choices)
    held_on = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    people_reached = forms.IntegerField(label=gettext_lazy("People reached"), min_value=0, max_value=1_000_000,
                                        initial=0)
    organisations_reached = forms.IntegerField(label=gettext_lazy("Organisations reached"), min_value=0,
                                               max_value=100_000, initial=0)
    decision_makers_met = forms.IntegerField(label=gettext_lazy("Decision-makers met"), min_value=0,
                                             max_value=100_000, initial=0)

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        message = held_on_error(held_on)
        if message:
            raise forms.ValidationError(message)
        return held_on


def period_from_text(text: str, *, default: Period, today: datetime.date | None = None) -> Period:
    """The period named by `text` ("2026", "2026-Q2", "2026-05"; `default` when empty). Raises
    PeriodError (with its code) for a malformed one, one before FIRST_YEAR or one not started."""
    if not text:
        return default
    return Period.parse(text, today=today or timezone.localdate())

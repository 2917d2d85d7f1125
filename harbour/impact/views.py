"""Public figures (/<lang>/figures/ and /<lang>/figures.csv): only what organisations chose to
publish, for complete fixed periods only (a period still running would let two readings a day
apart be differenced), protected by harbour.impact.disclosure."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from harbour.core.audience import public
from harbour.impact import charts, exports, privacy, selectors
from harbour.impact.disclosure import DisclosureError, Period, PeriodError
from harbour.impact.figures import deployment_threshold
from harbour.impact.forms import period_message


def public_period_from(text: str) -> Period:
    """The complete period named by `text` ("" for the last complete quarter). Raises
    PeriodError (with its code: forms.period_message) for a malformed period, one before 2000,
    one that has not started, or one still running."""
    today = timezone.localdate()
    if not text:
        return selectors.public_period("quarter", today)
    period = Period.parse(text, today=today)
    if not period.is_complete(today):
        raise PeriodError("That period has not ended yet.", code="running")
    return period


def _bad(request, error):
    return render(request, "impact/figures.html", {"error": period_message(error, public=True), "figures": []},
                  status=400)


@public
@require_http_methods(["GET", "HEAD"])
def figures_page(request):
    try:
        period = public_period_from(request.GET.get("period", ""))
    except DisclosureError as error:
        return _bad(request, error)
    shown = selectors.published_figures(period)
    return render(request, "impact/figures.html", {
        "period": period, "figures": shown, "note": charts.suppression_note(deployment_threshold()),
        "noisy": privacy.public_releases(period),
        "previous": period.previous()})


@public
@require_http_methods(["GET", "HEAD"])
def figures_csv(request):
    try:
        period = public_period_from(request.GET.get("period", ""))
    except DisclosureError as error:
        return HttpResponse(period_message(error, public=True), status=400, content_type="text/plain; charset=utf-8")
    shown = [s for _org, s in selectors.published_figures(period)]
    text = exports.figures_csv(shown, note=charts.suppression_note(deployment_threshold()))
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="harbour-figures-{period}.csv"'
    return response

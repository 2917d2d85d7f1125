"""Staff pages for impact figures (/staff/impact/): an organisation's dashboard (any member), its
funder report (HTML, CSV, XLSX, PDF; audited), outreach log and publication choices (admins), and
a network coordinator's dashboard. Outsiders get the same 404 as a missing object; bad input (a
period in the future, an unknown figure or breakdown, a threshold under the floor) gets 400 with
the reason and nothing computed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from harbour.core.audience import post_only, staff
from harbour.impact import access, charts, exports, figures, forms, metrics, selectors, services
from harbour.impact.disclosure import DisclosureError, Period, PeriodError
from harbour.impact.models import OutreachActivity, Publication

FORMATS = ("html", "csv", "xlsx", "pdf")


def _period(request, default_kind: str = "quarter") -> Period:
    return forms.period_from_text(request.GET.get("period", ""), default=selectors.public_period(default_kind))


def _bad(request, message: str, *, programmes: bool = False):
    """The 400 page for a bad query: `message`, and the page's period box holding what she
    typed (and, where the page has one, the programme list), so that she corrects it there."""
    context = {"message": message}
    if request.method in ("GET", "HEAD"):
        context |= {"period": request.GET.get("period", ""), "period_form": True}
        if programmes:
            chosen = request.GET.get("programme", "")
            context |= {"programmes": metrics.PROGRAMMES,
                        "programme": chosen if chosen in metrics.PROGRAMMES else ""}
    return render(request, "impact/staff/bad_request.html", context, status=400)


def _period_error(error: DisclosureError) -> str:
    if isinstance(error, PeriodError):
        return forms.period_message(error)
    if isinstance(error, metrics.UnknownBreakdown):
        return _("That figure cannot be broken down that way.")
    if isinstance(error, metrics.UnknownMetric):
        return _("There is no such figure.")
    return _("The threshold may not be lower than this deployment's (and never below 5).")


@staff
@require_http_methods(["GET", "HEAD"])
def home(request):
    organisations = list(access.impact_organisations(request.user))
    networks = list(access.coordinated_networks(request.user))
    if not organisations and not networks:
        raise Http404
    if len(organisations) == 1 and not networks:
        return redirect("impact_staff:organisation", public_id=organisations[0].public_id)
    return render(request, "impact/staff/home.html", {"organisations": organisations, "networks": networks})


@staff
@require_http_methods(["GET", "HEAD"])
def organisation(request, public_id):
    org = access.access_impact_organisation(request.user, public_id)
    try:
        forms.only(request.GET, ("period", "programme"))
        period = _period(request)
        programme = forms.choice(request.GET, "programme", metrics.PROGRAMMES)
    except DisclosureError as error:
        return _bad(request, _period_error(error), programmes=True)
    except forms.BadQuery as error:
        return _bad(request, error.message, programmes=True)
    chosen = [m for m in metrics.REGISTRY.values() if not programme or m.programme == programme]
    shown = [selectors.organisation_figure(org, m.id, period) for m in chosen]
    published: dict[str, list] = {}
    for metric_id, breakdown in Publication.objects.filter(organisation=org).values_list("metric", "breakdown"):
        if breakdown in metrics.BREAKDOWNS:
            published.setdefault(metric_id, []).append(metrics.BREAKDOWNS[breakdown].label)
    shown = [(s, published.get(s.metric.id, [])) for s in shown]
    return render(request, "impact/staff/organisation.html", {
        "organisation": org, "period": period, "figures": shown, "programmes": metrics.PROGRAMMES,
        "programme": programme,
        "note": charts.suppression_note(shown[0][0].payload["threshold"]) if shown else "",
        "may_publish": _may(request.user, org, publish=True), "may_write": _may(request.user, org, for_write=True),
    })


def _may(user, org, **kwargs) -> bool:
    try:
        access.access_impact_organisation(user, org.public_id, **kwargs)
    except Http404:
        return False
    return True


@staff
@require_http_methods(["GET", "HEAD"])
def figure(request, public_id, metric_id):
    org = access.access_impact_organisation(request.user, public_id)
    try:
        metric = metrics.get(metric_id)
        forms.only(request.GET, ("period", "breakdown", "threshold", "rounding", "months"))
        period = _period(request)
        breakdown = forms.choice(request.GET, "breakdown", metric.breakdowns, default="total")
        threshold = forms.threshold_from_text(request.GET.get("threshold"),
                                              floor=figures.threshold_for(metric))
        rounding = forms.choice(request.GET, "rounding", ("5",)) == "5"
        by_month = forms.choice(request.GET, "months", ("1",)) == "1"
        shown = selectors.organisation_figure(org, metric.id, period, breakdown, threshold=threshold,
                                              rounding=rounding, by_month=by_month)
    except metrics.UnknownMetric:
        raise Http404 from None
    except DisclosureError as error:
        return _bad(request, _period_error(error))
    except forms.BadQuery as error:
        return _bad(request, error.message)
    return _figure_page(request, org, metric, period, shown)


def _figure_page(request, org, metric, period, shown, *, publish_form=None):
    return render(request, "impact/staff/figure.html", {
        "organisation": org, "period": period, "shown": shown, "metric": metric,
        "breakdowns": [metrics.BREAKDOWNS[b] for b in metric.breakdowns],
        "is_published": Publication.objects.filter(organisation=org, metric=metric.id,
                                                   breakdown=shown.payload["breakdown"]).exists(),
        "may_publish": _may(request.user, org, publish=True),
        "note": charts.suppression_note(shown.payload["threshold"]),
        "publish_errors": [e for errors in publish_form.errors.values() for e in errors] if publish_form else [],
    }, status=400 if publish_form else 200)


@staff
@post_only
def publish(request, public_id):
    org = access.access_impact_organisation(request.user, public_id, publish=True)
    form = forms.PublishForm(request.POST)
    if not form.is_valid():
        # Back to the figure she was looking at, with the reason; nothing saved.
        metric_id = request.POST.get("metric", "")
        if metric_id not in metrics.REGISTRY:
            return _bad(request, _("There is no such figure."))
        metric = metrics.get(metric_id)
        breakdown = request.POST.get("breakdown", "")
        period = selectors.public_period("quarter")
        shown = selectors.organisation_figure(org, metric.id, period,
                                              breakdown if breakdown in metric.breakdowns else "total")
        return _figure_page(request, org, metric, period, shown, publish_form=form)
    services.publication_set(acting_user=request.user, organisation=org, metric_id=form.cleaned_data["metric"],
                             breakdown=form.cleaned_data["breakdown"], publish=form.cleaned_data["publish"])
    messages.success(request, _("Publication choice saved."))
    return redirect("impact_staff:organisation", public_id=org.public_id)


@staff
@require_http_methods(["GET", "HEAD", "POST"])
def outreach(request, public_id):
    # Viewers read figures but keep no log: the page is not theirs (same 404 as an outsider).
    org = access.access_impact_organisation(request.user, public_id, for_write=True)
    form = forms.OutreachForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.outreach_activity_create(acting_user=request.user, organisation=org, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Activity logged."))
                return redirect("impact_staff:outreach", public_id=org.public_id)
        status = 400
    return render(request, "impact/staff/outreach.html", {
        "organisation": org, "form": form,
        "activities": OutreachActivity.objects.filter(organisation=org)[:100]}, status=status)


def _report_content(org, period, programme) -> tuple[list, str, str]:
    """The funder report's figures, suppression note and title, in the active language:
    (figures as selectors.organisation_figure returns them, note, title)."""
    chosen = [m for m in metrics.REGISTRY.values() if not programme or m.programme == programme]
    shown = []
    for metric in chosen:
        breakdown = metric.breakdowns[1] if len(metric.breakdowns) > 1 else "total"
        shown.append(selectors.organisation_figure(org, metric.id, period, breakdown))
    note = charts.suppression_note(shown[0].payload["threshold"]) if shown else ""
    title = _("Impact report of %(organisation)s for %(period)s") % {"organisation": org.name, "period": period}
    return shown, note, title


@staff
@require_http_methods(["GET", "HEAD"])
def report(request, public_id):
    """The funder report: ?period=2025 (or 2025-Q3, 2025-07), ?programme=training, ?format=."""
    org = access.access_impact_organisation(request.user, public_id)
    try:
        forms.only(request.GET, ("period", "programme", "format"))
        period = _period(request, "year")
        programme = forms.choice(request.GET, "programme", metrics.PROGRAMMES)
        export_format = forms.choice(request.GET, "format", FORMATS, default="html")
    except DisclosureError as error:
        return _bad(request, _period_error(error), programmes=True)
    except forms.BadQuery as error:
        return _bad(request, error.message, programmes=True)
    language_note = ""
    if export_format == "pdf" and exports.pdf_language(get_language()) != get_language():
        # The PDF's font draws Latin, Cyrillic and Greek only (exports.pdf_language): the whole
        # PDF is then in English, and says so; the HTML, CSV and XLSX stay in her language.
        with translation.override(exports.pdf_language(get_language())):
            shown, note, title = _report_content(org, period, programme)
            language_note = _("This PDF is in English: its font cannot yet draw your language's script. "
                              "The report on screen, CSV and XLSX are in your language.")
    else:
        shown, note, title = _report_content(org, period, programme)
    report_name = f"funder:{programme or 'all'}"
    services.report_export_record(acting_user=request.user, scope=org, report=report_name, period=period,
                                  export_format=export_format)
    filename = f"harbour-impact-{period}-{programme or 'all'}"
    if export_format == "csv":
        response = HttpResponse(exports.figures_csv(shown, note=note), content_type="text/csv; charset=utf-8")
    elif export_format == "xlsx":
        response = HttpResponse(exports.figures_xlsx(shown, title=title, note=note),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    elif export_format == "pdf":
        with translation.override(exports.pdf_language(get_language())):  # lazy names drawn in the PDF's language
            response = HttpResponse(exports.figures_pdf(shown, title=title, note=note, language_note=language_note),
                                    content_type="application/pdf")
    else:
        return render(request, "impact/staff/report.html", {
            "organisation": org, "period": period, "figures": shown, "note": note, "title": title,
            "programme": programme, "programmes": metrics.PROGRAMMES})
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
    return response


@staff
@require_http_methods(["GET", "HEAD"])
def network(request, public_id):
    net = access.access_network(request.user, public_id)
    try:
        forms.only(request.GET, ("period", "programme", "format"))
        period = _period(request)
        programme = forms.choice(request.GET, "programme", metrics.PROGRAMMES)
        if forms.choice(request.GET, "format", FORMATS, default="html") != "html":
            raise forms.BadQuery(_("The network's figures are a page only: use its organisations' funder reports "
                                   "for CSV, XLSX or PDF."))
    except DisclosureError as error:
        return _bad(request, _period_error(error), programmes=True)
    except forms.BadQuery as error:
        return _bad(request, error.message, programmes=True)
    rows = []
    for metric in metrics.REGISTRY.values():
        if programme and metric.programme != programme:
            continue
        rows.append((selectors.network_figure(net, metric.id, period),
                     selectors.network_published_rows(net, metric.id, period)))
    return render(request, "impact/staff/network.html", {
        "network": net, "period": period, "rows": rows, "programme": programme, "programmes": metrics.PROGRAMMES,
        "note": charts.suppression_note(rows[0][0].payload["threshold"]) if rows else ""})

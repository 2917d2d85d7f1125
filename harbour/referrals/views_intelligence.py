"""Staff pages of the intelligence-only police report (/staff/referrals/police/): thin
views over services_intelligence. Caseworkers and admins of the holding organisation only;
everyone else gets the same 404 as for a missing report. Sealed parts open with the
organisation key in the member's session keyring, and every opening is audited."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from harbour.core.audience import post_only, staff
from harbour.core.forms import errors_into
from harbour.firewall.gate import DisclosureRefused
from harbour.firewall.keyring import keyring_private_key
from harbour.referrals import selectors_intelligence as selectors
from harbour.referrals import services_intelligence as services
from harbour.referrals.access_intelligence import (
    access_intelligence_organisation,
    access_intelligence_report,
    advocate_organisations,
)
from harbour.referrals.forms_intelligence import IntelligenceReportForm, IntelligenceSendForm


def _service_arguments(form) -> dict:
    data = dict(form.cleaned_data)
    return {"data": data, "case": data.pop("case", None), "contact_member": data.pop("contact_member", None)}


@staff
@require_GET
def index(request):
    organisations = list(advocate_organisations(request.user))
    if not organisations:
        raise Http404  # her roles keep no cases; the navigation does not offer this page
    reports = selectors.reports_for(request.user)[:200]
    return render(request, "referrals/intelligence/index.html",
                  {"organisations": organisations, "reports": reports})


@staff
@require_http_methods(["GET", "POST"])
def create(request, organisation_id):
    organisation = access_intelligence_organisation(request.user, organisation_id)
    status = 200
    if request.method == "POST":
        form = IntelligenceReportForm(request.POST, user=request.user, organisation=organisation)
        if form.is_valid():
            try:
                report = services.intelligence_report_create(acting_user=request.user, organisation=organisation,
                                                             **_service_arguments(form))
            except ValidationError as error:
                errors_into(form, error)
            else:
                messages.success(request, _("Report saved. Check it, then send it to the police."))
                return redirect("referrals_intelligence:detail", public_id=report.public_id)
        status = 400
    else:
        form = IntelligenceReportForm(user=request.user, organisation=organisation)
    return render(request, "referrals/intelligence/form.html",
                  {"form": form, "organisation": organisation, "report": None}, status=status)


@staff
@require_GET
def detail(request, public_id):
    return _detail(request, access_intelligence_report(request.user, public_id))


def _detail(request, report, *, send_form=None, error=None, status=200):
    """The report's page; after a refused send, with the refusal shown as an error and the
    send form as she filled it in."""
    private_key = keyring_private_key(request, report.organisation)
    opened = None
    if private_key is not None:
        opened = services.intelligence_report_open(acting_user=request.user, report=report, private_key=private_key)
    case_visible = report.case_id is not None and selectors.linkable_cases(
        request.user, report.organisation).filter(pk=report.case_id).exists()
    return render(request, "referrals/intelligence/detail.html", {
        "report": report, "opened": opened, "case_visible": case_visible,
        "rows": services.intelligence_preview(report, opened or {}),
        "send_form": send_form or IntelligenceSendForm(organisation=report.organisation, report=report),
        "has_police": selectors.police_recipients(report.organisation).exists(),
        "shares": report.shares.select_related("recipient"), "send_error": error,
    }, status=status)


@staff
@require_http_methods(["GET", "POST"])
def edit(request, public_id):
    report = access_intelligence_report(request.user, public_id, for_write=request.method == "POST")
    if report.status != report.Status.DRAFT:
        messages.error(request, _("This report has been sent to the police and can no longer be changed."))
        return redirect("referrals_intelligence:detail", public_id=report.public_id)
    private_key = keyring_private_key(request, report.organisation)
    if private_key is None:
        # No message: the report page says so itself, inside its main landmark.
        return redirect("referrals_intelligence:detail", public_id=report.public_id)
    organisation = report.organisation
    status = 200
    if request.method == "POST":
        form = IntelligenceReportForm(request.POST, user=request.user, organisation=organisation,
                                      keep_case_id=report.case_id)
        if form.is_valid():
            arguments = _service_arguments(form)
            expected = arguments["data"].pop("version", None)
            try:
                services.intelligence_report_update(acting_user=request.user, report=report,
                                                    expected_version=expected, **arguments)
            except ValidationError as error:
                errors_into(form, error)
            else:
                messages.success(request, _("Report saved. Check it, then send it to the police."))
                return redirect("referrals_intelligence:detail", public_id=report.public_id)
        status = 400
    else:
        opened = services.intelligence_report_open(acting_user=request.user, report=report, private_key=private_key)
        form = IntelligenceReportForm(initial=IntelligenceReportForm.initial_from(report, opened),
                                      user=request.user, organisation=organisation, keep_case_id=report.case_id)
    return render(request, "referrals/intelligence/form.html",
                  {"form": form, "organisation": organisation, "report": report}, status=status)


@staff
@post_only
def send(request, public_id):
    report = access_intelligence_report(request.user, public_id, for_write=True)
    private_key = keyring_private_key(request, report.organisation)
    if private_key is None:
        return redirect("referrals_intelligence:detail", public_id=report.public_id)
    form = IntelligenceSendForm(request.POST, organisation=report.organisation, report=report)
    if not form.is_valid():
        return _detail(request, report, send_form=form, status=400,
                       error=_("Choose a police recipient and record how she agreed."))
    data = form.cleaned_data
    try:
        share = services.intelligence_report_send(acting_user=request.user, report=report,
                                                  recipient=data["recipient"], private_key=private_key,
                                                  channel=data["channel"], agreed_method=data["agreed_method"],
                                                  expected_version=data["version"],
                                                  confirm_resend=data.get("resend", False))
    except DisclosureRefused as refusal:
        return _detail(request, report, send_form=form, error=str(refusal.reason), status=400)
    except ValidationError as error:
        return _detail(request, report, send_form=form, error=" ".join(error.messages), status=400)
    else:
        if share.document is not None:
            response = HttpResponse(share.document, content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="intelligence-{report.reference}.pdf"'
            return response
        messages.success(request, _("Report sent to %(recipient)s.") % {"recipient": share.recipient.name})
    return redirect("referrals_intelligence:detail", public_id=report.public_id)

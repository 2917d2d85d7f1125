"""The staff inbox (/staff/help/): caseworkers and admins of the holding organisation.
Sealed parts are opened with the organisation key from her session keyring; every
opening is audited. Everyone else gets the same 404 as for a missing request."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from harbour.core.audience import post_only, staff
from harbour.core.confirm import confirm_page, confirmed
from harbour.firewall import crypto
from harbour.firewall.access import access_consent
from harbour.firewall.gate import DisclosureRefused
from harbour.firewall.keyring import keyring_private_key
from harbour.firewall.services import consent_record, consent_revoke
from harbour.help import selectors, services
from harbour.help.access import access_help_request, access_inbox, inbox_organisations
from harbour.help.forms import ConsentForm, NoteForm, StatusChangeForm
from harbour.help.models import HelpRequest


@staff
@require_GET
def inbox_home(request):
    organisations = list(inbox_organisations(request.user))
    if not organisations:
        raise Http404  # her roles receive no requests; the navigation does not offer this page
    if len(organisations) == 1:
        return redirect("help_staff:inbox", public_id=organisations[0].public_id)
    return render(request, "help/staff/home.html", {"organisations": organisations})


@staff
@require_GET
def inbox(request, public_id):
    organisation = access_inbox(request.user, public_id)
    status = request.GET.get("status", "")
    try:
        page = max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        page = 1
    requests, has_more = selectors.inbox_page(organisation, status=status, page=page)
    private_key = keyring_private_key(request, organisation)
    opened = services.help_requests_unseal_page(acting_user=request.user, organisation=organisation,
                                                requests=requests, private_key=private_key)
    rows = [{"request": r, "opened": opened.get(r.pk)} for r in requests]
    return render(request, "help/staff/inbox.html", {
        "organisation": organisation, "rows": rows, "page": page, "has_more": has_more, "status": status,
        "statuses": HelpRequest.Status.choices, "locked": private_key is None,
    })


def _detail(request, help_request, *, status=200, consent_form=None, note_form=None):
    private_key = keyring_private_key(request, help_request.organisation)
    content = held = None
    if private_key is not None:
        try:
            content = services.help_request_open(acting_user=request.user, help_request=help_request,
                                                 private_key=private_key)
        except crypto.CryptoError:
            content = None
        except services.HelpRequestHeld as hold:
            held = hold.reason
    return render(request, "help/staff/detail.html", {
        "help_request": help_request, "content": content, "locked": private_key is None, "held": held,
        "status_form": StatusChangeForm(initial={"status": help_request.status}),
        "note_form": note_form or NoteForm(),
        "consent_form": consent_form or ConsentForm(organisation=help_request.organisation,
                                                    initial={"language": help_request.language}),
        "consents": selectors.consents_for(help_request), "disclosures": selectors.disclosures_for(help_request),
    }, status=status)


@staff
@require_GET
def detail(request, public_id):
    return _detail(request, access_help_request(request.user, public_id))


@staff
@post_only
def set_status(request, public_id):
    help_request = access_help_request(request.user, public_id, for_write=True)
    form = StatusChangeForm(request.POST)
    if form.is_valid():
        services.help_request_set_status(acting_user=request.user, help_request=help_request,
                                         status=form.cleaned_data["status"])
        messages.success(request, _("Status changed."))
    else:
        messages.error(request, _("Choose one of the listed statuses."))
    return redirect("help_staff:detail", public_id=help_request.public_id)


@staff
@post_only
def add_note(request, public_id):
    help_request = access_help_request(request.user, public_id, for_write=True)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.help_note_add(acting_user=request.user, help_request=help_request, text=form.cleaned_data["text"])
        messages.success(request, _("Note added."))
        return redirect("help_staff:detail", public_id=help_request.public_id)
    return _detail(request, help_request, status=400, note_form=form)


@staff
@post_only
def add_consent(request, public_id):
    help_request = access_help_request(request.user, public_id, for_write=True)
    form = ConsentForm(request.POST, organisation=help_request.organisation)
    if form.is_valid():
        data = form.cleaned_data
        try:
            consent_record(acting_user=request.user, organisation=help_request.organisation,
                           subject_ref=help_request.public_id, recipient=data["recipient"],
                           categories=data["categories"], purpose=data["purpose"], expires_on=data["expires_on"],
                           method=data["method"], language=data["language"], interpreter=data["interpreter"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("help_staff:detail", public_id=help_request.public_id)
    return _detail(request, help_request, status=400, consent_form=form)


def _request_of(consent):
    help_request = HelpRequest.objects.select_related("organisation").filter(
        public_id=consent.subject_ref, organisation=consent.organisation).first()
    if help_request is None:
        raise Http404
    return help_request


@staff
@post_only
def share(request, public_id):
    consent = access_consent(request.user, public_id, for_write=True)
    help_request = _request_of(consent)
    private_key = keyring_private_key(request, help_request.organisation)
    if private_key is None:
        messages.error(request, _("Your organisation's key is not open in this session, so nothing can be shared."))
        return redirect("help_staff:detail", public_id=help_request.public_id)
    try:
        disclosure = services.help_request_refer(acting_user=request.user, help_request=help_request,
                                                 consent=consent, private_key=private_key)
    except DisclosureRefused as refusal:
        messages.error(request, refusal.reason)
    else:
        messages.success(request, _("Shared with %(recipient)s.") % {"recipient": disclosure.recipient.name})
    return redirect("help_staff:detail", public_id=help_request.public_id)


@staff
@require_http_methods(["GET", "POST"])
def revoke(request, public_id):
    consent = access_consent(request.user, public_id, for_write=True)
    help_request = _request_of(consent)
    if not confirmed(request):
        return confirm_page(
            request, heading=_("Withdraw her consent to share with %(recipient)s?") % {
                "recipient": consent.recipient.name},
            consequence=_("Nothing more will be shared with %(recipient)s under this consent. What was "
                          "already shared stays with them: if she wants it deleted, ask them.") % {
                "recipient": consent.recipient.name},
            confirm_label=_("Yes, withdraw the consent"),
            cancel_url=reverse("help_staff:detail", args=[help_request.public_id]))
    consent_revoke(acting_user=request.user, consent=consent)
    messages.success(request, _("Consent withdrawn."))
    return redirect("help_staff:detail", public_id=help_request.public_id)

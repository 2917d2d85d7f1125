"""Pages that make a referral from a record the organisation holds, and the state reports of
a partner outside Harbour through its one-time link (issue 15 items 2, 3 and 8).

Thin views over harbour.referrals.services_refer. The staff pages are for the caseworkers
and admins who may share for the holding organisation (the help and case access helpers:
everyone else gets the same 404 as for a missing record). A refusal comes back as an error
on the form, filled in as she typed it, and stores nothing.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from harbour.cases.access import access_case
from harbour.core.audience import staff
from harbour.core.forms import errors_into
from harbour.firewall import crypto
from harbour.firewall.keyring import keyring_private_key
from harbour.help.access import access_help_request
from harbour.referrals import services_refer, workflow
from harbour.referrals.forms_refer import ReferForm
from harbour.referrals.models import Referral


def _refer(request, *, organisation, make, initial: dict, context: dict):
    form = ReferForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method != "POST":
        return render(request, "referrals/refer.html", {"form": form, **context})
    if form.is_valid():
        private_key = keyring_private_key(request, organisation)
        if private_key is None:
            form.add_error(None, _("Your organisation's key is not open in this session, so nothing can be shared."))
        else:
            try:
                referral = make(terms=form.terms(), private_key=private_key, **form.route())
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                errors_into(form, error)
            except crypto.CryptoError:
                form.add_error(None, _("Her record cannot be unsealed with your key. Nothing was shared."))
            else:
                messages.success(request, _("Referral %(reference)s sent.") % {"reference": referral.reference})
                return redirect("referrals_staff:detail", referral_id=referral.pk)
    return render(request, "referrals/refer.html", {"form": form, **context}, status=400)


@staff
@require_http_methods(["GET", "HEAD", "POST"])
def refer_help_request(request, public_id):
    """Refer the woman of a help request, with her consent recorded here."""
    help_request = access_help_request(request.user, public_id, for_write=request.method == "POST")

    def make(**arguments):
        return services_refer.referral_from_help_request_with_consent(
            acting_user=request.user, help_request=help_request, **arguments)

    return _refer(request, organisation=help_request.organisation, make=make,
                  initial={"language": help_request.language, "needs": list(help_request.needs)},
                  context={"back": reverse("help_staff:detail", args=[help_request.public_id]),
                           "source": "help_request"})


@staff
@require_http_methods(["GET", "HEAD", "POST"])
def refer_case(request, public_id):
    """Refer the woman of a case, with her consent recorded here."""
    case = access_case(request.user, public_id, for_write=request.method == "POST")

    def make(**arguments):
        return services_refer.referral_from_case(acting_user=request.user, case=case, **arguments)

    return _refer(request, organisation=case.organisation, make=make, initial={"language": case.language},
                  context={"back": reverse("cases_staff:detail", args=[case.public_id]), "source": "case",
                           "case": case})


# --- a partner outside Harbour reports the state through its link -------------------------------

def _report_context(referral: Referral, session: str) -> dict:
    moves = [m for m in workflow.moves_for(referral.status, workflow.RECEIVER) if m in services_refer.EXTERNAL_MOVES]
    return {"referral": referral, "session": session, "moves": [(m, dict(Referral.Status.choices)[m]) for m in moves],
            "decline_reasons": Referral.DeclineReason.choices, "outcomes": Referral.Outcome.choices,
            "unable_reasons": Referral.UnableReason.choices}


def link_opened(request, token: str, opened: dict):
    """The page after the e-mailed code: the referral (the first time only) and the answers
    the partner may give now."""
    from harbour.firewall import gate_link
    from harbour.referrals.views import _plain

    labels = gate_link.link_labels()
    rows = [(labels[k], _plain(v)) for k, v in sorted((opened["content"] or {}).items()) if k in labels]
    context = {"organisation": opened["organisation"], "rows": rows, "token": token, "read": opened["content"] is None}
    referral = Referral.objects.filter(subject_ref=opened["subject_ref"], receiving_organisation__isnull=True).first()
    if referral is not None:
        context.update(_report_context(referral, opened["session"]))
    return render(request, "referrals/link_opened.html", context)


def link_report(request, token: str):
    """One answer from the partner (received, accepted, declined, completed, could not
    complete), through the session its code opened. A link that cannot be used gets one
    answer, whatever the cause; a wrong move keeps the session and says why."""
    session = request.POST.get("session", "")
    try:
        referral, session = services_refer.referral_transition_by_link(
            token=token, session=session, to=request.POST.get("to", ""), reason=request.POST.get("reason", ""))
    except ValidationError as error:
        unusable = getattr(error, "code", None) == "link_unusable"
        referral = None if unusable else _referral_of(token, session)
        if referral is None:
            return render(request, "referrals/link.html", {"token": token, "unusable": True}, status=400)
        return render(request, "referrals/link_opened.html", {
            "token": token, "read": True, "error": " ".join(error.messages), "organisation":
            referral.referring_organisation.name, "rows": [], **_report_context(referral, session)}, status=400)
    return render(request, "referrals/link_opened.html", {
        "token": token, "read": True, "done": True, "organisation": referral.referring_organisation.name, "rows": [],
        **_report_context(referral, session)})


def _referral_of(token: str, session: str) -> Referral | None:
    from django.db import transaction

    from harbour.firewall import gate_link

    with transaction.atomic():
        link = gate_link.link_session_check(token=token, session=session)
    return services_refer.link_referral(link) if link is not None else None

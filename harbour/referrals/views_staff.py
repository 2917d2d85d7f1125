"""Staff pages for referrals (/staff/referrals/): thin views over services and selectors.
The referrer sees a receipt (reference, date, needs, status, outcome code), never the
receiver's case; outsiders get the same 404 as for a missing referral."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from harbour.accounts.access import memberships_of
from harbour.accounts.models import Organisation
from harbour.core.audience import post_only, staff
from harbour.core.forms import errors_into
from harbour.firewall.gate_referral import ConsentTerms
from harbour.firewall.keyring import keyring_private_key
from harbour.firewall.models import Recipient
from harbour.referrals import forms, selectors, services, workflow
from harbour.referrals.access import (
    REFERRING_ROLES,
    access_partnership,
    access_referral,
    side_of,
    visible_partnerships,
)
from harbour.referrals.models import Partnership, Referral


def _page_number(request) -> int:
    try:
        return max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        return 1


def _referring_organisations(user):
    return Organisation.objects.filter(
        pk__in=memberships_of(user).filter(role__in=REFERRING_ROLES).values("organisation_id")).order_by("name")


@staff
@require_http_methods(["GET", "HEAD"])
def home(request):
    if not _referring_organisations(request.user).exists():
        raise Http404
    return redirect("referrals_staff:received")


def _list(request, title, rows_and_more, which):
    if not _referring_organisations(request.user).exists():
        raise Http404
    rows, has_more = rows_and_more
    return render(request, "referrals/list.html", {"rows": rows, "has_more": has_more, "title": title,
                                                   "which": which, "page": _page_number(request)})


@staff
@require_http_methods(["GET", "HEAD"])
def received(request):
    from django.utils.translation import gettext as _

    return _list(request, _("Referrals received"), selectors.received_page(request.user, page=_page_number(request),
                                                                           status=request.GET.get("status", "")),
                 "received")


@staff
@require_http_methods(["GET", "HEAD"])
def sent(request):
    from django.utils.translation import gettext as _

    return _list(request, _("Referrals sent"), selectors.sent_page(request.user, page=_page_number(request),
                                                                   status=request.GET.get("status", "")), "sent")


@staff
@require_http_methods(["GET", "HEAD"])
def overdue(request):
    from django.utils.translation import gettext as _

    return _list(request, _("Overdue referrals"), selectors.overdue_page(request.user, page=_page_number(request)),
                 "overdue")


@staff
@require_http_methods(["GET", "HEAD", "POST"])
def intake(request):
    organisations = list(_referring_organisations(request.user))
    if not organisations:
        raise Http404
    organisation = organisations[0]
    partnerships = Partnership.objects.filter(referring_organisation=organisation, status=Partnership.Status.ACTIVE)
    recipients = Recipient.objects.filter(registered_by=organisation, is_active=True)
    form = forms.IntakeForm(request.POST or None, partnerships=partnerships, recipients=recipients)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            terms = ConsentTerms(categories=tuple(data["categories"]), purpose="support",
                                 expires_on=data["expires_on"], method=data["method"], language=data["language"],
                                 interpreter=data["interpreter"])
            try:
                referral, code = services.referral_intake(
                    acting_user=request.user, referring_organisation=organisation, needs=data["needs"], terms=terms,
                    name=data["name"], message=data["message"], contact_channel=data["contact_channel"],
                    contact_value=data["contact_value"], safe_times=data["safe_times"],
                    partnership=data["partnership"], recipient=data["recipient"],
                    one_off_reason=data["one_off_reason"],
                    link_url=request.build_absolute_uri(reverse("referrals:link", args=["TOKEN"])).replace(
                        "TOKEN", "{token}"))
            except (ValidationError, PermissionDenied) as error:
                if isinstance(error, PermissionDenied):
                    raise Http404 from None
                errors_into(form, error)
            else:
                return render(request, "referrals/intake_done.html", {"referral": referral, "code": code})
        status = 400
    return render(request, "referrals/intake.html", {"form": form, "organisation": organisation}, status=status)


@staff
@require_http_methods(["GET", "HEAD"])
def detail(request, referral_id):
    referral = access_referral(request.user, referral_id)
    side = side_of(request.user, referral)
    moves = workflow.moves_for(referral.status, side)
    return render(request, "referrals/detail.html", {
        "referral": referral, "side": side, "overdue": selectors.is_overdue(referral),
        "moves": [(m, dict(Referral.Status.choices)[m]) for m in moves],
        "decline_reasons": Referral.DeclineReason.choices, "outcomes": Referral.Outcome.choices,
        "unable_reasons": Referral.UnableReason.choices, "kept_reasons": Referral.KeptReason.choices,
        "revocation_due": side == "receiver" and referral.status == workflow.REVOKED
        and not referral.revocation_choice,
        "can_record_contact": side == "receiver" and referral.status in workflow.AWAITING_FIRST_CONTACT
        and referral.first_contact_at is None,
    })


def _detail_with_error(request, referral, message, status=400):
    referral = access_referral(request.user, referral.pk)
    side = side_of(request.user, referral)
    return render(request, "referrals/detail.html", {
        "referral": referral, "side": side, "overdue": selectors.is_overdue(referral), "error": message,
        "moves": [(m, dict(Referral.Status.choices)[m]) for m in workflow.moves_for(referral.status, side)],
        "decline_reasons": Referral.DeclineReason.choices, "outcomes": Referral.Outcome.choices,
        "unable_reasons": Referral.UnableReason.choices, "kept_reasons": Referral.KeptReason.choices,
        "revocation_due": side == "receiver" and referral.status == workflow.REVOKED
        and not referral.revocation_choice,
        "can_record_contact": False,
    }, status=status)


def _message_of(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


@staff
@post_only
def transition(request, referral_id):
    referral = access_referral(request.user, referral_id, for_write=True)
    form = forms.TransitionForm(request.POST)
    if not form.is_valid():
        return _detail_with_error(request, referral, " ".join(str(e) for errors in form.errors.values()
                                                              for e in errors))
    private_key = keyring_private_key(request, referral.receiving_organisation) \
        if referral.receiving_organisation_id else None
    try:
        services.referral_transition(acting_user=request.user, referral=referral, to=form.cleaned_data["to"],
                                     reason=form.cleaned_data["reason"],
                                     expected_version=form.cleaned_data["version"], private_key=private_key)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        return _detail_with_error(request, referral, _message_of(error))
    return redirect("referrals_staff:detail", referral_id=referral.pk)


@staff
@post_only
def first_contact(request, referral_id):
    referral = access_referral(request.user, referral_id, for_write=True)
    try:
        services.referral_record_first_contact(acting_user=request.user, referral=referral)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        return _detail_with_error(request, referral, _message_of(error))
    return redirect("referrals_staff:detail", referral_id=referral.pk)


@staff
@post_only
def revocation(request, referral_id):
    referral = access_referral(request.user, referral_id, for_write=True)
    form = forms.RevocationForm(request.POST)
    if not form.is_valid():
        return _detail_with_error(request, referral, " ".join(str(e) for errors in form.errors.values()
                                                              for e in errors))
    try:
        services.referral_revocation_decide(acting_user=request.user, referral=referral,
                                            choice=form.cleaned_data["choice"],
                                            kept_reason=form.cleaned_data["kept_reason"],
                                            expected_version=form.cleaned_data["version"])
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        return _detail_with_error(request, referral, _message_of(error))
    return redirect("referrals_staff:detail", referral_id=referral.pk)


@staff
@require_http_methods(["GET", "HEAD"])
def partnerships(request):
    if not _referring_organisations(request.user).exists():
        raise Http404
    rows = visible_partnerships(request.user).select_related("referring_organisation", "receiving_organisation")
    return render(request, "referrals/partnerships.html", {
        "partnerships": rows, "is_admin": _admin_organisations(request.user).exists()})


@staff
@require_http_methods(["GET", "HEAD"])
def partnership(request, public_id):
    found = access_partnership(request.user, public_id)
    may_change_status = services.may_manage_partnership(request.user, found)
    form = forms.PartnershipStatusForm(initial={"status": found.status, "version": found.version})
    return render(request, "referrals/partnership.html", {
        "partnership": found, "form": form if may_change_status else None})


@staff
@post_only
def partnership_status(request, public_id):
    found = access_partnership(request.user, public_id, for_write=True)
    form = forms.PartnershipStatusForm(request.POST)
    if form.is_valid():
        try:
            services.partnership_set_status(acting_user=request.user, partnership=found,
                                            status=form.cleaned_data["status"],
                                            expected_version=form.cleaned_data["version"])
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            errors_into(form, error)
        else:
            return redirect("referrals_staff:partnership", public_id=found.public_id)
    return render(request, "referrals/partnership.html", {"partnership": found, "form": form}, status=400)


def _admin_organisations(user):
    return Organisation.objects.filter(
        pk__in=memberships_of(user).filter(role="admin").values("organisation_id")).order_by("name")


@staff
@require_http_methods(["GET", "HEAD", "POST"])
def tokens(request):
    """API tokens for partner systems: made here (shown once), listed, revoked."""
    from harbour.referrals.models import ApiToken

    organisations = list(_admin_organisations(request.user))
    if not organisations:
        raise Http404
    organisation = organisations[0]
    form = forms.ApiTokenForm(request.POST or None)
    shown_once, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _row, shown_once = services.api_token_create(
                    acting_user=request.user, organisation=organisation, name=form.cleaned_data["name"],
                    scopes=form.cleaned_data["scopes"])
            except ValidationError as error:
                errors_into(form, error)
                status = 400
            else:
                form = forms.ApiTokenForm()
        else:
            status = 400
    rows = ApiToken.objects.filter(organisation=organisation)
    return render(request, "referrals/tokens.html", {"form": form, "tokens": rows, "shown_once": shown_once,
                                                     "organisation": organisation}, status=status)


@staff
@post_only
def token_revoke(request, public_id):
    from harbour.referrals.models import ApiToken

    token = ApiToken.objects.select_related("organisation").filter(
        public_id=public_id, organisation__in=_admin_organisations(request.user)).first()
    if token is None:
        raise Http404
    services.api_token_revoke(acting_user=request.user, token=token)
    return redirect("referrals_staff:tokens")


CHECKLIST_FIELDS = ("time_and_resources_agreed", "leads_named", "gbv_language_agreed", "training_offered",
                    "disagreements_process_agreed", "review_on")


@staff
@require_http_methods(["GET", "HEAD", "POST"])
def partnership_new(request):
    """An admin records a partnership with an organisation her own has registered as a
    recipient on Harbour; her organisation's named contact is hers to choose."""
    organisations = list(_admin_organisations(request.user))
    if not organisations:
        raise Http404
    organisation = organisations[0]
    form = forms.PartnershipForm(request.POST or None, organisation=organisation)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            ours = data["direction"] == "we_refer"
            try:
                created = services.partnership_create(
                    acting_user=request.user,
                    referring_organisation=organisation if ours else data["partner"],
                    receiving_organisation=data["partner"] if ours else organisation,
                    needs=data["needs"], data_categories=data["data_categories"],
                    ack_working_hours=data["ack_working_hours"],
                    first_contact_working_hours=data["first_contact_working_hours"],
                    referring_contact=data["contact"] if ours else None,
                    receiving_contact=None if ours else data["contact"],
                    meeting_rhythm=data["meeting_rhythm"], next_meeting_on=data["next_meeting_on"],
                    checklist={name: data[name] for name in CHECKLIST_FIELDS})
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                errors_into(form, error)
            else:
                return redirect("referrals_staff:partnership", public_id=created.public_id)
        status = 400
    return render(request, "referrals/partnership_new.html", {"form": form}, status=status)

"""Staff pages of a recorded partnership (issue 15 item 1): change its terms and upload its
information-sharing agreement (admins of either side), its meetings and their sealed
minutes, and the agreement's download. Thin views over services_partnership and services;
everyone who may not see a page gets the same 404 as for a missing partnership."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from harbour.accounts.access import memberships_of
from harbour.core.audience import post_only, staff
from harbour.core.forms import errors_into
from harbour.firewall import crypto
from harbour.firewall.keyring import keyring_private_key
from harbour.firewall.keys import KEY_HOLDER_ROLES
from harbour.referrals import services, services_partnership
from harbour.referrals.access import REFERRING_ROLES, access_partnership
from harbour.referrals.forms_partnership import MeetingForm, PartnershipEditForm
from harbour.referrals.models import Partnership, PartnershipAgreement, PartnershipMinutes


def _editable_partnership(request, public_id):
    partnership = access_partnership(request.user, public_id, for_write=True)
    if not services_partnership.may_edit_partnership(request.user, partnership):
        raise Http404
    return partnership


def _read_agreement(request) -> bytes | None:
    upload = request.FILES.get("agreement")
    if upload is None:
        return None
    # One byte more than the limit is enough to tell that it is too big.
    return upload.read(settings.HARBOUR_AGREEMENT_MAX_BYTES + 1)


@staff
@require_http_methods(["GET", "HEAD", "POST"])
def partnership_edit(request, public_id):
    """Change what may be referred, the named contacts, the limits, the agreement (and its
    review date), the meetings and the checklist. A stale form comes back filled in with
    what she typed and the current version, so that she can check and send it again."""
    partnership = _editable_partnership(request, public_id)
    if request.method != "POST":
        form = PartnershipEditForm(partnership=partnership)
        return render(request, "referrals/partnership_edit.html", {"form": form, "partnership": partnership,
                                                                  "agreement": _agreement(partnership)})
    form = PartnershipEditForm(request.POST, request.FILES, partnership=partnership)
    if form.is_valid():
        try:
            services_partnership.partnership_update(
                acting_user=request.user, partnership=partnership, expected_version=form.cleaned_data["version"],
                changes=form.changes(), agreement=_read_agreement(request))
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            if getattr(error, "code", None) == "stale":
                # Her typing stays; the version moves on, so that sending again (after
                # checking the partnership page) is her informed choice.
                data = request.POST.copy()
                data["version"] = str(Partnership.objects.get(pk=partnership.pk).version)
                form = PartnershipEditForm(data, partnership=partnership)
                form.is_valid()
            errors_into(form, error)
        else:
            return redirect("referrals_staff:partnership", public_id=partnership.public_id)
    return render(request, "referrals/partnership_edit.html", {"form": form, "partnership": partnership,
                                                              "agreement": _agreement(partnership)}, status=400)


def _agreement(partnership):
    return services_partnership.current_agreement(partnership)


def _her_side(request, partnership):
    """The organisation whose copy of the minutes she reads: a side she is a member of
    (REFERRING_ROLES, as for seeing the partnership), the one whose key is open in her
    session first, then the receiving side. None if she is on neither side."""
    sides = [o for o in (partnership.receiving_organisation, partnership.referring_organisation)
             if memberships_of(request.user).filter(organisation=o, role__in=REFERRING_ROLES).exists()]
    for organisation in sides:
        if keyring_private_key(request, organisation) is not None:
            return organisation
    return sides[0] if sides else None


def _may_record(user, partnership) -> bool:
    return (services._member(user, partnership.referring_organisation, services.REFERRING_ROLES)
            or services._member(user, partnership.receiving_organisation, services.RECEIVING_ROLES))


@staff
@require_http_methods(["GET", "HEAD", "POST"])
def partnership_meetings(request, public_id):
    """The partnership's meetings (her side's copies, newest first) and a form to record one."""
    partnership = access_partnership(request.user, public_id)
    side = _her_side(request, partnership)
    may_record = _may_record(request.user, partnership)
    form, status = MeetingForm(), 200
    if request.method == "POST":
        if not may_record:
            raise Http404
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                services.partnership_record_meeting(
                    acting_user=request.user, partnership=partnership, minutes=form.cleaned_data["minutes"],
                    next_meeting_on=form.cleaned_data["next_meeting_on"], held_on=form.cleaned_data["held_on"])
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                errors_into(form, error)
            else:
                return redirect("referrals_staff:partnership_meetings", public_id=partnership.public_id)
        status = 400
    meetings = PartnershipMinutes.objects.filter(partnership=partnership, organisation=side).only(
        "public_id", "held_on", "next_meeting_on", "created_at")
    return render(request, "referrals/partnership_meetings.html", {
        "partnership": partnership, "meetings": meetings, "form": form if may_record else None}, status=status)


@staff
@require_http_methods(["GET", "HEAD"])
def partnership_minutes(request, public_id, minutes_id):
    """One meeting's minutes, opened with her side's key (sealed, F5); a notice when her
    copy of the key is not open in this session, or when she holds no key at all."""
    partnership = access_partnership(request.user, public_id)
    side = _her_side(request, partnership)
    copy = PartnershipMinutes.objects.filter(partnership=partnership, organisation=side, public_id=minutes_id).first()
    if copy is None:
        raise Http404
    private_key = keyring_private_key(request, side)
    text, locked = "", private_key is None
    if not locked:
        try:
            text = services.partnership_open_minutes(acting_user=request.user, partnership=partnership,
                                                     organisation=side, private_key=private_key, minutes=copy)
        except crypto.CryptoError:
            locked = True
    # A community worker records minutes but holds no key (KEY_HOLDER_ROLES): logging in again
    # cannot open them for her, and the page says so instead.
    holds_key = memberships_of(request.user).filter(organisation=side, role__in=KEY_HOLDER_ROLES).exists()
    return render(request, "referrals/partnership_minutes.html", {
        "partnership": partnership, "copy": copy, "text": text, "locked": locked, "holds_key": holds_key})


@staff
@post_only
def partnership_agreement(request, public_id):
    """The current information-sharing agreement, as a download only (never shown inside
    Harbour's pages: a PDF may carry scripts), for members of the two organisations. A
    POST (a button, no JavaScript needed): each download is audited, and a link could be
    fetched ahead by a browser or a crawler without her asking."""
    partnership = access_partnership(request.user, public_id)
    try:
        row = services_partnership.partnership_agreement_download(acting_user=request.user, partnership=partnership)
    except PartnershipAgreement.DoesNotExist:
        raise Http404 from None
    response = HttpResponse(bytes(row.content), content_type="application/pdf")
    # A neutral name: the agreement's random id, never the name it was uploaded under.
    response["Content-Disposition"] = f'attachment; filename="agreement-{row.public_id}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def partnership_actions(user, partnership) -> dict:
    """What the partnership page links to for `user` (its template tag's context)."""
    return {"partnership": partnership, "agreement": _agreement(partnership),
            "may_edit": partnership.status != partnership.Status.ENDED
            and services_partnership.may_edit_partnership(user, partnership)}


"""Staff pages for keys and recipients (/staff/firewall/). Admin actions need the admin
role in that organisation; anyone else gets the same 404 as for a missing organisation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from harbour.accounts.access import access_membership, access_organisation
from harbour.core.audience import post_only, staff
from harbour.firewall import keys, rotation, selectors, services
from harbour.firewall.forms import RecipientForm, RecoveryForm
from harbour.firewall.keyring import keyring_organisations, keyring_private_key, keyring_store


def _overview(request, *, status=200, recipient_form=None, recovery_form=None, rotation_form=None, form_org=None):
    rows = selectors.key_overview(request.user, keyring_organisations(request))
    for row in rows:
        organisation, returned = row["organisation"], form_org is not None and row["organisation"] == form_org
        row["recipient_form"] = (recipient_form if returned and recipient_form is not None
                                 else RecipientForm(organisation=organisation))
        row["recovery_form"] = (recovery_form if returned and recovery_form is not None
                                else RecoveryForm(organisation=organisation))
        # The rotation's finishing form asks for a recovery key too: its own ids on the page.
        row["rotation_form"] = (rotation_form if returned and rotation_form is not None
                                else RecoveryForm(organisation=organisation,
                                                  auto_id=f"id_rotation_{organisation.pk}_%s"))
    return render(request, "firewall/overview.html", {"rows": rows}, status=status)


@staff
@require_GET
def overview(request):
    return _overview(request)


@staff
@post_only
def setup(request, public_id):
    organisation = access_organisation(request.user, public_id, for_write=True)
    try:
        private_key, recovery_key = keys.organisation_key_create(acting_user=request.user, organisation=organisation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _overview(request, status=400)
    keyring_store(request, {str(organisation.public_id): private_key})
    return render(request, "firewall/recovery_key.html", {"organisation": organisation, "recovery_key": recovery_key})


@staff
@post_only
def grant(request, public_id):
    membership = access_membership(request.user, public_id, for_write=True)
    private_key = keyring_private_key(request, membership.organisation)
    if private_key is None:
        messages.error(request, _("Your own access to this organisation's key is not open in this session. Log in again, or use the recovery key."))
        return redirect("firewall:overview")
    try:
        keys.key_grant_create(acting_user=request.user, membership=membership, private_key=private_key)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Access granted to %(name)s.") % {"name": str(membership.user)})
    return redirect("firewall:overview")


@staff
@post_only
def recover(request, public_id):
    organisation = access_organisation(request.user, public_id, for_write=True)
    form = RecoveryForm(request.POST, organisation=organisation)
    if form.is_valid():
        try:
            private_key = keys.organisation_key_recover(acting_user=request.user, organisation=organisation,
                                                        recovery_key=form.cleaned_data["recovery_key"])
        except ValidationError as error:
            form.add_error("recovery_key", error)
        else:
            keyring_store(request, {str(organisation.public_id): private_key})
            messages.success(request, _("The organisation's key is open again, and you hold a new copy."))
            return redirect("firewall:overview")
    return _overview(request, status=400, recovery_form=form, form_org=organisation)


@staff
@post_only
def recipient_add(request, public_id):
    organisation = access_organisation(request.user, public_id, for_write=True)
    form = RecipientForm(request.POST, organisation=organisation)
    if form.is_valid():
        try:
            services.recipient_register(
                acting_user=request.user, organisation=organisation, name=form.cleaned_data["name"],
                category=form.cleaned_data["category"], partner=form.cleaned_data["partner"],
                email=form.cleaned_data["email"] or "",
            )
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Recipient registered."))
            return redirect("firewall:overview")
    return _overview(request, status=400, recipient_form=form, form_org=organisation)


def _key_in_session(request, organisation):
    private_key = keyring_private_key(request, organisation)
    if private_key is None:
        messages.error(request, _("Your own access to this organisation's key is not open in this session. "
                                  "Log in again, or use the recovery key."))
    return private_key


@staff
@post_only
def rotation_start(request, public_id):
    organisation = access_organisation(request.user, public_id, for_write=True)
    private_key = _key_in_session(request, organisation)
    if private_key is None:
        return redirect("firewall:overview")
    try:
        _rotation, recovery_key = rotation.organisation_key_rotation_start(
            acting_user=request.user, organisation=organisation, private_key=private_key)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("firewall:overview")
    return render(request, "firewall/recovery_key.html", {"organisation": organisation, "recovery_key": recovery_key,
                                                          "rotation": True})


@staff
@post_only
def rotation_step(request, public_id):
    organisation = access_organisation(request.user, public_id, for_write=True)
    private_key = _key_in_session(request, organisation)
    if private_key is not None:
        try:
            result = rotation.organisation_key_rotation_step(acting_user=request.user, organisation=organisation,
                                                             private_key=private_key)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, ngettext("%(count)s record re-sealed to the new key so far.",
                                               "%(count)s records re-sealed to the new key so far.",
                                               result["total"]) % {"count": result["total"]})
    return redirect("firewall:overview")


@staff
@post_only
def rotation_finish(request, public_id):
    organisation = access_organisation(request.user, public_id, for_write=True)
    form = RecoveryForm(request.POST)
    private_key = _key_in_session(request, organisation)
    if private_key is None:
        return redirect("firewall:overview")
    if form.is_valid():
        try:
            new_key = rotation.organisation_key_rotation_finish(
                acting_user=request.user, organisation=organisation, private_key=private_key,
                recovery_key=form.cleaned_data["recovery_key"])
        except ValidationError as error:
            form.add_error("recovery_key", error)
        else:
            keyring_store(request, {str(organisation.public_id): new_key})
            messages.success(request, _("The organisation now uses its new key. The old one is destroyed: "
                                        "grant access again to the other members."))
            return redirect("firewall:overview")
    return _overview(request, status=400, rotation_form=form, form_org=organisation)

"""Writes for a partnership after it is recorded (issue 15 item 1): its terms, checklist
and information-sharing agreement. Keyword-only, typed, atomic, audited (F6), like
services.py, whose creation rules (`check_partnership_terms` and the model's constraints)
they reuse rather than repeat.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from harbour.accounts.models import User
from harbour.core.audit import audit_append
from harbour.referrals.models import Partnership, PartnershipAgreement
from harbour.referrals.services import (
    check_partnership_terms,
    may_manage_partnership,
)

# What an admin of either side may change, and nothing else (the two organisations and the
# status have their own paths: a new partnership, partnership_set_status).
EDITABLE_FIELDS = (
    "needs", "data_categories", "referring_contact", "receiving_contact", "ack_working_hours",
    "first_contact_working_hours", "agreement_review_on", "meeting_rhythm", "next_meeting_on",
    "time_and_resources_agreed", "leads_named", "gbv_language_agreed", "training_offered",
    "disagreements_process_agreed", "review_on",
)
PDF_MAGIC = b"%PDF-"


def may_edit_partnership(user: User, partnership: Partnership) -> bool:
    """Whether `user` is an admin of either side (who alone may change its terms): the same
    rule as its status, services.may_manage_partnership."""
    return may_manage_partnership(user, partnership)


def check_agreement_file(data: bytes) -> None:
    """A PDF by its content (it starts with "%PDF-", whatever its name or declared type say)
    of at most HARBOUR_AGREEMENT_MAX_BYTES bytes. Raises ValidationError on "agreement"."""
    limit = settings.HARBOUR_AGREEMENT_MAX_BYTES
    if len(data) > limit:
        raise ValidationError({"agreement": _("The file is too big: the limit is %(megabytes)s MB.") % {
            "megabytes": f"{limit / (1024 * 1024):.3g}"}})
    if not data.startswith(PDF_MAGIC):
        raise ValidationError({"agreement": _("This file is not a PDF, whatever its name says. Upload the agreement "
                                              "as a PDF.")})


def partnership_update(*, acting_user: User, partnership: Partnership, expected_version: int, changes: dict,
                       agreement: bytes | None = None) -> Partnership:
    """Change a partnership's terms; an admin of either side may.

    `changes` maps names of EDITABLE_FIELDS to new values (contacts as Users, dates as
    dates, needs and data categories as lists of codes); fields left out keep their value.
    `agreement` is a new information-sharing agreement (the PDF's bytes) or None; it
    replaces the current one, whose row stays (who, when, size, SHA-256) without its bytes.
    The rules are those of recording a partnership (services.check_partnership_terms and
    the model's constraints). `expected_version` is the version the form was opened at.

    Audited with the names of the fields that changed (never their values) and the
    agreement's size and SHA-256. Returns the updated partnership. Raises PermissionDenied
    (not an admin of either side), ValidationError (a stale form, code "stale"; an ended
    partnership; a rule broken; a file that is not a PDF or is too big, on "agreement");
    nothing is changed when it raises.
    """
    if not may_edit_partnership(acting_user, partnership):
        raise PermissionDenied
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if agreement is not None:
        check_agreement_file(agreement)
    with transaction.atomic():
        locked = Partnership.objects.select_for_update().get(pk=partnership.pk)
        if locked.version != expected_version:
            raise ValidationError(_("Someone else changed this partnership while you were working on it. Check "
                                    "it and try again."), code="stale")
        if locked.status == Partnership.Status.ENDED:
            raise ValidationError(_("This partnership has ended. Record a new one instead."))
        changed = []
        for name, value in changes.items():
            if name in ("needs", "data_categories"):
                value = sorted(set(value))
            if getattr(locked, name) != value:
                setattr(locked, name, value)
                changed.append(name)
        check_partnership_terms(referring_organisation=locked.referring_organisation,
                                receiving_organisation=locked.receiving_organisation, needs=locked.needs,
                                data_categories=locked.data_categories, referring_contact=locked.referring_contact,
                                receiving_contact=locked.receiving_contact)
        detail = {}
        if agreement is not None:
            detail.update(_replace_agreement(locked, agreement, acting_user))
            changed.append("agreement")
        if not changed:
            return locked
        locked.version += 1
        locked.full_clean()
        locked.save(update_fields=[name for name in changed if name != "agreement"] + ["version", "updated_at"])
        audit_append(action="referrals.partnership.update", actor=acting_user,
                     organisation=locked.referring_organisation, subject=locked,
                     detail={"changed": sorted(changed), **detail})
    return locked


def _replace_agreement(partnership: Partnership, data: bytes, acting_user: User) -> dict:
    """Store `data` as the current agreement; the previous one keeps its row without its
    bytes. Returns the audit detail (sizes and digests, never the content)."""
    digest = hashlib.sha256(data).hexdigest()
    previous = PartnershipAgreement.objects.filter(partnership=partnership, replaced_at__isnull=True).defer(
        "content").first()
    detail = {"agreement_sha256": digest, "agreement_size": len(data)}
    if previous is not None:
        PartnershipAgreement.objects.filter(pk=previous.pk).update(replaced_at=timezone.now(), content=b"")
        detail.update(replaced=str(previous.public_id), replaced_sha256=previous.sha256)
    row = PartnershipAgreement(partnership=partnership, content=data, size=len(data), sha256=digest,
                               uploaded_by=acting_user)
    row.full_clean()
    row.save()
    detail["agreement"] = str(row.public_id)
    return detail


def current_agreement(partnership: Partnership, *, with_content: bool = False) -> PartnershipAgreement | None:
    """The partnership's current agreement (its bytes only when `with_content`), or None."""
    rows = PartnershipAgreement.objects.filter(partnership=partnership, replaced_at__isnull=True)
    return (rows if with_content else rows.defer("content")).first()


def partnership_agreement_download(*, acting_user: User, partnership: Partnership) -> PartnershipAgreement:
    """The current agreement, for a member who may see the partnership (the caller checked
    that with access_partnership); the download is audited. Raises PartnershipAgreement.DoesNotExist."""
    row = current_agreement(partnership, with_content=True)
    if row is None:
        raise PartnershipAgreement.DoesNotExist
    with transaction.atomic():
        audit_append(action="referrals.partnership.agreement_download", actor=acting_user,
                     organisation=partnership.referring_organisation, subject=row)
    return row


"""Reads for referrals: the sent, received and overdue lists, and what her status page shows."""

from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from harbour.referrals.access import (
    receiving_organisation_ids,
    referring_organisation_ids,
    visible_referrals,
)
from harbour.referrals.models import Referral
from harbour.referrals.services import overdue_filter

PAGE_SIZE = 50
_LIST_COLUMNS = ("id", "reference", "status", "needs", "sent_at", "created_at", "ack_due_at", "first_contact_due_at",
                 "first_contact_at", "outcome_code", "decline_reason", "referring_organisation__name",
                 "receiving_organisation__name", "receiving_recipient__name", "revocation_choice",
                 "revocation_due_at")


def _page(queryset, page: int) -> tuple[list, bool]:
    start = (max(page, 1) - 1) * PAGE_SIZE
    rows = list(queryset.values(*_LIST_COLUMNS)[start:start + PAGE_SIZE + 1])
    now = timezone.now()
    for row in rows:
        row["overdue"] = _is_overdue(row, now)
        row["status_label"] = dict(Referral.Status.choices).get(row["status"], row["status"])
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def _is_overdue(row: dict, now) -> bool:
    from harbour.referrals import workflow

    if row["status"] in workflow.AWAITING_ACK and row["ack_due_at"] and row["ack_due_at"] < now:
        return True
    if (row["status"] == workflow.REVOKED and not row["revocation_choice"] and row["revocation_due_at"]
            and row["revocation_due_at"] < now):
        return True
    return bool(row["status"] in workflow.AWAITING_FIRST_CONTACT and row["first_contact_at"] is None
                and row["first_contact_due_at"] and row["first_contact_due_at"] < now)


# Referrals still to act on come first in the lists; then the most recently sent.
_OPEN_STATUSES = ("sent", "received", "accepted", "in_progress", "waiting_list")


def _worklist_order(queryset):
    return queryset.annotate(
        closed_first=Case(When(status__in=_OPEN_STATUSES, then=Value(0)), default=Value(1),
                          output_field=IntegerField()),
    ).order_by("closed_first", F("sent_at").desc(nulls_last=True), "-created_at", "-pk")


def received_page(user, *, page: int = 1, status: str = "") -> tuple[list[dict], bool]:
    """One page (50) of referrals received by the user's organisations: those still open first,
    then by the date sent, newest first; plain columns only, two queries whatever the page holds."""
    queryset = Referral.objects.filter(receiving_organisation__in=receiving_organisation_ids(user))
    if status in Referral.Status.values:
        queryset = queryset.filter(status=status)
    return _page(_worklist_order(queryset), page)


def sent_page(user, *, page: int = 1, status: str = "") -> tuple[list[dict], bool]:
    """One page of the referrals the user's organisations sent: the receipt (reference,
    date, needs, status, outcome code), never her details."""
    queryset = Referral.objects.filter(referring_organisation__in=referring_organisation_ids(user))
    if status in Referral.Status.values:
        queryset = queryset.filter(status=status)
    return _page(_worklist_order(queryset), page)


def overdue_page(user, *, page: int = 1) -> tuple[list[dict], bool]:
    """Overdue referrals on either side (issue 15 item 5), the oldest due first."""
    queryset = visible_referrals(user).filter(overdue_filter(timezone.now())).order_by("sent_at", "pk")
    return _page(queryset, page)


def is_overdue(referral: Referral) -> bool:
    return _is_overdue({"status": referral.status, "ack_due_at": referral.ack_due_at,
                        "first_contact_at": referral.first_contact_at,
                        "first_contact_due_at": referral.first_contact_due_at,
                        "revocation_choice": referral.revocation_choice,
                        "revocation_due_at": referral.revocation_due_at}, timezone.now())


def status_sections(help_request) -> list[dict]:
    """What her status page (F7) shows of referrals made about this request: for each, a
    sentence in the page's language with the receiver and the status, and, after she
    withdrew her consent, whether the receiver erased what it received or keeps it and why."""
    sections = []
    referrals = Referral.objects.filter(subject_ref=help_request.public_id).select_related(
        "receiving_organisation", "receiving_recipient").order_by("created_at")
    for referral in referrals:
        receiver = (referral.receiving_organisation.name if referral.receiving_organisation_id
                    else referral.receiving_recipient.name)
        lines = [_("Referral %(reference)s to %(organisation)s: %(status)s.") % {
            "reference": referral.reference, "organisation": receiver, "status": referral.get_status_display()}]
        if referral.revocation_choice == Referral.RevocationChoice.ERASED:
            lines.append(_("After you withdrew your consent, %(organisation)s erased what it received.") % {
                "organisation": receiver})
        elif referral.revocation_choice == Referral.RevocationChoice.KEPT:
            lines.append(_("After you withdrew your consent, %(organisation)s keeps what it received for this "
                           "lawful reason: %(reason)s.") % {"organisation": receiver,
                                                            "reason": referral.get_kept_reason_display()})
        elif referral.status == Referral.Status.REVOKED:
            lines.append(_("You withdrew your consent. %(organisation)s must now erase what it received or tell "
                           "you why it keeps it.") % {"organisation": receiver})
        sections.append({"heading": _("Referral"), "lines": lines})
    return sections

"""Writes of the impact app: keyword-only, atomic, audited (F6). No personal data is written:
outreach is counted, a publication names a figure, an export names a report and a period."""

from django.db import transaction

from harbour.accounts.models import Organisation, User
from harbour.core.audit import audit_append
from harbour.impact import metrics
from harbour.impact.disclosure import Period
from harbour.impact.models import OutreachActivity, Publication


def outreach_activity_create(*, acting_user: User, organisation: Organisation, kind: str, held_on,
                             people_reached: int = 0, organisations_reached: int = 0,
                             decision_makers_met: int = 0) -> OutreachActivity:
    """Log one outreach or advocacy activity (counts only). Raises ValidationError for an unknown
    kind, a negative or implausible count."""
    activity = OutreachActivity(organisation=organisation, kind=kind, held_on=held_on,
                                people_reached=people_reached, organisations_reached=organisations_reached,
                                decision_makers_met=decision_makers_met, recorded_by=acting_user)
    with transaction.atomic():
        activity.full_clean()
        activity.save()
        audit_append(action="impact.outreach_logged", actor=acting_user, organisation=organisation,
                     subject=activity, detail={"kind": kind, "held_on": str(held_on)})
    return activity


def outreach_activity_delete(*, acting_user: User, activity: OutreachActivity) -> None:
    with transaction.atomic():
        audit_append(action="impact.outreach_deleted", actor=acting_user, organisation=activity.organisation,
                     subject=activity, detail={"kind": activity.kind})
        activity.delete()


def publication_set(*, acting_user: User, organisation: Organisation, metric_id: str, breakdown: str,
                    publish: bool) -> Publication | None:
    """Publish (or withdraw) `metric_id` by `breakdown` for `organisation`: published figures show
    on the public figures page and API and as the organisation's row in its networks' views.
    Raises UnknownMetric or UnknownBreakdown (a breakdown the metric does not allow)."""
    metric = metrics.get(metric_id)
    metric.check_breakdown(breakdown)
    with transaction.atomic():
        if publish:
            publication, _created = Publication.objects.get_or_create(
                organisation=organisation, metric=metric.id, breakdown=breakdown,
                defaults={"published_by": acting_user})
        else:
            Publication.objects.filter(organisation=organisation, metric=metric.id, breakdown=breakdown).delete()
            publication = None
        audit_append(action="impact.published" if publish else "impact.withdrawn", actor=acting_user,
                     organisation=organisation, detail={"metric": metric.id, "breakdown": breakdown})
    return publication


def report_export_record(*, acting_user: User, scope, report: str, period: Period, export_format: str) -> None:
    """Audit an export of aggregate figures: who (`acting_user`), which report (`report`, e.g.
    "funder:training"), which `period`, in which format ("html", "csv", "xlsx", "pdf"). `scope` is
    the Organisation or Network it covers."""
    audit_append(action="impact.report_exported", actor=acting_user, organisation=scope,
                 detail={"report": report, "period": str(period), "format": export_format})

"""The metrics Harbour publishes, each defined once: name, plain-language definition, unit, source
(structured, non-sealed fields only: nothing here unseals anything), allowed breakdowns, minimum
group size, and how its records are read.

A metric's records are `Record(day, attrs, weight)`: `day` a date inside the period, `attrs` the
values of each breakdown it allows (a list counts the record once under each value), `weight` the
number of people or units it stands for. `tabulate` turns them into a two-way table (rows: the
breakdown's categories, all of them even when empty; columns: the calendar months of the period),
which `figures.build` then protects with harbour.impact.disclosure.

The referral metrics (issue 16) read harbour.referrals' structured fields only (status,
decline_reason, outcome_code, unable_reason, needs, language and the times); sent referrals count
for the referring organisation, everything else for the receiving one. Two of them carry a
`summary` beside their table, computed in figures.build: the overdue share (a percentage taken
from the published cells only, none on a base under the threshold) and the median time to first
contact (plain clock hours, not working hours; none on fewer referrals than the threshold).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from harbour.impact.disclosure import DisclosureError, Period


class UnknownBreakdown(DisclosureError):
    """A breakdown the metric does not allow (or that does not exist)."""


class UnknownMetric(DisclosureError):
    """No metric has that id."""


@dataclass(frozen=True)
class Record:
    day: datetime.date
    attrs: dict
    weight: int = 1


@dataclass(frozen=True)
class Breakdown:
    """A way to split a metric: `categories` returns [(key, label)] in display order."""

    id: str
    label: Promise
    categories: Callable[[list[int]], list[tuple[str, Promise | str]]]


NOT_SAID = "not_said"


def _choices(choices, *, not_said: bool = False):
    def categories(_org_ids):
        out = [(str(value), label) for value, label in choices if value != ""]
        return out + ([(NOT_SAID, _("Not recorded"))] if not_said else [])
    return categories


def _languages(_org_ids):
    return [(code, name) for code, name in settings.LANGUAGES] + [(NOT_SAID, _("Not recorded"))]


def _regions(org_ids):
    from harbour.accounts.models import Organisation

    regions = sorted({r or "" for r in Organisation.objects.filter(pk__in=org_ids).values_list("region", flat=True)})
    return [(r or NOT_SAID, r or _("Not recorded")) for r in regions]


def _total(_org_ids):
    return [("all", _("All"))]


def _bands(_org_ids):
    return [("improved", _("Improved")), ("same", _("No change")), ("declined", _("Declined"))]


def _contact_bands(_org_ids):
    return [("day", _("Within a day")), ("three_days", _("In two or three days")),
            ("week", _("In four to seven days")), ("later", _("After more than a week"))]


def _ratings(_org_ids):
    return [(str(n), str(n)) for n in range(1, 6)]


def _steps(_org_ids):
    from harbour.training.models import PathwayStep

    return _choices(PathwayStep.Step.choices)(_org_ids)


def _need_choices(org_ids):
    from harbour.help.models import HelpRequest

    return _choices(HelpRequest.Need.choices, not_said=True)(org_ids)


def _audience(org_ids):
    from harbour.training.models import Course

    return _choices(Course.Audience.choices)(org_ids)


def _barrier_categories(org_ids):
    from harbour.help.models import BarrierTally

    return _choices(BarrierTally.Category.choices)(org_ids)


def _barrier_sources(org_ids):
    from harbour.help.models import BarrierTally

    return _choices(BarrierTally.Source.choices)(org_ids)


def _case_sources(org_ids):
    from harbour.cases.models import Case

    return _choices(Case.Source.choices)(org_ids)


def _close_reasons(org_ids):
    from harbour.cases.models import Case

    return _choices(Case.CloseReason.choices, not_said=True)(org_ids)


def _risk_levels(_org_ids):
    return [("standard", _("Standard")), ("medium", _("Medium")), ("high", _("High")),
            (NOT_SAID, _("Not assessed"))]


def _safety(org_ids):
    from harbour.cases.models import Outcome

    return _choices(Outcome.Safety.choices, not_said=True)(org_ids)


def _abuse(org_ids):
    from harbour.cases.models import Outcome

    return _choices(Outcome.Abuse.choices, not_said=True)(org_ids)


def _decline_reasons(org_ids):
    from harbour.referrals.models import Referral

    return _choices(Referral.DeclineReason.choices)(org_ids)


def _referral_outcomes(org_ids):
    from harbour.referrals.models import Referral

    return _choices(Referral.Outcome.choices, not_said=True)(org_ids)


def _unable_reasons(org_ids):
    from harbour.referrals.models import Referral

    return _choices(Referral.UnableReason.choices, not_said=True)(org_ids)


def _acknowledgement(_org_ids):
    return [("on_time", _("Acknowledged in time")), ("late", _("Acknowledged late")),
            ("not_acknowledged", _("Not acknowledged"))]


def _outreach_kinds(org_ids):
    from harbour.impact.models import OutreachActivity

    return _choices(OutreachActivity.Kind.choices)(org_ids)


BREAKDOWNS: dict[str, Breakdown] = {b.id: b for b in [
    Breakdown("total", _("Total"), _total),
    Breakdown("need", _("Need"), _need_choices),
    Breakdown("language", _("Language"), _languages),
    Breakdown("region", _("Region"), _regions),
    Breakdown("audience", _("Audience"), _audience),
    Breakdown("step", _("Pathway step"), _steps),
    Breakdown("band", _("Change"), _bands),
    Breakdown("contact_band", _("Time to first contact"), _contact_bands),
    Breakdown("rating", _("Rating (1 to 5)"), _ratings),
    Breakdown("source", _("Where it came from"), _case_sources),
    Breakdown("barrier_source", _("Where it was asked"), _barrier_sources),
    Breakdown("category", _("Barrier"), _barrier_categories),
    Breakdown("close_reason", _("Reason for closing"), _close_reasons),
    Breakdown("risk_level", _("Risk level at intake"), _risk_levels),
    Breakdown("safety", _("Feeling of safety at closure"), _safety),
    Breakdown("abuse", _("Abuse at closure"), _abuse),
    Breakdown("kind", _("Kind of activity"), _outreach_kinds),
    Breakdown("decline_reason", _("Reason for declining"), _decline_reasons),
    Breakdown("referral_outcome", _("What was delivered"), _referral_outcomes),
    Breakdown("unable_reason", _("Why it could not be completed"), _unable_reasons),
    Breakdown("acknowledgement", _("Acknowledgement"), _acknowledgement),
]}


@dataclass(frozen=True)
class Metric:
    """One published measure. `unit` is one of UNITS; `source` names the app, model and plain
    fields read; `breakdowns` the Breakdown ids allowed ("total" always first); `min_group` the
    smallest group published (0: the deployment's threshold; never lower than it);
    `records(org_ids, start, end)` yields Records for days start..end inclusive; `dp_sensitivity`
    the most one person's records add to the total (0: never released with noise)."""

    id: str
    programme: str
    name: Promise
    definition: Promise
    unit: str
    source: str
    breakdowns: tuple[str, ...]
    records: Callable[[list[int], datetime.date, datetime.date], Iterable[Record]] = field(repr=False)
    min_group: int = 0
    # Differential privacy (privacy.py): how much one person can change the total (0: this metric
    # is never released with noise, e.g. because a record can stand for an unbounded count).
    dp_sensitivity: int = 0
    # A statistic published beside the table (figures.build): "" none; "share" the share of the
    # records in `share_rows` of the `share_breakdown` split; "median_hours" the median of the
    # records' attrs["hours"].
    summary: str = ""
    share_breakdown: str = ""
    share_rows: tuple[str, ...] = ()

    def check_breakdown(self, breakdown: str) -> Breakdown:
        """The Breakdown for `breakdown` (an id); raises UnknownBreakdown when not allowed."""
        if breakdown not in self.breakdowns:
            raise UnknownBreakdown(f"The figure {self.id} cannot be broken down by {breakdown!r}.")
        return BREAKDOWNS[breakdown]


UNITS = {"people": _("people"), "requests": _("requests"), "sessions": _("sessions"), "cases": _("cases"),
         "answers": _("answers"), "activities": _("activities"), "referrals": _("referrals"),
         "organisations": _("organisations")}

PROGRAMMES = {"training": _("Peer training"), "help": _("Help and first contact"), "referrals": _("Referrals"),
              "casework": _("Casework"),
              "barriers": _("Barriers to asking for help"), "outreach": _("Stakeholder reach")}

REGISTRY: dict[str, Metric] = {}


def register(metric: Metric) -> Metric:
    """Add `metric` to the registry; raises ValueError for a duplicate id or a breakdown that
    does not exist."""
    if metric.id in REGISTRY:
        raise ValueError(f"metric {metric.id} is already registered")
    unknown = set(metric.breakdowns) - set(BREAKDOWNS)
    if unknown or metric.breakdowns[0] != "total":
        raise ValueError(f"metric {metric.id}: breakdowns must start with 'total' and exist ({unknown})")
    REGISTRY[metric.id] = metric
    return metric


def get(metric_id: str) -> Metric:
    """The metric with `metric_id`; raises UnknownMetric."""
    try:
        return REGISTRY[metric_id]
    except KeyError:
        raise UnknownMetric(f"There is no figure called {metric_id!r}.") from None


def in_programme(programme: str) -> list[Metric]:
    return [m for m in REGISTRY.values() if m.programme == programme]


# Tabulation ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RawTable:
    """Unprotected counts: `rows` [(key, label)], `columns` [Period] (months), `counts[i][j]`;
    `hours` the records' hours (for a "median_hours" summary), `shares` {row key: count} of the
    metric's `share_breakdown` (for a "share" summary)."""

    rows: list
    columns: list
    counts: list
    hours: list = field(default_factory=list)
    shares: dict = field(default_factory=dict)


def tabulate(metric: Metric, org_ids: list[int], period: Period, breakdown: str, *,
             by_month: bool = True) -> RawTable:
    """Count `metric` for organisations `org_ids` (primary keys) over `period`, split by
    `breakdown` (rows) and by month (columns; with `by_month` False, one column: the period).
    Raises UnknownBreakdown before reading anything."""
    split = metric.check_breakdown(breakdown)
    rows = split.categories(org_ids)
    months = period.months() if by_month else [period]
    row_index = {key: i for i, (key, _label) in enumerate(rows)}
    counts = [[0] * len(months) for _ in rows]
    hours: list = []
    shares: dict = {}
    first = months[0].start
    for record in metric.records(org_ids, period.start, period.end):
        if not period.start <= record.day <= period.end:
            continue
        if metric.summary == "median_hours" and record.attrs.get("hours") is not None:
            hours.append(record.attrs["hours"])
        if metric.summary == "share":
            share_key = record.attrs.get(metric.share_breakdown)
            shares[share_key] = shares.get(share_key, 0) + record.weight
        column = (record.day.year - first.year) * 12 + record.day.month - first.month if by_month else 0
        if breakdown == "total":
            keys = ["all"]
        else:
            value = record.attrs.get(breakdown)
            keys = value if isinstance(value, list | tuple) else [value]
            keys = [str(k) if k not in (None, "") else NOT_SAID for k in keys] or [NOT_SAID]
        for key in keys:
            if key in row_index:
                counts[row_index[key]][column] += record.weight
    return RawTable(rows=rows, columns=months, counts=counts, hours=hours, shares=shares)


# Helpers for the record readers ----------------------------------------------------------------


def _aware_range(start: datetime.date, end: datetime.date):
    tz = timezone.get_current_timezone()
    return (datetime.datetime.combine(start, datetime.time.min, tzinfo=tz),
            datetime.datetime.combine(end, datetime.time.max, tzinfo=tz))


def _regions_of(org_ids) -> dict[int, str]:
    from harbour.accounts.models import Organisation

    return dict(Organisation.objects.filter(pk__in=org_ids).values_list("pk", "region"))


def _band(before, after) -> str:
    if after > before:
        return "improved"
    if after < before:
        return "declined"
    return "same"


# Help ------------------------------------------------------------------------------------------


def help_request_records(org_ids, start, end):
    from harbour.help.models import HelpRequest

    regions = _regions_of(org_ids)
    rows = HelpRequest.objects.filter(organisation_id__in=org_ids, created_at__range=(start, end)).values_list(
        "created_at", "needs", "language", "organisation_id")
    for day, needs, language, org in rows.iterator(chunk_size=2000):
        yield Record(day, {"need": list(needs or []) or [NOT_SAID], "language": language, "region": regions.get(org)})


def first_contact_records(org_ids, start, end):
    from harbour.cases.models import Case

    regions = _regions_of(org_ids)
    rows = Case.objects.filter(organisation_id__in=org_ids, first_contact_on__range=(start, end),
                               first_contact_hours__isnull=False).values_list(
        "first_contact_on", "first_contact_hours", "language", "organisation_id")
    for day, hours, language, org in rows.iterator(chunk_size=2000):
        band = "day" if hours <= 24 else "three_days" if hours <= 72 else "week" if hours <= 168 else "later"
        yield Record(day, {"contact_band": band, "language": language, "region": regions.get(org)})


# Training --------------------------------------------------------------------------------------

ATTENDED = ("present", "late", "left_early")


def _delivered_sessions(org_ids, start, end):
    from harbour.training.models import Session

    low, high = _aware_range(start, end)
    return Session.objects.filter(course__organisation_id__in=org_ids, starts_at__range=(low, high),
                                  starts_at__lte=timezone.now(), is_cancelled=False)


def session_records(org_ids, start, end):
    regions = _regions_of(org_ids)
    for starts_at, audience, languages, org in _delivered_sessions(org_ids, start, end).values_list(
            "starts_at", "course__audience", "languages", "course__organisation_id"):
        yield Record(timezone.localtime(starts_at).date(),
                     {"audience": audience, "language": list(languages or []), "region": regions.get(org)})


def _trained_records(org_ids, start, end, *, audience=None, lead_user_ids=None):
    from harbour.training.models import Booking

    sessions = _delivered_sessions(org_ids, start, end)
    if audience:
        sessions = sessions.filter(course__audience=audience)
    if lead_user_ids is not None:
        sessions = sessions.filter(trainer_roles__role="lead", trainer_roles__trainer_id__in=lead_user_ids).distinct()
    regions = _regions_of(org_ids)
    info = {pk: (timezone.localtime(at).date(), aud, walk_ins, org) for pk, at, aud, walk_ins, org in sessions.values_list(
        "pk", "starts_at", "course__audience", "walk_ins", "course__organisation_id")}
    for session_id, places, language in Booking.objects.filter(
            session_id__in=list(info), attendance__in=ATTENDED).values_list("session_id", "places", "language"):
        day, aud, _walk_ins, org = info[session_id]
        yield Record(day, {"audience": aud, "language": language, "region": regions.get(org)}, places)
    for day, aud, walk_ins, org in info.values():
        if walk_ins:
            yield Record(day, {"audience": aud, "language": None, "region": regions.get(org)}, walk_ins)


def trained_records(org_ids, start, end):
    return _trained_records(org_ids, start, end)


def women_trained_records(org_ids, start, end):
    return _trained_records(org_ids, start, end, audience="women")


def professionals_trained_records(org_ids, start, end):
    return _trained_records(org_ids, start, end, audience="professionals")


def peer_reach_records(org_ids, start, end):
    from harbour.training.models import PathwayStep

    peers = list(PathwayStep.objects.filter(profile__organisation_id__in=org_ids).values_list(
        "profile__user_id", flat=True).distinct())
    return _trained_records(org_ids, start, end, lead_user_ids=peers)


def pathway_records(org_ids, start, end):
    from harbour.training.models import PathwayStep

    regions = _regions_of(org_ids)
    for day, step, org in PathwayStep.objects.filter(profile__organisation_id__in=org_ids,
                                                     on__range=(start, end)).values_list(
            "on", "step", "profile__organisation_id"):
        yield Record(day, {"step": str(step), "region": regions.get(org)})


def _paired_answers(org_ids, start, end):
    """[(day, audience, pre, post)] for tokens that answered before and after one session."""
    from harbour.training.models import QuestionnaireAnswer

    sessions = {s.pk: s for s in _delivered_sessions(org_ids, start, end).select_related("course")}
    answers = {}
    for answer in QuestionnaireAnswer.objects.filter(session_id__in=list(sessions)).only(
            "session_id", "phase", "token", "knowledge", "confidence"):
        answers.setdefault((answer.session_id, answer.token), {})[answer.phase] = answer
    for (session_id, _token), phases in answers.items():
        if "pre" in phases and "post" in phases:
            session = sessions[session_id]
            yield timezone.localtime(session.starts_at).date(), session.course, phases["pre"], phases["post"]


def knowledge_records(org_ids, start, end):
    from harbour.training import questions

    for day, course, pre, post in _paired_answers(org_ids, start, end):
        before, _n = questions.score(course.questions, pre.knowledge)
        after, _n = questions.score(course.questions, post.knowledge)
        yield Record(day, {"band": _band(before, after), "audience": course.audience})


def confidence_records(org_ids, start, end):
    for day, course, pre, post in _paired_answers(org_ids, start, end):
        items = sorted(set(pre.confidence) & set(post.confidence))
        if not items:
            continue
        before = sum(pre.confidence[i] for i in items)
        after = sum(post.confidence[i] for i in items)
        yield Record(day, {"band": _band(before, after), "audience": course.audience})


def feedback_records(org_ids, start, end):
    from harbour.training.models import QuestionnaireAnswer

    sessions = {pk: (timezone.localtime(at).date(), aud) for pk, at, aud in _delivered_sessions(
        org_ids, start, end).values_list("pk", "starts_at", "course__audience")}
    for session_id, rating in QuestionnaireAnswer.objects.filter(
            session_id__in=list(sessions), phase="post", rating__isnull=False).values_list("session_id", "rating"):
        day, audience = sessions[session_id]
        yield Record(day, {"rating": str(rating), "audience": audience})


# Casework --------------------------------------------------------------------------------------


def cases_opened_records(org_ids, start, end):
    from harbour.cases.models import Case

    regions = _regions_of(org_ids)
    for day, language, source, org in Case.objects.filter(
            organisation_id__in=org_ids, opened_on__range=(start, end)).values_list(
            "opened_on", "language", "source", "organisation_id").iterator(chunk_size=2000):
        yield Record(day, {"language": language, "source": source, "region": regions.get(org)})


def cases_closed_records(org_ids, start, end):
    """One record per closure (cases.Closure) in the period: it outlives the case's erasure or
    transfer, so erasing a closed case does not take it out of the figures."""
    from harbour.cases.models import Closure

    regions = _regions_of(org_ids)
    for day, reason, org in Closure.objects.filter(
            organisation_id__in=org_ids, closed_on__range=(start, end)).values_list(
            "closed_on", "close_reason", "organisation_id").iterator(chunk_size=2000):
        yield Record(day, {"close_reason": reason, "region": regions.get(org)})


def risk_at_intake_records(org_ids, start, end):
    from harbour.cases.models import Case, RiskAssessment

    opened = dict(Case.objects.filter(organisation_id__in=org_ids, opened_on__range=(start, end)).values_list(
        "pk", "opened_on"))
    first_level = {}
    for case_id, level in RiskAssessment.objects.filter(case_id__in=list(opened)).order_by(
            "case_id", "assessed_on", "pk").values_list("case_id", "level"):
        first_level.setdefault(case_id, level)
    for case_id, day in opened.items():
        yield Record(day, {"risk_level": first_level.get(case_id, NOT_SAID)})


def marac_records(org_ids, start, end):
    from harbour.cases.models import MaracReferral

    for day in MaracReferral.objects.filter(case__organisation_id__in=org_ids, status="sent",
                                            sent_on__range=(start, end)).values_list("sent_on", flat=True):
        yield Record(day, {})


def _closure_outcomes(org_ids, start, end):
    """Outcomes at closure whose closure (cases.Closure) falls in the period, dated by it: at most
    one per closure (a constraint), so they never outnumber the period's closures."""
    from harbour.cases.models import Outcome

    return Outcome.objects.filter(closure__organisation_id__in=org_ids, stage="closure",
                                  closure__closed_on__range=(start, end))


def outcome_safety_records(org_ids, start, end):
    for day, safety in _closure_outcomes(org_ids, start, end).values_list("closure__closed_on", "safety"):
        yield Record(day, {"safety": safety})


def outcome_abuse_records(org_ids, start, end):
    for day, abuse in _closure_outcomes(org_ids, start, end).values_list("closure__closed_on", "abuse"):
        yield Record(day, {"abuse": abuse})


def wellbeing_change_records(org_ids, start, end):
    """Closures in the period with a wellbeing score at intake and at closure, paired through
    their closure (which outlives the case), by whether it rose, stayed or fell."""
    from harbour.cases.models import Outcome

    closures = list(_closure_outcomes(org_ids, start, end).filter(wellbeing__isnull=False).values_list(
        "closure_id", "closure__closed_on", "wellbeing"))
    intake = dict(Outcome.objects.filter(stage="intake", closure_id__in=[c for c, _d, _w in closures],
                                         wellbeing__isnull=False).values_list("closure_id", "wellbeing"))
    for closure_id, day, after in closures:
        if closure_id in intake:
            yield Record(day, {"band": _band(intake[closure_id], after)})


# Referrals -------------------------------------------------------------------------------------
# Draft referrals were never sent and referrals "sent in error" were a mistake: neither counts.


def _referrals(org_ids, start, end, *, side: str, at: str):
    from harbour.referrals.models import Referral

    low, high = _aware_range(start, end)
    return Referral.objects.filter(**{f"{side}_organisation_id__in": org_ids, f"{at}__range": (low, high)}).exclude(
        status__in=["draft", "sent_in_error"])


def _referral_rows(org_ids, start, end, *, side: str, at: str, extra=(), **filters):
    regions = _regions_of(org_ids)
    rows = _referrals(org_ids, start, end, side=side, at=at).filter(**filters).values_list(
        at, "needs", "language", f"{side}_organisation_id", *extra)
    for when, needs, language, org, *more in rows.iterator(chunk_size=2000):
        attrs = {"need": list(needs or []) or [NOT_SAID], "language": language, "region": regions.get(org)}
        attrs.update(zip(extra, more, strict=True))
        yield Record(timezone.localtime(when).date(), attrs)


def referrals_sent_records(org_ids, start, end):
    return _referral_rows(org_ids, start, end, side="referring", at="sent_at")


def referrals_received_records(org_ids, start, end):
    return _referral_rows(org_ids, start, end, side="receiving", at="received_at")


def referrals_accepted_records(org_ids, start, end):
    return _referral_rows(org_ids, start, end, side="receiving", at="accepted_at")


def referrals_declined_records(org_ids, start, end):
    return _referral_rows(org_ids, start, end, side="receiving", at="declined_at", extra=("decline_reason",),
                          status="declined")


def referrals_completed_records(org_ids, start, end):
    for record in _referral_rows(org_ids, start, end, side="receiving", at="closed_at", extra=("outcome_code",),
                                 status="completed"):
        record.attrs["referral_outcome"] = record.attrs.pop("outcome_code")
        yield record


def referrals_unable_records(org_ids, start, end):
    return _referral_rows(org_ids, start, end, side="receiving", at="closed_at", extra=("unable_reason",),
                          status="unable_to_complete")


def referral_acknowledgement_records(org_ids, start, end):
    """One record per referral whose acknowledgement fell due in the period and has passed: in
    time (received by its due time), late (received after it) or not acknowledged (not received
    and still open when it fell due). Counted on the day it fell due."""
    now = timezone.now()
    for due, received, closed, needs in _referrals(org_ids, start, end, side="receiving", at="ack_due_at").filter(
            sent_at__isnull=False, ack_due_at__lt=now).values_list(
            "ack_due_at", "received_at", "closed_at", "needs").iterator(chunk_size=2000):
        if received is not None:
            band = "on_time" if received <= due else "late"
        elif closed is None or closed > due:
            band = "not_acknowledged"
        else:
            continue  # withdrawn before it fell due: nothing was owed
        yield Record(timezone.localtime(due).date(), {"acknowledgement": band, "need": list(needs or []) or [NOT_SAID]})


def referral_first_contact_records(org_ids, start, end):
    """Referrals whose first contact was made in the period, with the plain clock hours from
    sending to first contact (not working hours, although the partnership limits are)."""
    regions = _regions_of(org_ids)
    for contact, sent, language, org in _referrals(org_ids, start, end, side="receiving",
                                                   at="first_contact_at").filter(sent_at__isnull=False).values_list(
            "first_contact_at", "sent_at", "language", "receiving_organisation_id").iterator(chunk_size=2000):
        hours = max((contact - sent).total_seconds() / 3600, 0)
        band = "day" if hours <= 24 else "three_days" if hours <= 72 else "week" if hours <= 168 else "later"
        yield Record(timezone.localtime(contact).date(), {"contact_band": band, "hours": hours, "language": language,
                                                          "region": regions.get(org)})


# Barriers and outreach -------------------------------------------------------------------------


def _barrier_rows(org_ids, start, end, *, answered: bool):
    from harbour.help.models import BarrierTally

    rows = BarrierTally.objects.filter(organisation_id__in=org_ids, month__range=(start.replace(day=1), end))
    rows = rows.filter(category=BarrierTally.ANSWERED) if answered else rows.exclude(category=BarrierTally.ANSWERED)
    for month, source, category, count in rows.values_list("month", "source", "category", "count"):
        yield Record(month, {"category": category, "barrier_source": source}, count)


def barrier_records(org_ids, start, end):
    return _barrier_rows(org_ids, start, end, answered=False)


def barrier_respondent_records(org_ids, start, end):
    return _barrier_rows(org_ids, start, end, answered=True)


def _outreach(org_ids, start, end, field_name):
    from harbour.impact.models import OutreachActivity

    regions = _regions_of(org_ids)
    for day, kind, count, org in OutreachActivity.objects.filter(
            organisation_id__in=org_ids, held_on__range=(start, end)).values_list(
            "held_on", "kind", field_name, "organisation_id"):
        if count:
            yield Record(day, {"kind": kind, "region": regions.get(org)}, count)


def outreach_people_records(org_ids, start, end):
    return _outreach(org_ids, start, end, "people_reached")


def outreach_organisation_records(org_ids, start, end):
    return _outreach(org_ids, start, end, "organisations_reached")


def outreach_decision_maker_records(org_ids, start, end):
    return _outreach(org_ids, start, end, "decision_makers_met")


# The registry ----------------------------------------------------------------------------------

for _metric in [
    Metric("help_requests", "help", _("Help requests"),
           _("Requests for help received through Harbour, counted once under each kind of help asked for."),
           "requests", "help.HelpRequest: created_at (day), needs, language", ("total", "need", "language", "region"),
           help_request_records, dp_sensitivity=1),
    Metric("time_to_first_contact", "help", _("Time to first contact"),
           _("Cases where the first contact with her was made in the period, by how long it took from the case being opened."),
           "cases", "cases.Case: first_contact_on, first_contact_hours, language",
           ("total", "contact_band", "language", "region"), first_contact_records),
    Metric("referrals_sent", "referrals", _("Referrals sent"),
           _("Referrals this organisation sent to another in the period, counted once under each kind of help asked for."),
           "referrals", "referrals.Referral: sent_at, status, needs, language (referring organisation)",
           ("total", "need", "language", "region"), referrals_sent_records),
    Metric("referrals_received", "referrals", _("Referrals received"),
           _("Referrals to this organisation that it acknowledged, accepted or declined for the first time in the period."),
           "referrals", "referrals.Referral: received_at, status, needs, language (receiving organisation)",
           ("total", "need", "language", "region"), referrals_received_records),
    Metric("referrals_accepted", "referrals", _("Referrals accepted"),
           _("Referrals this organisation accepted in the period."),
           "referrals", "referrals.Referral: accepted_at, status, needs, language (receiving organisation)",
           ("total", "need", "language", "region"), referrals_accepted_records),
    Metric("referrals_declined", "referrals", _("Referrals declined"),
           _("Referrals this organisation declined in the period, by the reason it recorded."),
           "referrals", "referrals.Referral: declined_at, status, decline_reason, needs (receiving organisation)",
           ("total", "decline_reason", "need", "region"), referrals_declined_records),
    Metric("referrals_completed", "referrals", _("Referrals completed"),
           _("Referrals this organisation completed in the period, by what was delivered."),
           "referrals", "referrals.Referral: closed_at, status, outcome_code, needs (receiving organisation)",
           ("total", "referral_outcome", "need", "region"), referrals_completed_records),
    Metric("referrals_unable", "referrals", _("Referrals that could not be completed"),
           _("Referrals this organisation accepted but could not complete, closed in the period, by the reason recorded."),
           "referrals", "referrals.Referral: closed_at, status, unable_reason, needs (receiving organisation)",
           ("total", "unable_reason", "need", "region"), referrals_unable_records),
    Metric("referrals_overdue", "referrals", _("Referrals due for acknowledgement, by whether they were acknowledged in time"),
           _("Referrals whose time to acknowledge (the partnership's limit) ran out in the period, by whether they were acknowledged in time, late or not at all; the overdue share (late and not acknowledged together) is given only when it and the rest are each at least the threshold."),
           "referrals", "referrals.Referral: ack_due_at, received_at, closed_at, needs (receiving organisation)",
           ("total", "acknowledgement", "need"), referral_acknowledgement_records,
           summary="share", share_breakdown="acknowledgement", share_rows=("late", "not_acknowledged")),
    Metric("referral_first_contact", "referrals", _("Time to first contact on referrals"),
           _("Referrals whose first contact with her was made in the period, by the time from sending, in plain clock hours (not working hours); the median is given only when at least as many referrals as the threshold."),
           "referrals", "referrals.Referral: sent_at, first_contact_at, language (receiving organisation)",
           ("total", "contact_band", "language", "region"), referral_first_contact_records, summary="median_hours"),
    Metric("sessions_delivered", "training", _("Workshops delivered"),
           _("Workshop sessions that took place in the period and were not cancelled."),
           "sessions", "training.Session: starts_at, is_cancelled, languages; training.Course: audience",
           ("total", "audience", "language", "region"), session_records),
    Metric("people_trained", "training", _("People trained"),
           _("People marked present (also late or leaving early) at a workshop in the period, with walk-ins."),
           "people", "training.Booking: attendance, places, language; training.Session: walk_ins",
           ("total", "audience", "language", "region"), trained_records),
    Metric("women_trained", "training", _("Women trained"),
           _("People trained at workshops for women."),
           "people", "training.Booking: attendance, places, language; training.Course: audience",
           ("total", "language", "region"), women_trained_records, dp_sensitivity=6),
    Metric("professionals_trained", "training", _("Professionals trained"),
           _("People trained at workshops for front-line professionals."),
           "people", "training.Booking: attendance, places, language; training.Course: audience",
           ("total", "language", "region"), professionals_trained_records),
    Metric("peer_trainer_steps", "training", _("Peer trainers at each step"),
           _("Steps of the peer trainers' pathway signed off in the period."),
           "people", "training.PathwayStep: step, on", ("total", "step", "region"), pathway_records),
    Metric("reached_by_peer_trainers", "training", _("People reached by peer trainers"),
           _("People trained at workshops led by a trainer on the peer trainers' pathway."),
           "people", "training.Booking, training.SessionTrainer (lead), training.PathwayStep",
           ("total", "audience", "language", "region"), peer_reach_records),
    Metric("knowledge_change", "training", _("Knowledge before and after"),
           _("Paired questionnaires (before and after the same workshop) by whether the number of right answers rose, stayed or fell."),
           "answers", "training.QuestionnaireAnswer: phase, token, knowledge (scored against the course's questions)",
           ("total", "band", "audience"), knowledge_records),
    Metric("confidence_change", "training", _("Confidence before and after"),
           _("Paired questionnaires by whether her confidence (1 to 5, summed over the items answered both times) rose, stayed or fell."),
           "answers", "training.QuestionnaireAnswer: phase, token, confidence", ("total", "band", "audience"),
           confidence_records),
    Metric("feedback", "training", _("Workshop feedback"),
           _("Ratings given after a workshop, from 1 (poor) to 5 (very good)."),
           "answers", "training.QuestionnaireAnswer: phase, rating", ("total", "rating", "audience"),
           feedback_records),
    Metric("cases_opened", "casework", _("Cases opened"), _("Cases opened in the period."),
           "cases", "cases.Case: opened_on, language, source", ("total", "language", "source", "region"),
           cases_opened_records, dp_sensitivity=1),
    Metric("cases_closed", "casework", _("Cases closed"),
           _("Cases closed in the period, by the reason recorded; a closed case that was later erased still counts, a case reopened since does not."),
           "cases", "cases.Closure: closed_on, close_reason (kept when the case is erased)",
           ("total", "close_reason", "region"), cases_closed_records),
    Metric("risk_at_intake", "casework", _("Risk level at intake"),
           _("Cases opened in the period by the level of their first risk assessment."),
           "cases", "cases.Case: opened_on; cases.RiskAssessment: level, assessed_on",
           ("total", "risk_level"), risk_at_intake_records),
    Metric("marac_referrals", "casework", _("MARAC referrals"),
           _("Referrals to a multi-agency risk assessment conference sent in the period."),
           "referrals", "cases.MaracReferral: status, sent_on", ("total",), marac_records),
    Metric("outcome_safety", "casework", _("Feeling safer at closure"),
           _("Cases closed in the period with outcomes recorded at closure, by how safe she felt; never more than the cases closed."),
           "cases", "cases.Outcome: stage, safety; cases.Closure: closed_on", ("total", "safety"),
           outcome_safety_records),
    Metric("outcome_abuse", "casework", _("Abuse at closure"),
           _("Cases closed in the period with outcomes recorded at closure, by whether the abuse had ended, lessened or was still going on; never more than the cases closed."),
           "cases", "cases.Outcome: stage, abuse; cases.Closure: closed_on", ("total", "abuse"),
           outcome_abuse_records),
    Metric("wellbeing_change", "casework", _("Wellbeing at closure against intake"),
           _("Cases closed in the period with a wellbeing score (0 to 10) at intake and at closure, by whether it rose, stayed or fell."),
           "cases", "cases.Outcome: stage, wellbeing; cases.Closure: closed_on", ("total", "band"),
           wellbeing_change_records),
    Metric("barriers", "barriers", _("What made it harder to ask for help"),
           _("Reasons named in the optional, anonymous question on the help form and at case intake; one answer may name several."),
           "answers", "help.BarrierTally: month, source, category, count", ("total", "category", "barrier_source"),
           barrier_records),
    Metric("barrier_respondents", "barriers", _("People who answered the barriers question"),
           _("Answers to the optional barriers question that named at least one reason."),
           "people", "help.BarrierTally: month, source, count (answered)", ("total", "barrier_source"),
           barrier_respondent_records, dp_sensitivity=1),
    Metric("outreach_people", "outreach", _("People reached by outreach and advocacy"),
           _("People reached by the activities staff logged in the period."),
           "people", "impact.OutreachActivity: held_on, kind, people_reached", ("total", "kind", "region"),
           outreach_people_records),
    Metric("outreach_organisations", "outreach", _("Organisations reached"),
           _("Organisations reached by the activities staff logged in the period (an organisation met twice counts twice)."),
           "organisations", "impact.OutreachActivity: held_on, kind, organisations_reached", ("total", "kind", "region"),
           outreach_organisation_records),
    Metric("decision_makers_met", "outreach", _("Decision-makers met"),
           _("Decision-makers (elected members, officials, commissioners) met at the activities staff logged."),
           "people", "impact.OutreachActivity: held_on, kind, decision_makers_met", ("total", "kind", "region"),
           outreach_decision_maker_records),
]:
    register(_metric)

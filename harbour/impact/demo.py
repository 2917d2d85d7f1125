"""A year of fictional activity for the impact figures, so that the dashboards are not empty and
some cells are suppressed: closed help requests and anonymous barrier answers at the organisations
that take requests, past (shredded) workshops with attendance and questionnaires at the training
organisation, closures and their outcomes that outlived their (erased) cases, closed referrals between the
demo partnership's two organisations (plain fields only: a referral holds none of her words),
outreach logs, and a few published figures. Deterministic (a seeded generator); safe to run again (skips when present)."""

import datetime
import random
import uuid

from django.utils import timezone

from harbour.accounts.models import Membership, Organisation
from harbour.cases.models import Case, Closure, Outcome
from harbour.firewall import crypto, keys
from harbour.help.models import BarrierTally, HelpRequest
from harbour.impact import services
from harbour.impact.disclosure import Period
from harbour.impact.models import OutreachActivity, Publication
from harbour.referrals.models import Partnership, Referral
from harbour.training.models import Booking, Course, QuestionnaireAnswer, Session

NEEDS = [("safety", 6), ("housing", 4), ("legal", 3), ("immigration_advice", 3), ("counselling", 2),
         ("health", 1), ("interpreter", 2), ("other", 1)]
BARRIERS = [("fear_enforcement", 5), ("rights", 4), ("where", 4), ("language", 3), ("fear_community", 2),
            ("nrpf", 2), ("children", 2), ("other", 1)]
HELP_FIGURES = [("help_requests", "need"), ("barriers", "category")]
TRAINING_FIGURES = [("people_trained", "audience"), ("sessions_delivered", "total")]
REFERRAL_PATHS = [("completed", 8), ("unable_to_complete", 2), ("declined", 2), ("withdrawn", 1)]
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"


def _months(today: datetime.date) -> list[Period]:
    last = Period(today.year, "month", today.month).previous()
    months = [last]
    while len(months) < 12:
        months.append(months[-1].previous())
    return list(reversed(months))


def _pick(rng: random.Random, weighted) -> str:
    return rng.choices([v for v, _w in weighted], weights=[w for _v, w in weighted])[0]


def _help_history(rng, organisation, months, scale):
    public_key = keys.public_key_of(organisation)
    if public_key is None:
        return
    languages = [code for code in ("en", "ar", "es") if code in organisation.languages] or ["en"]
    for month in months:
        for _ in range(int(rng.randint(12, 26) * scale)):
            day = month.start + datetime.timedelta(days=rng.randint(0, (month.end - month.start).days))
            request = HelpRequest(organisation=organisation, language=rng.choice(languages), status="closed",
                                  needs=sorted({_pick(rng, NEEDS) for _ in range(rng.randint(1, 2))}),
                                  contact_channel="check_back", closed_on=day)
            request.sealed_content, request.sealed_key = crypto.seal_record(public_key, {
                "name": "", "message": "A fictional demo request.",
                "contact": {"value": "", "safe_times": "", "message_ok": None}}, context=crypto.context_of(request))
            request.save()
            HelpRequest.objects.filter(pk=request.pk).update(created_at=day, updated_at=day)
        for source, share in (("help", 0.5), ("case", 0.2)):
            answered = int(rng.randint(8, 20) * share * scale * 2)
            tallies = {BarrierTally.ANSWERED: answered}
            for _ in range(answered):
                for category in {_pick(rng, BARRIERS) for _ in range(rng.randint(1, 2))}:
                    tallies[category] = tallies.get(category, 0) + 1
            for category, count in tallies.items():
                BarrierTally.objects.create(organisation=organisation, source=source, month=month.start,
                                            category=category, count=count)


def _outcome_history(rng, organisation, months):
    """Closures of cases since erased (cases.Closure with no case), most with their outcomes at
    closure: the figures count both from these rows, so outcomes never outnumber closures."""
    reasons = random.Random(f"closures-{organisation.pk}")  # noqa: S311 - fictional demo figures
    for month in months:
        for _ in range(rng.randint(3, 9)):
            safety = rng.choices(["safer", "same", "less_safe"], weights=[7, 2, 1])[0]
            abuse = rng.choices(["stopped", "reduced", "ongoing"], weights=[4, 4, 2])[0]
            wellbeing = rng.randint(3, 9)
            day = month.start + datetime.timedelta(days=rng.randint(0, 27))
            closure = Closure.objects.create(organisation=organisation, case=None, closed_on=day,
                                             close_reason=reasons.choice(Case.CloseReason.values))
            outcome = Outcome.objects.create(organisation=organisation, case=None, closure=closure, stage="closure",
                                             year=month.year, safety=safety, abuse=abuse, wellbeing=wellbeing)
            at = datetime.datetime.combine(day, datetime.time(12), tzinfo=timezone.get_current_timezone())
            Outcome.objects.filter(pk=outcome.pk).update(created_at=at)
        for _ in range(reasons.randint(0, 3)):  # closed without outcomes recorded
            Closure.objects.create(organisation=organisation, case=None, close_reason=reasons.choice(
                Case.CloseReason.values), closed_on=month.start + datetime.timedelta(days=reasons.randint(0, 27)))


def _training_history(rng, organisation, months):
    course = Course.objects.filter(organisation=organisation, audience="women").first()
    if course is None:
        return
    questions = course.questions or []
    for month in months:
        for course_row, count in ((course, rng.randint(1, 3)),):
            for _ in range(count):
                starts = datetime.datetime.combine(month.start + datetime.timedelta(days=rng.randint(0, 26)),
                                                   datetime.time(10), tzinfo=timezone.get_current_timezone())
                session = Session.objects.create(
                    course=course_row, starts_at=starts, booking_deadline=starts, capacity=20,
                    languages=rng.choice([["en", "ar"], ["en"], ["en", "es"]]), place="Birmingham",
                    venue="Central Library, Centenary Square", is_published=False,
                    walk_ins=rng.randint(0, 3), shredded_on=(starts + datetime.timedelta(days=31)).date())
                seats = rng.randint(5, 16)
                bookings = [Booking(session=session, status="confirmed", seat=seat, places=1,
                                    language=rng.choice(session.languages),
                                    attendance=rng.choices(["present", "late", "absent", "left_early"],
                                                           weights=[12, 2, 3, 1])[0])
                            for seat in range(1, seats + 1)]
                Booking.objects.bulk_create(bookings)
                Session.objects.filter(pk=session.pk).update(places_taken=seats, seats_issued=seats)
                answers = []
                for _ in range(rng.randint(0, seats)):
                    token = uuid.UUID(int=rng.getrandbits(128)).hex
                    before = {q["id"]: rng.choice([q["answer"], "x"]) for q in questions}
                    after = {q["id"]: (q["answer"] if rng.random() < 0.8 else "x") for q in questions}
                    answers.append(QuestionnaireAnswer(session=session, phase="pre", token=token, knowledge=before,
                                                       confidence={"police": rng.randint(1, 3)}))
                    answers.append(QuestionnaireAnswer(session=session, phase="post", token=token, knowledge=after,
                                                       confidence={"police": rng.randint(2, 5)},
                                                       rating=rng.choices([3, 4, 5], weights=[1, 3, 4])[0]))
                QuestionnaireAnswer.objects.bulk_create(answers)


def _referral_history(rng, months):
    """A year of finished referrals under the demo partnership (harbour/referrals/demo.py), all
    closed, so that none is overdue today; a few were acknowledged late."""
    partnership = Partnership.objects.filter(status="active").order_by("created_at").first()
    if partnership is None:
        return
    tz, now = timezone.get_current_timezone(), timezone.now() - datetime.timedelta(hours=1)
    hour = datetime.timedelta(hours=1)
    rows = []
    for month in months:
        for _ in range(rng.randint(10, 18)):
            day = month.start + datetime.timedelta(days=rng.randint(0, 25))
            sent = datetime.datetime.combine(day, datetime.time(rng.randint(9, 15)), tzinfo=tz)
            status = _pick(rng, REFERRAL_PATHS)
            received = sent + hour * (rng.randint(1, 12) if rng.random() < 0.85 else rng.randint(20, 60))
            row = Referral(reference="D-" + "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(8)),
                           referring_organisation_id=partnership.referring_organisation_id,
                           receiving_organisation_id=partnership.receiving_organisation_id,
                           partnership=partnership, source=Referral.Source.INTAKE, status=status,
                           needs=sorted({_pick(rng, NEEDS) for _ in range(rng.randint(1, 2))}),
                           language=rng.choice(["en", "en", "ar", "es"]), subject_ref=uuid.UUID(int=rng.getrandbits(128)),
                           sent_at=sent, ack_due_at=sent + 16 * hour, first_contact_due_at=sent + 40 * hour,
                           closed_at=received + hour * rng.randint(48, 600))
            if status == "withdrawn":
                row.closed_at = sent + hour
            elif status == "declined":
                row.received_at = row.declined_at = received
                row.decline_reason = rng.choice(Referral.DeclineReason.values)
                row.closed_at = received
            else:
                row.received_at = row.accepted_at = received
                row.first_contact_at = received + hour * rng.randint(1, 60)
                row.closed_at = row.first_contact_at + hour * rng.randint(24, 500)
                if status == "completed":
                    row.outcome_code = rng.choice(Referral.Outcome.values)
                else:
                    row.unable_reason = rng.choice(Referral.UnableReason.values)
            for name in ("received_at", "accepted_at", "declined_at", "first_contact_at", "closed_at"):
                if getattr(row, name) is not None:
                    setattr(row, name, min(getattr(row, name), now))
            rows.append(row)
    Referral.objects.bulk_create(rows)


def _outreach_history(rng, organisation, months, admin):
    for month in months:
        for _ in range(rng.randint(1, 3)):
            kind = rng.choice(OutreachActivity.Kind.values)
            OutreachActivity.objects.create(
                organisation=organisation, kind=kind, recorded_by=admin,
                held_on=month.start + datetime.timedelta(days=rng.randint(0, 27)),
                people_reached=rng.randint(5, 60), organisations_reached=rng.randint(0, 6),
                decision_makers_met=rng.randint(1, 5) if kind == "decision_makers" else 0)


def load(stdout) -> None:
    if OutreachActivity.objects.exists():
        return
    rng = random.Random(16)  # noqa: S311 - fictional demo figures, not a secret
    months = _months(timezone.localdate())
    organisations = list(Organisation.objects.filter(memberships__role=Membership.Role.ADMIN).distinct()
                         .order_by("name"))
    _referral_history(rng, months)
    for index, organisation in enumerate(organisations):
        admin = Membership.objects.filter(organisation=organisation, role="admin").first().user
        if organisation.accepts_help_requests:
            _help_history(rng, organisation, months, 1.0)
            _outcome_history(rng, organisation, months)
        _training_history(rng, organisation, months)
        _outreach_history(rng, organisation, months, admin)
        chosen = [("outreach_people", "kind")] if index == 0 else []
        chosen += HELP_FIGURES if organisation.accepts_help_requests else []
        chosen += TRAINING_FIGURES if Course.objects.filter(organisation=organisation).exists() else []
        for metric_id, breakdown in chosen:
            if not Publication.objects.filter(organisation=organisation, metric=metric_id,
                                              breakdown=breakdown).exists():
                services.publication_set(acting_user=admin, organisation=organisation, metric_id=metric_id,
                                         breakdown=breakdown, publish=True)
    stdout.write("Impact: a year of fictional activity for the figures (/staff/impact/, /en/figures/).")

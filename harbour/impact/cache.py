"""Invalidation of cached figures: any save or delete of a row a metric reads forgets the cached
figures of its organisation (all periods: a record's dates can move, e.g. a case closed later).
Bulk updates bypass signals; cached figures therefore also expire after CACHE_HOURS."""

from django.db.models.signals import post_delete, post_save

CACHE_HOURS = 24

# model label -> how to reach the organisation's primary key (or a tuple of them) from an instance
SOURCES = {
    "help.HelpRequest": lambda o: o.organisation_id,
    "help.BarrierTally": lambda o: o.organisation_id,
    "cases.Case": lambda o: o.organisation_id,
    "cases.Outcome": lambda o: o.organisation_id,
    "cases.Closure": lambda o: o.organisation_id,
    "cases.RiskAssessment": lambda o: _case_org(o.case_id),
    "cases.MaracReferral": lambda o: _case_org(o.case_id),
    "training.Session": lambda o: _course_org(o.course_id),
    "training.Booking": lambda o: _session_org(o.session_id),
    "training.QuestionnaireAnswer": lambda o: _session_org(o.session_id),
    "training.PathwayStep": lambda o: _profile_org(o.profile_id),
    "training.SessionTrainer": lambda o: _session_org(o.session_id),
    "impact.OutreachActivity": lambda o: o.organisation_id,
    # A referral counts for both sides (sent for one, received for the other).
    "referrals.Referral": lambda o: (o.referring_organisation_id, o.receiving_organisation_id),
}


def _case_org(case_id):
    from harbour.cases.models import Case

    return Case.objects.filter(pk=case_id).values_list("organisation_id", flat=True).first()


def _course_org(course_id):
    from harbour.training.models import Course

    return Course.objects.filter(pk=course_id).values_list("organisation_id", flat=True).first()


def _session_org(session_id):
    from harbour.training.models import Session

    return Session.objects.filter(pk=session_id).values_list("course__organisation_id", flat=True).first()


def _profile_org(profile_id):
    from harbour.training.models import TrainerProfile

    return TrainerProfile.objects.filter(pk=profile_id).values_list("organisation_id", flat=True).first()


def connect() -> None:
    """Connect the invalidation receivers (called once from ImpactConfig.ready)."""
    from django.apps import apps

    for label, organisation_of in SOURCES.items():
        model = apps.get_model(label)

        def receiver(sender, instance, organisation_of=organisation_of, **kwargs):
            from harbour.impact.figures import invalidate

            found = organisation_of(instance)
            for organisation_id in found if isinstance(found, tuple) else (found,):
                invalidate(organisation_id)

        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"impact-cache-{label}-save")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"impact-cache-{label}-delete")

"""Impact and advocacy: what staff log (outreach), what an organisation chooses to publish, and
the cache of computed tables. No personal data: outreach is counted, figures are aggregates."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from harbour.accounts.models import Organisation
from harbour.core.models import TimeStampedModel
from harbour.impact.disclosure import FIRST_YEAR

# The earliest day an activity may be logged on: an earlier year is a typing slip.
EARLIEST_ACTIVITY = datetime.date(FIRST_YEAR, 1, 1)


def held_on_error(held_on: datetime.date) -> str:
    """"" when an activity may be logged on `held_on`, else why not, in the reader's language:
    not in the future, not before EARLIEST_ACTIVITY."""
    if held_on > timezone.localdate():
        return gettext("Log an activity once it has happened.")
    if held_on < EARLIEST_ACTIVITY:
        return gettext("An activity before %(year)s cannot be logged: check the year.") % {"year": FIRST_YEAR}
    return ""


class OutreachActivity(TimeStampedModel):
    """An advocacy or outreach activity, counted: no names, no free text (nothing to seal)."""

    class Kind(models.TextChoices):
        OUTREACH = "outreach", _("Community outreach event")
        PROFESSIONAL_BRIEFING = "briefing", _("Briefing for professionals")
        DECISION_MAKERS = "decision_makers", _("Meeting with decision-makers")
        CONSULTATION = "consultation", _("Consultation response or evidence")
        CONFERENCE = "conference", _("Conference or public event")
        MEDIA = "media", _("Media or campaign activity")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="outreach_activities")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    held_on = models.DateField()
    people_reached = models.PositiveIntegerField(default=0)
    organisations_reached = models.PositiveIntegerField(default=0)
    decision_makers_met = models.PositiveIntegerField(default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "held_on"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(people_reached__lte=1_000_000)
                                   & models.Q(organisations_reached__lte=100_000)
                                   & models.Q(decision_makers_met__lte=100_000),
                                   name="outreach_counts_plausible"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.held_on}"

    def clean(self):
        message = held_on_error(self.held_on) if isinstance(self.held_on, datetime.date) else ""
        if message:
            raise ValidationError({"held_on": message})


class Publication(TimeStampedModel):
    """An organisation's choice to publish one figure (a metric with one breakdown): on the public
    figures page and API, and as its own row in its networks' dashboards."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="impact_publications")
    metric = models.CharField(max_length=48)
    breakdown = models.CharField(max_length=24)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+")

    class Meta:
        ordering = ["organisation", "metric", "breakdown"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "metric", "breakdown"], name="one_publication_per_figure"),
        ]

    def __str__(self) -> str:
        return f"{self.metric} by {self.breakdown}"


class FigureCache(models.Model):
    """A computed table for one scope, metric, breakdown, fixed period and threshold, kept until
    the data of one of its organisations change (signals in impact/cache.py)."""

    scope = models.CharField(max_length=64)  # "org:<public_id>" or "net:<public_id>"
    # What a change invalidates it by: the one organisation it counts, or the network it totals.
    organisation_pk = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    network_pk = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    metric = models.CharField(max_length=48)
    breakdown = models.CharField(max_length=24)
    period = models.CharField(max_length=8)
    threshold = models.PositiveSmallIntegerField()
    payload = models.JSONField()
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "metric", "breakdown", "period", "threshold"],
                                    name="one_cached_figure"),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.metric} {self.period}"


class NoisyRelease(models.Model):
    """A differentially private figure released once for a fixed period: the noisy value and its
    95% accuracy are kept, so asking again returns the same release and spends no more of the
    figure's privacy budget (harbour/impact/privacy.py). The exact count is never stored."""

    scope = models.CharField(max_length=64)
    metric = models.CharField(max_length=48)
    period = models.CharField(max_length=8)
    organisations = models.PositiveIntegerField()
    epsilon = models.FloatField()
    value = models.PositiveIntegerField()
    accuracy = models.FloatField(help_text="Half-width of the 95% interval, in the metric's unit.")
    released_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "metric", "period"], name="one_noisy_release_per_period"),
            models.CheckConstraint(condition=models.Q(epsilon__gt=0) & models.Q(epsilon__lte=10),
                                   name="noisy_release_epsilon_0_to_10"),
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.period} (noisy)"

"""The DASH risk identification checklist (SafeLives DASH RIC, 24 questions) as a
versioned instrument, and its scoring as a pure function.

The question wording is SafeLives' copyright and is not in this repository. What ships
is the instrument's structure: 24 numbered items, each with a short topic label and help
text written for Harbour. An organisation that holds the licensed wording loads it as an
instrument file (instruments.py; `manage.py load_dash_instrument`).

Scoring rules (research: shared/reference/case-management-research.md §2.5; SafeLives,
"Dash risk checklist quick start guidance" and "Marac guidance for referrers"):
- visible high risk: 14 or more "yes" answers;
- professional judgement may raise the level to high, never lower an actuarial high;
- potential escalation: 3 or more incidents in the last 12 months (a per-organisation
  setting) makes the case high;
- bands below high (standard, then medium from 10 "yes" by default) are a setting;
- the repeat rule (a new incident within 12 months of the last MARAC referral) needs the
  case's referral history and lives on the case (services.case_marac_repeat_due).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

INSTRUMENT = "dash-ric"
VERSION = "2009-safelives-24"
QUESTIONS = range(1, 25)

YES, NO, DONT_KNOW, NOT_ASKED = "yes", "no", "dont_know", "not_asked"
ANSWERS = (YES, NO, DONT_KNOW, NOT_ASKED)
ANSWER_LABELS = {YES: _("Yes"), NO: _("No"), DONT_KNOW: _("Don't know"), NOT_ASKED: _("Not asked")}

STANDARD, MEDIUM, HIGH = "standard", "medium", "high"
LEVELS = (STANDARD, MEDIUM, HIGH)
LEVEL_LABELS = {STANDARD: _("Standard"), MEDIUM: _("Medium"), HIGH: _("High")}

VISIBLE_HIGH_RISK = "visible_high_risk"
PROFESSIONAL_JUDGEMENT = "professional_judgement"
ESCALATION = "escalation"
MEDIUM_BAND = "medium_band"
REASON_LABELS = {
    VISIBLE_HIGH_RISK: _("14 or more answers are yes"),
    PROFESSIONAL_JUDGEMENT: _("Raised to high by professional judgement"),
    ESCALATION: _("Several incidents in the last 12 months"),
    MEDIUM_BAND: _("Within the medium band"),
}

# The SafeLives threshold for visible high risk is fixed by the instrument, not a setting.
VISIBLE_HIGH_RISK_FROM = 14

# Harbour's own topic labels and help text, in the checklist's order. Not SafeLives'
# wording: a short name for what each item is about, so that the structure can be used
# and counted without the licensed text.
ITEMS = {
    1: (_("Injury"), _("Whether the current incident left her hurt, and how.")),
    2: (_("Fear"), _("How frightened she is now.")),
    3: (_("What she fears"), _("Who or what she is afraid of, in her words.")),
    4: (_("Isolation"), _("Whether she is cut off from family, friends or services.")),
    5: (_("Low mood"), _("Whether she feels low or has thought of harming herself.")),
    6: (_("Separation"), _("A recent or planned separation.")),
    7: (_("Contact conflict"), _("Disputes over child contact.")),
    8: (_("Stalking"), _("Being followed, watched or contacted against her will.")),
    9: (_("Pregnancy or new baby"), _("Pregnancy or a baby in the last 18 months.")),
    10: (_("Children not his"), _("Children in the household who are not the abuser's.")),
    11: (_("Harm to children"), _("Whether the abuser has hurt the children.")),
    12: (_("Threats to children"), _("Whether the abuser has threatened the children.")),
    13: (_("Frequency"), _("Whether the abuse is happening more often.")),
    14: (_("Severity"), _("Whether the abuse is getting worse.")),
    15: (_("Control and jealousy"), _("Controlling behaviour and excessive jealousy.")),
    16: (_("Weapons"), _("Use of weapons or objects to hurt her.")),
    17: (_("Threats to kill"), _("Threats to kill her or someone else.")),
    18: (_("Strangulation"), _("Strangling, choking, suffocating or drowning.")),
    19: (_("Sexual abuse"), _("Sexual violence or coercion.")),
    20: (_("Others at risk"), _("Another person who has threatened or hurt her.")),
    21: (_("Harm to others"), _("Whether the abuser has hurt other people or animals.")),
    22: (_("Money troubles"), _("Financial problems or loss of work for the abuser.")),
    23: (_("Substances and health"), _("Drink, drugs or mental-health problems of the abuser.")),
    24: (_("Breaches"), _("Breaches of orders or bail, or trouble with the police.")),
}


@dataclass(frozen=True)
class DashSettings:
    """Per-organisation scoring settings. `medium_from`: the number of "yes" answers from
    which the level is medium (10 by default; must be below 14). `escalation_incidents`:
    incidents in the last 12 months that make a case high (3 by default)."""

    medium_from: int = 10
    escalation_incidents: int = 3

    def __post_init__(self):
        if not 1 <= self.medium_from < VISIBLE_HIGH_RISK_FROM:
            raise ValueError("medium_from must be between 1 and 13")
        if self.escalation_incidents < 1:
            raise ValueError("escalation_incidents must be at least 1")


DEFAULT_SETTINGS = DashSettings()


@dataclass(frozen=True)
class Assessment:
    """The result of `assess`: `score` (count of "yes", 0–24), `level` ("standard" |
    "medium" | "high"), `marac` (refer to MARAC), `reasons` (stable codes, in order),
    `yes_items` (the question numbers answered yes, ascending)."""

    score: int
    level: str
    marac: bool
    reasons: list[str] = field(default_factory=list)
    yes_items: list[int] = field(default_factory=list)


def validate_answers(answers: dict) -> dict[int, str]:
    """Normalise `answers` (question number, as int or digit string -> answer code) to
    {int: str}. Raises ValueError naming the first bad key or value."""
    normalised = {}
    for key, value in answers.items():
        try:
            number = int(key)
        except (TypeError, ValueError):
            raise ValueError(f"unknown DASH question: {key!r}") from None
        if number not in QUESTIONS or str(number) != str(key).strip():
            raise ValueError(f"unknown DASH question: {key!r}")
        if value not in ANSWERS:
            raise ValueError(f"answer to DASH question {key!r} must be one of {ANSWERS}, not {value!r}")
        normalised[number] = value
    return normalised


def assess(answers: dict, *, judgement_high: bool = False, incidents_last_12_months: int = 0,
           settings: DashSettings | None = None) -> Assessment:
    """Score one DASH checklist.

    `answers` maps question number (1–24, int or digit string) to "yes" | "no" |
    "dont_know" | "not_asked"; unanswered questions count as not asked. Only "yes" counts.
    `judgement_high`: the assessor's professional judgement that the risk is high (the
    caller records the reason, sealed). `incidents_last_12_months`: a count, 0 or more.
    `settings`: the organisation's DashSettings (defaults: medium from 10, escalation at 3).

    Returns an Assessment. Raises ValueError naming an unknown question number or answer,
    or a negative incident count. Professional judgement only ever raises the level
    (SafeLives Marac guidance: judgement is not used to downgrade an actuarial high).
    """
    settings = settings or DEFAULT_SETTINGS
    normalised = validate_answers(answers)
    if isinstance(incidents_last_12_months, bool) or not isinstance(incidents_last_12_months, int) \
            or incidents_last_12_months < 0:
        raise ValueError(f"incidents_last_12_months must be a whole number from 0, not {incidents_last_12_months!r}")
    yes_items = sorted(n for n, v in normalised.items() if v == YES)
    score = len(yes_items)
    reasons = []
    if score >= VISIBLE_HIGH_RISK_FROM:
        reasons.append(VISIBLE_HIGH_RISK)
    if judgement_high:
        reasons.append(PROFESSIONAL_JUDGEMENT)
    if incidents_last_12_months >= settings.escalation_incidents:
        reasons.append(ESCALATION)
    if reasons:
        level = HIGH
    elif score >= settings.medium_from:
        level, reasons = MEDIUM, [MEDIUM_BAND]
    else:
        level = STANDARD
    return Assessment(score=score, level=level, marac=level == HIGH, reasons=reasons, yes_items=yes_items)

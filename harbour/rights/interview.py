"""The guided interview: one question a page, answers carried from page to page in hidden fields
of POST forms. Nothing here stores, logs or puts an answer in a URL (F8).
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from harbour.rights.vocabulary import CONTENT_LANGUAGES, EU_MEMBER_STATES, UK_JURISDICTIONS

STEPS = ("where", "stage", "gbv", "interpreter", "stay", "more")

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
STAGE_CHOICES = [
    ("without_reporting", _("No, I have not reported it")),
    ("reporting", _("I want to report it, or I am reporting it now")),
    ("investigation", _("I reported it, and the police are looking into it")),
    ("trial", _("The case is going to court")),
    ("after_trial", _("The court case is over")),
]
# Her answer about the case, as the engine's stages.
STAGES_FOR_ANSWER = {
    "without_reporting": ("without_reporting",),
    "reporting": ("first_contact", "reporting"),
    "investigation": ("investigation",),
    "trial": ("trial",),
    "after_trial": ("after_trial",),
}
MORE_CHOICES = [
    ("child", _("I am under 18")),
    ("disability", _("I have a disability")),
    ("repeat_harm", _("I am afraid of being hurt again")),
    ("abroad", _("I live in a different country from where it happened")),
]
# "stay" shows the same page again (a language switch re-posts her answers with it).
GO_CHOICES = ("next", "skip", "back", "result", "restart", "stay")


class AnswersForm(forms.Form):
    """Every answer, all optional; a value that is not a choice is dropped, never echoed."""

    where = forms.ChoiceField(required=False, choices=[("", "")] + list({**UK_JURISDICTIONS, **EU_MEMBER_STATES}.items()))
    stage = forms.ChoiceField(required=False, choices=[("", "")] + STAGE_CHOICES)
    gbv = forms.ChoiceField(required=False, choices=[("", "")] + YES_NO)
    interpreter = forms.ChoiceField(required=False, choices=[("", "")] + YES_NO)
    stay = forms.ChoiceField(required=False, choices=[("", "")] + YES_NO)
    more = forms.MultipleChoiceField(required=False, choices=MORE_CHOICES)
    lang = forms.ChoiceField(required=False, choices=[("", "")] + list(CONTENT_LANGUAGES.items()))
    step = forms.ChoiceField(required=False, choices=[("", "")] + [(s, s) for s in STEPS])
    go = forms.ChoiceField(required=False, choices=[("", "")] + [(g, g) for g in GO_CHOICES])


@dataclass
class Answers:
    where: str = ""
    stage: str = ""
    gbv: str = ""
    interpreter: str = ""
    stay: str = ""
    more: tuple[str, ...] = ()
    lang: str = ""

    @classmethod
    def from_post(cls, data) -> tuple[Answers, str, str]:
        """Her answers, the step she was on and what she pressed; bad values become empty."""
        form = AnswersForm(data)
        form.is_valid()
        clean = {name: form.cleaned_data.get(name, "") for name in form.fields}
        answers = cls(where=clean["where"] or "", stage=clean["stage"] or "", gbv=clean["gbv"] or "",
                      interpreter=clean["interpreter"] or "", stay=clean["stay"] or "",
                      more=tuple(clean["more"] or ()), lang=clean["lang"] or "")
        return answers, clean["step"] or "", clean["go"] or "next"

    def hidden_fields(self, *, leave_out: str = "") -> list[tuple[str, str]]:
        """(name, value) pairs to carry forward, without the question being asked now."""
        pairs = []
        for name in ("where", "stage", "gbv", "interpreter", "stay", "lang"):
            value = getattr(self, name)
            if value and name != leave_out:
                pairs.append((name, value))
        if leave_out != "more":
            pairs += [("more", value) for value in self.more]
        return pairs

    def clear(self, step: str) -> None:
        setattr(self, step, () if step == "more" else "")

    def circumstances(self) -> list[str]:
        found = []
        # Harbour serves women facing gender-based violence: only a clear "no" leaves those rights out.
        if self.gbv != "no":
            found.append("gbv")
        if self.interpreter == "yes":
            found.append("interpreter")
        if self.stay == "yes":
            found.append("immigration")
        found += list(self.more)
        return found

    def stages(self) -> tuple[str, ...]:
        return STAGES_FOR_ANSWER.get(self.stage, ())


def next_step(step: str, go: str) -> str | None:
    """The step to show after `step` when she pressed `go`; None means the result."""
    if go == "restart":
        return STEPS[0]
    if go == "stay" and step in STEPS:
        return step
    if go == "result" or step not in STEPS:
        return None if go == "result" else STEPS[0]
    index = STEPS.index(step)
    if go == "back":
        return STEPS[max(index - 1, 0)]
    return STEPS[index + 1] if index + 1 < len(STEPS) else None

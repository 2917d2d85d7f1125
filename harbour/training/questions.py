"""Before-and-after questionnaires drawn from the rights catalogue (Kirkpatrick levels 1-2).

A course stores its questions as plain data, each tied to one catalogue entry id:

    {"id": "eu-2012-29-art-7:tf", "entry": "eu-2012-29-art-7", "kind": "true_false", "answer": "true"}
    {"id": "eu-2012-29-art-7:law", "entry": "eu-2012-29-art-7", "kind": "choice",
     "options": ["coe-istanbul", "eu-2012-29", "gb-da-2021"], "answer": "eu-2012-29"}

The wording is not stored: it comes from the catalogue in each language the entry has
(its title), so a question exists in exactly the catalogue's languages and its review
state is the entry's. If the catalogue loses an entry, `question_problems` names every
question left pointing at nothing (a test runs it on every course the demo builds) and
`questionnaire_for` leaves such a question out rather than break a page.

Confidence items are on a 1-5 scale (1 = not at all, 5 = completely), as in
Kirkpatrick's level 2 ("confidence"), worded after issue 13.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from harbour.rights.catalogue import Catalogue, get_catalogue

CONFIDENCE_ITEMS = {
    "what_to_do": _("I know what to do if a crime happens to me or someone I know."),
    "where_to_look": _("I know where to look for help."),
    "police_duties": _("I know what the police must do for me."),
}
CONFIDENCE_SCALE = range(1, 6)
TRUE_FALSE = (("true", _("True")), ("false", _("False")))


@dataclass(frozen=True)
class ShownQuestion:
    id: str
    entry: str
    kind: str
    text: str
    language: str
    review: str
    options: tuple[tuple[str, str], ...]
    answer: str


def generate_questions(entry_ids: list[str], *, catalogue: Catalogue | None = None) -> list[dict]:
    """Two questions per entry: a true/false on the right it states, and which instrument
    gives it (the right one plus up to two other instruments of the course, sorted).

    Raises KeyError naming the first id the catalogue does not have.
    """
    catalogue = catalogue or get_catalogue()
    entries = [catalogue.entries[entry_id] for entry_id in entry_ids]
    instruments = sorted({entry.instrument.id for entry in entries} | set(list(catalogue.instruments)[:3]))
    questions = []
    for entry in entries:
        others = [i for i in instruments if i != entry.instrument.id][:2]
        questions.append({"id": f"{entry.id}:tf", "entry": entry.id, "kind": "true_false", "answer": "true"})
        questions.append({"id": f"{entry.id}:law", "entry": entry.id, "kind": "choice",
                          "options": sorted([entry.instrument.id, *others]), "answer": entry.instrument.id})
    return questions


def question_problems(questions: list[dict], *, catalogue: Catalogue | None = None) -> list[str]:
    """Every question that points at a missing entry or instrument, as 'question id: problem'."""
    catalogue = catalogue or get_catalogue()
    problems = []
    for question in questions:
        if question.get("entry") not in catalogue.entries:
            problems.append(f"{question.get('id')}: entry {question.get('entry')} is not in the catalogue")
            continue
        for option in question.get("options", ()):
            if option not in catalogue.instruments:
                problems.append(f"{question['id']}: instrument {option} is not in the catalogue")
    return problems


def question_languages(questions: list[dict], *, catalogue: Catalogue | None = None) -> set[str]:
    """The languages every question of the list can be shown in (the catalogue's texts)."""
    catalogue = catalogue or get_catalogue()
    languages = None
    for question in questions:
        entry = catalogue.entries.get(question["entry"])
        have = set(entry.texts) if entry else set()
        languages = have if languages is None else languages & have
    return languages or set()


def questionnaire_for(questions: list[dict], language: str, *, catalogue: Catalogue | None = None) -> list[ShownQuestion]:
    """The questions to show in `language` (English where the entry has no text in it);
    questions whose entry has gone are left out."""
    catalogue = catalogue or get_catalogue()
    shown = []
    for question in questions:
        entry = catalogue.entries.get(question.get("entry"))
        if entry is None or question_problems([question], catalogue=catalogue):
            continue
        text = entry.text(language)
        if question["kind"] == "true_false":
            options = tuple((value, str(label)) for value, label in TRUE_FALSE)
            wording = text.title
        else:
            options = tuple((i, catalogue.instruments[i].short_name) for i in question["options"])
            wording = _("Which law gives this right: “%(right)s”?") % {"right": text.title}
        shown.append(ShownQuestion(id=question["id"], entry=entry.id, kind=question["kind"], text=str(wording),
                                   language=text.language, review=text.review, options=options,
                                   answer=question["answer"]))
    return shown


def score(questions: list[dict], knowledge: dict) -> tuple[int, int]:
    """(right answers, questions asked) for one filled questionnaire."""
    right = sum(1 for q in questions if knowledge.get(q["id"]) == q["answer"])
    return right, len(questions)

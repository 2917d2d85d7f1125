"""Questionnaires come from the rights catalogue: every question resolves to an existing
entry and instrument, in the catalogue's languages. A catalogue change that removes an
entry fails these tests (naming the question), while the pages leave the question out."""

import dataclasses

import pytest
from django.test import Client

from harbour.rights.catalogue import get_catalogue
from harbour.training import codes, questions, selectors
from harbour.training.demo import COURSE_ENTRIES
from tests.training.conftest import ENTRIES, book
from tests.training.test_public import url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("entry_ids", [ENTRIES, COURSE_ENTRIES])
def test_every_generated_question_resolves_to_a_catalogue_entry_and_its_languages(entry_ids):
    catalogue = get_catalogue()
    generated = questions.generate_questions(entry_ids)
    assert questions.question_problems(generated) == []
    assert {q["entry"] for q in generated} == set(entry_ids)
    for question in generated:
        assert question["entry"] in catalogue.entries
        for language in catalogue.entries[question["entry"]].texts:
            shown = questions.questionnaire_for([question], language)
            assert [q.language for q in shown] == [language]
            assert shown[0].text


def test_the_stored_questions_of_every_course_resolve(course):
    assert questions.question_problems(course.questions) == []
    assert "en" in questions.question_languages(course.questions)


def test_a_catalogue_without_an_entry_is_caught_here_and_leaves_the_page_working(session):
    catalogue = get_catalogue()
    removed = ENTRIES[0]
    smaller = dataclasses.replace(catalogue, entries={k: v for k, v in catalogue.entries.items() if k != removed})
    problems = questions.question_problems(session.course.questions, catalogue=smaller)
    assert problems == [f"{removed}:tf: entry {removed} is not in the catalogue",
                        f"{removed}:law: entry {removed} is not in the catalogue"]
    shown = questions.questionnaire_for(session.course.questions, "en", catalogue=smaller)
    assert removed not in {q.entry for q in shown} and shown


def test_the_questionnaire_page_survives_a_question_whose_entry_has_gone(session):
    from harbour.training.models import Course

    course = session.course
    Course.objects.filter(pk=course.pk).update(
        questions=[*course.questions, {"id": "gone:tf", "entry": "no-such-entry", "kind": "true_false",
                                       "answer": "true"}])
    _booking, code = book(session)
    response = Client().post(url("training:booking"), {"code": code, "action": "questions"})
    assert response.status_code == 200
    assert b"gone:tf" not in response.content


def test_learning_figures_are_aggregates_of_pre_and_post_paired_by_token(session):
    from harbour.training import services

    first = session.course.questions[0]
    for n, (pre, post) in enumerate([("false", "true"), ("true", "true")]):
        token = codes.survey_token(f"code {n}")
        services.answers_record(session=session, phase="pre", token=token, knowledge={first["id"]: pre},
                                confidence={"what_to_do": 2})
        services.answers_record(session=session, phase="post", token=token, knowledge={first["id"]: post},
                                confidence={"what_to_do": 4}, rating=5, wants_more=True)
    figures = selectors.learning_figures(session)
    total = len(session.course.questions)
    assert (figures.pre_answers, figures.post_answers, figures.paired) == (2, 2, 2)
    assert figures.knowledge_before == round((0 + 1 / total) / 2, 2)
    assert figures.knowledge_after == round(1 / total, 2)
    assert figures.confidence_before["what_to_do"] == 2 and figures.confidence_after["what_to_do"] == 4


def test_answers_outside_the_questions_or_the_scale_are_refused(session):
    from django.core.exceptions import ValidationError

    from harbour.training import services
    from harbour.training.models import QuestionnaireAnswer

    with pytest.raises(ValidationError):
        services.answers_record(session=session, phase="pre", token="t", knowledge={"made-up": "true"}, confidence={})
    with pytest.raises(ValidationError):
        services.answers_record(session=session, phase="pre", token="t", knowledge={}, confidence={"what_to_do": 9})
    assert QuestionnaireAnswer.objects.count() == 0

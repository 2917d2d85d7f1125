import io

from django.apps import apps
from django.core.management import call_command

from harbour.training import questions
from harbour.training.models import Booking, Course, PathwayStep, QuestionnaireAnswer


def row_counts():
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()
            if model._meta.app_label in ("training", "firewall", "accounts")}


def test_demo_training_has_a_course_past_and_future_sessions_a_waiting_list_and_two_trainers(db, settings):
    settings.DEMO = True
    out = io.StringIO()
    call_command("demo_data", stdout=out)
    course = Course.objects.get()
    assert questions.question_problems(course.questions) == []
    assert Booking.objects.filter(status=Booking.Status.WAITING).count() == 2
    # The impact demo adds a year of past, shredded sessions; these are the training demo's own.
    assert Booking.objects.exclude(attendance="").filter(session__shredded_on__isnull=True).count() == 8
    assert QuestionnaireAnswer.objects.filter(session__shredded_on__isnull=True).count() == 16
    steps = {}
    for email, step in PathwayStep.objects.values_list("profile__user__email", "step"):
        steps[email] = max(steps.get(email, 0), step)
    assert steps == {"trainer@redcedar.example.org": 4, "peer.trainer@redcedar.example.org": 2}
    assert "/en/workshops/" in out.getvalue()
    counts = row_counts()
    call_command("demo_data", stdout=io.StringIO())
    assert row_counts() == counts

"""Her language follows her (issue 18, item 7 of "Languages"): what the organisation sends her is
written in the language she booked in, whatever the language of the member who presses the
button; Dari stays Dari; the gate refuses a message without a language Harbour speaks."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from harbour.accounts.models import User
from harbour.core.formats import her_date
from harbour.core.models import AuditEntry
from harbour.firewall import gate
from harbour.training.models import Booking
from tests.firewall.helpers import login
from tests.training.conftest import book

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_reset():
    """A staff request activates the member's language in this thread; later tests start from
    the default again."""
    yield
    translation.deactivate()


def _send_reminders(admin_a, session, django_capture_on_commit_callbacks, staff_language="es"):
    # The member reads her staff pages in Spanish (or Polish); the message is written in the woman's language.
    User.objects.filter(pk=admin_a.user.pk).update(language=staff_language)
    key_holder = login(admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        key_holder.post(reverse("training_staff:reminders", args=[session.public_id]))


@pytest.mark.parametrize("language", ["fa", "uk", "ar"])
def test_a_reminder_is_written_in_the_language_she_booked_in(admin_a, session, language,
                                                           django_capture_on_commit_callbacks):
    book(session, name="A", contact="her@example.net", wants_reminder=True, language=language)
    _send_reminders(admin_a, session, django_capture_on_commit_callbacks)
    [message] = mail.outbox
    with translation.override(language):
        subject = gettext("Your appointment")
        day = her_date(session.local_start(), "full")
        seat = gettext("A reminder of your booking, seat %(seat)d.") % {"seat": 1}
    assert subject != "Your appointment" and message.subject == subject
    assert day in message.body
    if language == "fa":
        assert "۱" in message.body.split("\n\n")[0] and "1" not in message.body.split("\n\n")[0]
    else:
        assert seat in message.body
    entry = AuditEntry.objects.get(action="firewall.deliver_to_her")
    assert entry.detail["language"] == language


def test_a_place_offered_is_written_in_her_language(admin_a, session, django_capture_on_commit_callbacks):
    booking, _code = book(session, name="B", contact="her@example.net", wants_reminder=True, language="uk")
    Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.OFFERED,
                                                 offer_expires_at=session.starts_at)
    _send_reminders(admin_a, session, django_capture_on_commit_callbacks, staff_language="pl")
    [message] = mail.outbox
    with translation.override("uk"):
        first = gettext("A place has become free for you. Open your booking with your code to take it before "
                        "%(when)s.")
    assert first.split("%(when)s")[0] in message.body


def test_the_gate_refuses_a_message_without_a_language_harbour_speaks(admin_a, session):
    booking, _code = book(session, contact="her@example.net")
    with pytest.raises(ValueError):
        gate.deliver_to_her(acting_user=admin_a.user, organisation=admin_a.organisation, to="her@example.net",
                            language="xx", compose=lambda: ("s", "b"), purpose="training-reminder",
                            subject_ref=booking.public_id)
    assert not AuditEntry.objects.filter(action="firewall.deliver_to_her").exists()


def test_a_booking_made_in_dari_is_kept_as_dari(session):
    client = Client()
    with translation.override("fa-af"):
        path = reverse("training:session", args=[session.public_id])
    assert path.startswith("/fa-af/")
    page = client.get(path).content.decode()
    once = re.search(r'name="once" value="([^"]+)"', page).group(1)
    assert client.post(path, {"places": "1", "children": "0", "once": once}).status_code == 200
    assert Booking.objects.get().language == "fa-af"

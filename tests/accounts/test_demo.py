"""`make run` prints what is true about the demo logins (issue 9.9)."""

from io import StringIO

import pytest
from django.core.management.base import OutputWrapper

from harbour.accounts import demo
from harbour.accounts.models import User


@pytest.mark.django_db
def test_a_changed_demo_password_is_not_offered_as_working():
    demo.load(StringIO())
    changed = User.objects.get(email="admin@northside.example.org")
    changed.set_password("a password only she knows")
    changed.save()
    out = StringIO()
    demo.load(OutputWrapper(out))
    text = out.getvalue()
    assert "password for all" not in text
    line = next(line for line in text.splitlines() if "admin@northside.example.org" in line)
    assert "password changed since the demo was made" in line
    other = next(line for line in text.splitlines() if "caseworker@northside.example.org" in line)
    assert "password changed" not in other


@pytest.mark.django_db
def test_a_fresh_demo_says_one_password_works_for_all():
    out = StringIO()
    demo.load(OutputWrapper(out))
    assert f"password for all: {demo.DEMO_PASSWORD}" in out.getvalue()
    assert "password changed" not in out.getvalue()

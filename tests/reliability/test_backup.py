"""Issue 11, item 7: the restore drill. Back up, destroy, restore; the audit chain verifies,
a member logs in and opens a sealed record, the recovery key still recovers the key, and
the backup holds no secret key."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from harbour.accounts.models import Organisation, User
from harbour.core.audit import audit_verify
from harbour.firewall import keys
from harbour.help.models import HelpRequest
from tests.firewall.helpers import login
from tests.help.test_journey import submit

sqlite_only = pytest.mark.skipif("connection.vendor != 'sqlite'",
                                 reason="PostgreSQL is backed up with pg_dump (README, Backups)")


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_the_restore_drill(client, sealed_a, caseworker_a, admin_a, org_a, tmp_path):
    _private_key, recovery = sealed_a
    submit(client, org_a, name="Drill Name", message="Drill message kept sealed.")
    caseworker = login(caseworker_a)
    help_request = HelpRequest.objects.get()
    caseworker.get(reverse("help_staff:detail", args=[help_request.public_id]))
    target = tmp_path / "harbour.sqlite3"
    call_command("backup", str(target))
    raw = target.read_bytes()
    assert settings.SECRET_KEY.encode() not in raw
    assert b"Drill message" not in raw and b"Drill Name" not in raw  # sealed (F5)

    # Destroy.
    HelpRequest.objects.all().delete()
    Organisation.objects.all().delete()
    User.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry")
    assert HelpRequest.objects.count() == 0

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(target))
    call_command("restore", str(target), "--yes")

    assert audit_verify().ok
    call_command("audit_verify")
    caseworker_a.backup_codes.pop()  # that code was spent before the backup was taken
    reopened = login(caseworker_a)
    page = reopened.get(reverse("help_staff:detail", args=[help_request.public_id]))
    assert page.status_code == 200
    assert "Drill message kept sealed." in page.content.decode()
    recovered = keys.organisation_key_recover(acting_user=User.objects.get(pk=admin_a.user.pk),
                                              organisation=Organisation.objects.get(pk=org_a.pk),
                                              recovery_key=recovery)
    assert bytes(recovered.public_key) == keys.public_key_of(Organisation.objects.get(pk=org_a.pk))


@sqlite_only
@pytest.mark.django_db
def test_a_backup_never_overwrites_and_a_bad_file_restores_nothing(tmp_path, org_a):
    existing = tmp_path / "exists.sqlite3"
    existing.write_bytes(b"keep me")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(existing))
    assert existing.read_bytes() == b"keep me"
    with pytest.raises(CommandError, match="not a SQLite database|integrity"):
        call_command("restore", str(existing), "--yes")
    assert Organisation.objects.filter(pk=org_a.pk).exists()


@pytest.mark.django_db
def test_postgresql_is_pointed_to_pg_dump(tmp_path):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite backs up with the online backup API")
    with pytest.raises(CommandError, match="pg_dump"):
        call_command("backup", str(tmp_path / "x.sqlite3"))

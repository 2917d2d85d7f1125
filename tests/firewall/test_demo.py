import io

from django.apps import apps
from django.core.management import call_command

from harbour.firewall.models import KeyGrant, OrganisationKey, Recipient
from harbour.help.models import HelpRequest


def row_counts():
    """Rows of the firewall's and help's tables, and the audit entries they wrote (other
    apps' demos are theirs to keep idempotent)."""
    from harbour.core.models import AuditEntry

    counts = {model._meta.label: model._base_manager.count() for model in apps.get_models()
              if model._meta.app_label in ("firewall", "help")}
    counts["audit"] = AuditEntry.objects.filter(action__regex=r"^(firewall|help)\.").count()
    return counts


def test_demo_data_makes_keys_prints_recovery_keys_once_and_a_second_run_changes_nothing(db, settings):
    settings.DEMO = True
    first = io.StringIO()
    call_command("demo_data", stdout=first)
    assert OrganisationKey.objects.count() == 3
    assert KeyGrant.objects.count() == 5  # the admins and caseworkers of three organisations
    # Three partners and the police recipient of the intelligence-report demo; the referrals demo
    # also registers the specialist provider as the community group's recipient.
    assert sorted(Recipient.objects.filter(referrals__isnull=True).values_list("category", flat=True)) == [
        "community_group", "police", "specialist_support", "specialist_support"]
    # The impact demo's year of history is all closed; referrals arrive as their own help requests.
    assert HelpRequest.objects.exclude(status="closed").filter(referred_by__isnull=True).count() == 1
    assert first.getvalue().count("recovery keys") == 1
    counts = row_counts()
    second = io.StringIO()
    call_command("demo_data", stdout=second)
    assert row_counts() == counts
    assert "recovery keys" not in second.getvalue()

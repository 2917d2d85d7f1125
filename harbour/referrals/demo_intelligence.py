"""A fictional demo intelligence-only report at Northside Women's Centre, with a police
recipient to send it to. Called by `manage.py demo_data` after every app's own demo (it
needs the organisations, staff, keys and cases); safe to run again."""

from django.utils import timezone

from harbour.accounts.models import Membership, Organisation
from harbour.cases.models import Case
from harbour.firewall import keys
from harbour.firewall import services as firewall_services
from harbour.firewall.models import Recipient
from harbour.referrals import services_intelligence as services
from harbour.referrals.models_intelligence import IntelligenceReport

POLICE_NAME = "Northshire Police Public Protection Unit"


def load(stdout) -> None:
    organisation = Organisation.objects.filter(name="Northside Women's Centre").first()
    if organisation is None or keys.public_key_of(organisation) is None or IntelligenceReport.objects.filter(
            organisation=organisation).exists():
        return
    admin = Membership.objects.filter(organisation=organisation, role="admin").select_related("user").first()
    worker = Membership.objects.filter(organisation=organisation, role="caseworker").select_related("user").first()
    if admin is None or worker is None:
        return
    if not Recipient.objects.filter(registered_by=organisation, name=POLICE_NAME).exists():
        firewall_services.recipient_register(acting_user=admin.user, organisation=organisation, name=POLICE_NAME,
                                             category=Recipient.Category.POLICE, email="ppu@police.example.org")
    case = Case.objects.filter(organisation=organisation, restricted=False).order_by("pk").first()
    today = timezone.localdate()
    services.intelligence_report_create(acting_user=worker.user, organisation=organisation, case=case, data={
        "abuse_kinds": ["physical", "coercive_control"], "incident_year": today.year, "incident_month": today.month,
        "police_area": "Northshire", "ongoing": "yes", "weapons": "no", "strangulation": "unknown",
        "injuries": "yes", "children_present": "no", "relationship": "ex_partner", "perpetrator_count": 1,
        "incident": "A fictional demo incident: he followed her from the bus stop and pushed her.",
        "perpetrator": "A fictional man, about 40, drives a red van.", "place": "Near the market square"})
    stdout.write("Demo: one intelligence-only report to the police (Northside Women's Centre).\n")

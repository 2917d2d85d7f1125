"""Demo keys and recipients. Organisation recovery keys are printed here, in demo output
only, when they are made (a second run has nothing to print: they are not stored)."""

from harbour.accounts.demo import DEMO_PASSWORD
from harbour.accounts.models import Membership, Organisation, User
from harbour.firewall import keys, services
from harbour.firewall.models import MemberKey, OrganisationKey, Recipient

PARTNERS = [
    # registered by, recipient organisation, category
    ("Northside Women's Centre", "Casa Lumbre", Recipient.Category.SPECIALIST_SUPPORT),
    ("Northside Women's Centre", "Red Cedar Community Group", Recipient.Category.COMMUNITY_GROUP),
    ("Casa Lumbre", "Northside Women's Centre", Recipient.Category.SPECIALIST_SUPPORT),
]


def load(stdout) -> None:
    for user in User.objects.filter(email__endswith=".example.org"):
        if not MemberKey.objects.filter(user=user).exists():
            keys.member_key_unlock(user=user, password=DEMO_PASSWORD)
    printed = False
    for organisation in Organisation.objects.filter(name__in={p[0] for p in PARTNERS} | {p[1] for p in PARTNERS}):
        if OrganisationKey.objects.filter(organisation=organisation).exists():
            continue
        admin = Membership.objects.filter(organisation=organisation, role=Membership.Role.ADMIN,
                                          is_active=True).select_related("user").first()
        if admin is None:
            continue
        private_key, recovery_key = keys.organisation_key_create(acting_user=admin.user, organisation=organisation)
        for membership in Membership.objects.filter(organisation=organisation, is_active=True,
                                                    role__in=keys.KEY_HOLDER_ROLES).exclude(pk=admin.pk):
            keys.key_grant_create(acting_user=admin.user, membership=membership, private_key=private_key)
        if not printed:
            stdout.write("")
            stdout.write("Demo organisation recovery keys (shown once; a real admin writes hers on paper):")
            printed = True
        stdout.write(f"  {organisation.name:<30} {recovery_key}")
    by_name = {o.name: o for o in Organisation.objects.all()}
    for holder_name, partner_name, category in PARTNERS:
        holder, partner = by_name.get(holder_name), by_name.get(partner_name)
        if holder is None or partner is None or Recipient.objects.filter(registered_by=holder, name=partner_name).exists():
            continue
        admin = Membership.objects.filter(organisation=holder, role=Membership.Role.ADMIN).first()
        services.recipient_register(acting_user=admin.user, organisation=holder, name=partner_name,
                                    category=category, partner=partner)

"""Reads for the firewall pages."""

from harbour.accounts.access import memberships_of
from harbour.accounts.models import Membership, Organisation, User
from harbour.core.models import AuditEntry
from harbour.firewall import crypto
from harbour.firewall.keys import KEY_HOLDER_ROLES
from harbour.firewall.models import (
    Disclosure,
    KeyGrant,
    KeyRotation,
    MemberKey,
    OrganisationKey,
    Recipient,
)


def key_overview(user: User, unlocked: set[str]) -> list[dict]:
    """For each organisation she belongs to: its key state and hers."""
    member_key = MemberKey.objects.filter(user=user).first()
    rows = []
    for membership in memberships_of(user).select_related("organisation").order_by("organisation__name"):
        organisation = membership.organisation
        org_key = OrganisationKey.objects.filter(organisation=organisation).first()
        has_grant = org_key is not None and KeyGrant.objects.filter(organisation_key=org_key, user=user).exists()
        row = {
            "organisation": organisation,
            "membership": membership,
            "is_admin": membership.role == Membership.Role.ADMIN,
            "holds_keys": membership.role in KEY_HOLDER_ROLES,
            "set_up": org_key is not None,
            "has_grant": has_grant,
            "unlocked": str(organisation.public_id) in unlocked,
            "was_reset": bool(member_key and member_key.replaced_after_reset_on and not has_grant),
        }
        if org_key is not None:
            # Staff compare this out of band (e.g. read aloud at a team meeting): a database
            # writer who replaced the key cannot make it match.
            row["fingerprint"] = crypto.fingerprint(org_key.public_key)
        if row["is_admin"] and org_key is not None:
            row["alarms"] = alarms_for(organisation)
            row["rotation"] = KeyRotation.objects.filter(organisation=organisation, finished_at__isnull=True).first()
            row["members"] = members_with_state(organisation, org_key)
            row["recipients"] = Recipient.objects.filter(registered_by=organisation).select_related("organisation")
        rows.append(row)
    return rows


def alarms_for(organisation: Organisation, *, limit: int = 20) -> list[dict]:
    """The latest alarms about an organisation's sealed records and keys, newest first:
    [{"at": datetime, "action": str, "subject": public id}]."""
    from harbour.firewall.services import ALARM_ACTIONS

    entries = (AuditEntry.objects.filter(organisation=str(organisation.public_id), action__in=ALARM_ACTIONS)
               .order_by("-seq")[:limit])
    return [{"at": e.at, "action": e.action, "subject": e.subject} for e in entries]


def members_with_state(organisation: Organisation, org_key: OrganisationKey) -> list[dict]:
    granted = set(KeyGrant.objects.filter(organisation_key=org_key).values_list("user_id", flat=True))
    members = (Membership.objects.filter(organisation=organisation, is_active=True, role__in=KEY_HOLDER_ROLES)
               .select_related("user"))
    personal = {mk.user_id: mk for mk in MemberKey.objects.filter(user__in=[m.user_id for m in members])}
    rows = []
    for membership in members:
        member_key = personal.get(membership.user_id)
        if membership.user_id in granted:
            state = "granted"
        elif member_key is None:
            state = "waiting"
        elif member_key.replaced_after_reset_on:
            state = "reset"
        else:
            state = "not_granted"
        rows.append({"membership": membership, "state": state})
    return rows


def disclosures_of(subject_ref):
    return Disclosure.objects.filter(subject_ref=subject_ref).select_related("recipient").order_by("disclosed_on", "pk")

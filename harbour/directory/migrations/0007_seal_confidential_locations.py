"""Seal the exact details of locations that were already confidential (F5).

Each confidential location's exact columns (and those of its addresses, accessibility notes,
phones and contacts) are sealed to the public key
of the Harbour organisation that owns the record, then blanked; where the owner has no key,
or there is no owner, they are blanked and only the coarse fields stay. Reversing does
nothing: the server cannot unseal. Old row versions may survive in free database pages until
the database is vacuumed (docs/directory.md, "Confidential locations")."""

from django.db import migrations

from harbour.directory.sealing import children_of, save_children, seal_exact_details


def owner_of(location, Organization, ServiceAtLocation, Service):
    if location.organization_id:
        organization = Organization.objects.filter(pk=location.organization_id).first()
        if organization is not None and organization.owner_id:
            return organization.owner
    for service_id in ServiceAtLocation.objects.filter(location_id=location.pk).values_list("service_id", flat=True):
        service = Service.objects.filter(pk=service_id).first()
        organization = Organization.objects.filter(pk=service.organization_id).first() if service else None
        if organization is not None and organization.owner_id:
            return organization.owner
    return None


def seal(apps, schema_editor):
    Location = apps.get_model("directory", "Location")
    Organization = apps.get_model("directory", "Organization")
    ServiceAtLocation = apps.get_model("directory", "ServiceAtLocation")
    Service = apps.get_model("directory", "Service")
    OrganisationKey = apps.get_model("firewall", "OrganisationKey")
    for location in Location.objects.filter(confidential=True):
        children = children_of(location, lambda name: apps.get_model("directory", name))
        owner = owner_of(location, Organization, ServiceAtLocation, Service)
        org_key = OrganisationKey.objects.filter(organisation=owner).first() if owner is not None else None
        outcome = seal_exact_details(location, children, organisation=owner if org_key else None,
                                     public_key=bytes(org_key.public_key) if org_key else None)
        if outcome == "kept":
            continue
        save_children(children)
        location.save()


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0006_location_sealed"),
        ("firewall", "0001_initial"),
    ]

    operations = [migrations.RunPython(seal, migrations.RunPython.noop)]

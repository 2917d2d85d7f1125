"""The recipient registry refuses nonsense: a partner once, either a partner or an address,
never the organisation itself; forms offer only valid choices (issue 9.4)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from harbour.firewall import services
from harbour.firewall.models import Recipient

ADD = "/staff/firewall/{}/recipients/"


def add(client, organisation, **data):
    return client.post(ADD.format(organisation.public_id), {"category": "specialist_support", **data})


@pytest.mark.django_db
def test_a_partner_cannot_be_registered_twice_under_another_name(as_admin_a, partner_b, org_a, org_b):
    response = add(as_admin_a, org_a, name="Casa Lumbre again", partner=str(org_b.public_id))
    assert response.status_code == 400
    assert Recipient.objects.filter(registered_by=org_a, organisation=org_b).count() == 1


@pytest.mark.django_db
def test_the_service_and_the_database_refuse_a_second_registration_too(admin_a, partner_b, org_a, org_b):
    with pytest.raises(ValidationError):
        services.recipient_register(acting_user=admin_a.user, organisation=org_a, name="Another name",
                                    category="health", partner=org_b)
    with pytest.raises(IntegrityError), transaction.atomic():
        Recipient.objects.create(registered_by=org_a, name="Slipped in", category="health", organisation=org_b)
    assert Recipient.objects.filter(registered_by=org_a).count() == 1


@pytest.mark.django_db
def test_an_address_cannot_be_registered_twice(as_admin_a, sealed_a, org_a):
    assert add(as_admin_a, org_a, name="Clinic", email="desk@clinic.example.org").status_code == 302
    again = add(as_admin_a, org_a, name="Clinic desk", email="DESK@clinic.example.org")
    assert again.status_code == 400
    assert "already one of your recipients" in again.content.decode()
    assert Recipient.objects.filter(registered_by=org_a).count() == 1


@pytest.mark.django_db
def test_a_partner_and_an_address_together_are_refused_clearly_and_the_form_kept(as_admin_a, sealed_a, admin_b,
                                                                                   org_a, org_b):
    response = add(as_admin_a, org_a, name="Mixed", partner=str(org_b.public_id), email="x@b.example.org")
    assert response.status_code == 400
    html = response.content.decode()
    assert "not both" in html
    assert 'value="Mixed"' in html and 'value="x@b.example.org"' in html
    assert not Recipient.objects.filter(registered_by=org_a).exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        Recipient.objects.create(registered_by=org_a, name="Both", category="health", organisation=org_b,
                                 email="x@b.example.org")


@pytest.mark.django_db
def test_the_partner_list_offers_neither_itself_nor_a_partner_already_registered(as_admin_a, partner_b, org_a, org_b):
    from harbour.firewall.forms import RecipientForm

    offered = set(RecipientForm(organisation=org_a).fields["partner"].queryset)
    assert org_a not in offered and org_b not in offered
    html = as_admin_a.get("/staff/firewall/").content.decode()
    assert f'value="{org_a.public_id}"' not in html


@pytest.mark.django_db
def test_an_organisation_cannot_be_its_own_recipient_even_in_the_database(sealed_a, org_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Recipient.objects.create(registered_by=org_a, name="Itself", category="health", organisation=org_a)


@pytest.mark.django_db
def test_an_outsider_cannot_register_for_another_organisation(as_outsider, sealed_a, org_a):
    assert add(as_outsider, org_a, name="Sneaky", email="s@x.example.org").status_code == 404
    assert not Recipient.objects.exists()

"""The directory: Open Referral HSDS 3.0 objects, and what Harbour adds to them.

HSDS objects keep the HSDS `id` (a UUID) as their primary key, so ids are stable across
import and export, and their columns carry the HSDS field names. Links between HSDS objects
are foreign keys without database constraints: an HSDS feed may name an object before it
arrives (a phone's `location_id`, a term's `parent_id`), and HSDS allows that.

Each HSDS model keeps `extra`: properties a feed sends that HSDS 3.0 does not define (profile
extensions), so they survive a round trip.

What Harbour adds (see docs/directory.md, "Harbour profile"): verified claims with a lapse
date, confidential locations, verification freshness apart from edits, per-language text
with a review state, and the Harbour organisation that may edit a directory organisation.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.accounts.models import Organisation as HarbourOrganisation
from harbour.core.languages import validate_language_tag


def _link(model: str, related_name: str = "+"):
    return models.ForeignKey(model, null=True, blank=True, on_delete=models.DO_NOTHING,
                             db_constraint=False, related_name=related_name)


def _text():
    return models.TextField(blank=True, default="")


def _linked(table: str, *fields: str) -> models.Index:
    """An index on a link that only holds rows where the link is set. Most rows leave most
    links empty (a phone belongs to a service *or* a location...); a partial index stays
    small and keeps the planner's statistics honest about how selective the link is."""
    return models.Index(fields=list(fields), condition=Q(**{f"{fields[0]}__isnull": False}),
                        name=f"dir_{table}_{fields[0]}"[:30])


class HsdsModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.pk}"


# --- Taxonomies ---------------------------------------------------------------------------


class Taxonomy(HsdsModel):
    name = _text()
    description = _text()
    uri = _text()
    version = _text()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(HsdsModel):
    code = _text()
    name = _text()
    description = _text()
    parent = _link("self")
    taxonomy = _text()
    taxonomy_detail = _link(Taxonomy)  # column taxonomy_detail_id; HSDS calls it taxonomy_id
    language = _text()
    term_uri = _text()

    class Meta:
        ordering = ["code", "name"]
        indexes = [_linked("taxonomyterm", "taxonomy_detail"), _linked("taxonomyterm", "parent")]

    def __str__(self) -> str:
        return self.name


# --- Organisations and services -------------------------------------------------------------


class Organization(HsdsModel):
    name = _text()
    alternate_name = _text()
    description = _text()
    email = _text()
    website = _text()
    tax_status = _text()
    tax_id = _text()
    year_incorporated = models.FloatField(null=True, blank=True)
    legal_status = _text()
    logo = _text()
    uri = _text()
    parent_organization = _link("self")
    # Harbour: members of this organisation may edit the directory organisation's services.
    owner = models.ForeignKey(HarbourOrganisation, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="directory_organizations")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Program(HsdsModel):
    organization = _link(Organization)
    name = _text()
    alternate_name = _text()
    description = _text()


class OrganizationIdentifier(HsdsModel):
    organization = _link(Organization)
    identifier_scheme = _text()
    identifier_type = _text()
    identifier = _text()

    class Meta:
        indexes = [_linked("organizationidentifier", "organization")]


class Service(HsdsModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        INACTIVE = "inactive", _("inactive")
        DEFUNCT = "defunct", _("defunct")
        TEMPORARILY_CLOSED = "temporarily closed", _("temporarily closed")

    organization = _link(Organization, related_name="services")
    program = _link(Program)
    name = _text()
    alternate_name = _text()
    description = _text()
    url = _text()
    email = _text()
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.ACTIVE)
    interpretation_services = _text()
    application_process = _text()
    fees_description = _text()
    wait_time = _text()
    fees = _text()
    accreditations = _text()
    eligibility_description = _text()
    minimum_age = models.FloatField(null=True, blank=True)
    maximum_age = models.FloatField(null=True, blank=True)
    assured_date = _text()
    assurer_email = _text()
    licenses = _text()
    alert = _text()
    # HSDS last_modified: when the record last changed (an edit), not when it was checked.
    last_modified = models.DateTimeField(default=timezone.now, db_index=True)
    # Harbour freshness: when a person last confirmed the record, and how; never set by an edit.
    last_verified_at = models.DateTimeField(null=True, blank=True)
    last_verified_method = models.CharField(max_length=16, blank=True, default="")
    # Opening hours are local times; the zone they are in (from the service's country).
    time_zone = models.CharField(max_length=64, default="Europe/London")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["organization", "name"]),
                   # Results are listed by name, then id: walked in this order, no sort.
                   models.Index(fields=["name", "id"], name="dir_service_name_id"),
                   # The few services not shown to the public (inactive, defunct), found without a scan.
                   models.Index(fields=["status"], name="dir_service_status")]

    def __str__(self) -> str:
        return self.name


class Location(HsdsModel):
    class LocationType(models.TextChoices):
        PHYSICAL = "physical", _("physical")
        POSTAL = "postal", _("postal")
        VIRTUAL = "virtual", _("virtual")

    location_type = models.CharField(max_length=16, choices=LocationType.choices,
                                     default=LocationType.PHYSICAL)
    url = _text()
    organization = _link(Organization)
    name = _text()
    alternate_name = _text()
    description = _text()
    transportation = _text()
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    external_identifier = _text()
    external_identifier_type = _text()
    # Harbour: a confidential location (a safe house). Its address, coordinates, name and
    # description never leave Harbour; the public sees the coarse area and the gatekeeper phone.
    confidential = models.BooleanField(default=False)
    coarse_area = models.CharField(max_length=120, blank=True, default="")
    coarse_latitude = models.FloatField(null=True, blank=True)
    coarse_longitude = models.FloatField(null=True, blank=True)
    gatekeeper_phone = models.CharField(max_length=40, blank=True, default="")
    # Harbour, F5: while confidential, the exact details (SEALED_LOCATION_FIELDS here, and the
    # SEALED_*_FIELDS of its addresses, accessibility, phones and contacts) are blank in their
    # columns and kept only here,
    # encrypted under a data key sealed to `sealed_for`'s public key (harbour.directory.sealing).
    # Empty when the owner had no key: then only the coarse fields are kept.
    sealed_content = models.BinaryField(null=True, blank=True, editable=False)
    sealed_key = models.BinaryField(null=True, blank=True, editable=False)
    sealed_for = models.ForeignKey(HarbourOrganisation, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)
    # The point distance search uses: the real one, or the coarse one if confidential.
    search_latitude = models.FloatField(null=True, blank=True, editable=False)
    search_longitude = models.FloatField(null=True, blank=True, editable=False)

    class Meta:
        indexes = [models.Index(fields=["search_latitude", "search_longitude"]),
                   models.Index(fields=["organization"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(confidential=False) | ~Q(coarse_area="") & ~Q(gatekeeper_phone=""),
                name="confidential_location_has_area_and_gatekeeper",
            ),
        ]

    def __str__(self) -> str:
        return self.coarse_area if self.confidential else (self.name or str(self.id))

    def save(self, *args, **kwargs):
        if self.confidential:
            self.search_latitude, self.search_longitude = self.coarse_latitude, self.coarse_longitude
        else:
            self.search_latitude, self.search_longitude = self.latitude, self.longitude
        super().save(*args, **kwargs)

    @property
    def is_sealed(self) -> bool:
        return bool(self.sealed_content) and bool(self.sealed_key)


# What a confidential location keeps only sealed (docs/directory.md, "Confidential locations").
SEALED_LOCATION_FIELDS = ("name", "alternate_name", "description", "transportation", "url", "latitude",
                          "longitude", "external_identifier", "external_identifier_type")
SEALED_ADDRESS_FIELDS = ("attention", "address_1", "address_2", "city", "region", "state_province",
                         "postal_code")
SEALED_ACCESSIBILITY_FIELDS = ("description", "details", "url")
SEALED_PHONE_FIELDS = ("number", "extension", "description")
SEALED_CONTACT_FIELDS = ("name", "title", "department", "email")


class ServiceAtLocation(HsdsModel):
    service = _link(Service, related_name="service_at_locations")
    location = _link(Location, related_name="service_at_locations")
    description = _text()

    class Meta:
        indexes = [_linked("serviceatlocation", "service"), _linked("serviceatlocation", "location", "service")]


class Address(HsdsModel):
    location = _link(Location)
    attention = _text()
    address_1 = _text()
    address_2 = _text()
    city = _text()
    region = _text()
    state_province = _text()
    postal_code = _text()
    country = _text()
    address_type = models.CharField(max_length=16, default="physical")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        indexes = [_linked("address", "location")]


class Contact(HsdsModel):
    organization = _link(Organization)
    service = _link(Service)
    service_at_location = _link(ServiceAtLocation)
    location = _link(Location)
    name = _text()
    title = _text()
    department = _text()
    email = _text()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        indexes = [_linked("contact", "service"), _linked("contact", "organization"),
                   _linked("contact", "location"), _linked("contact", "service_at_location")]


class Phone(HsdsModel):
    location = _link(Location)
    service = _link(Service)
    organization = _link(Organization)
    contact = _link(Contact)
    service_at_location = _link(ServiceAtLocation)
    number = _text()
    extension = models.FloatField(null=True, blank=True)
    type = _text()
    description = _text()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        indexes = [_linked("phone", "service"), _linked("phone", "organization"),
                   _linked("phone", "location"), _linked("phone", "contact"),
                   _linked("phone", "service_at_location")]


class Schedule(HsdsModel):
    class Freq(models.TextChoices):
        WEEKLY = "WEEKLY"
        MONTHLY = "MONTHLY"

    service = _link(Service)
    location = _link(Location)
    service_at_location = _link(ServiceAtLocation)
    valid_from = _text()
    valid_to = _text()
    dtstart = _text()
    timezone = models.FloatField(null=True, blank=True)
    until = _text()
    count = models.FloatField(null=True, blank=True)
    wkst = models.CharField(max_length=2, blank=True, default="")
    freq = models.CharField(max_length=8, blank=True, default="")
    interval = models.FloatField(null=True, blank=True)
    byday = _text()
    byweekno = _text()
    bymonthday = _text()
    byyearday = _text()
    description = _text()
    opens_at = _text()
    closes_at = _text()
    schedule_link = _text()
    attending_type = _text()
    notes = _text()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        indexes = [_linked("schedule", "service"), _linked("schedule", "location"),
                   _linked("schedule", "service_at_location")]


class Language(HsdsModel):
    service = _link(Service)
    location = _link(Location)
    phone = _link(Phone)
    name = _text()
    code = models.CharField(max_length=16, blank=True, default="")
    note = _text()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        indexes = [_linked("language", "service"), _linked("language", "location"),
                   _linked("language", "phone")]


class ServiceArea(HsdsModel):
    service = _link(Service)
    name = _text()
    description = _text()
    extent = _text()
    extent_type = _text()
    uri = _text()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        indexes = [_linked("servicearea", "service")]


class CostOption(HsdsModel):
    service = _link(Service)
    valid_from = _text()
    valid_to = _text()
    option = _text()
    currency = models.CharField(max_length=3, blank=True, default="")
    amount = models.FloatField(null=True, blank=True)
    amount_description = _text()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        indexes = [_linked("costoption", "service")]


class Funding(HsdsModel):
    organization = _link(Organization)
    service = _link(Service)
    source = _text()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        indexes = [_linked("funding", "service"), _linked("funding", "organization")]


class RequiredDocument(HsdsModel):
    service = _link(Service)
    document = _text()
    uri = _text()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        indexes = [_linked("requireddocument", "service")]


class Accessibility(HsdsModel):
    location = _link(Location)
    description = _text()
    details = _text()
    url = _text()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name_plural = "accessibility"
        indexes = [_linked("accessibility", "location")]


class Attribute(HsdsModel):
    """An HSDS attribute: a taxonomy term applied to any object (`link_id`)."""

    link_id = models.UUIDField(null=True, blank=True)
    taxonomy_term = _link(TaxonomyTerm)
    link_type = _text()
    link_entity = models.CharField(max_length=64, blank=True, default="")
    value = _text()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        indexes = [_linked("attribute", "link_id"), _linked("attribute", "taxonomy_term", "link_id")]


class Metadata(HsdsModel):
    """An HSDS metadata row: one change to one field of any object (`resource_id`)."""

    resource_id = models.UUIDField(null=True, blank=True)
    resource_type = _text()
    last_action_date = _text()
    last_action_type = _text()
    field_name = _text()
    previous_value = _text()
    replacement_value = _text()
    updated_by = _text()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name_plural = "metadata"
        indexes = [_linked("metadata", "resource_id")]


class MetaTableDescription(HsdsModel):
    name = _text()
    language = _text()
    character_set = _text()


# --- What Harbour adds ------------------------------------------------------------------


class VerificationMethod(models.TextChoices):
    PHONE = "phone", _("by phone")
    EMAIL = "email", _("by e-mail")
    VISIT = "visit", _("by a visit")
    SELF_DECLARED = "self_declared", _("self-declared by the service")


# A claim must be checked again within a year: a promise about immigration data or NRPF
# changes with staff and funding, and a ten-year-old check tells her nothing (issue 9.6).
CLAIM_MAX_VALID_DAYS = 365


class Claim(models.Model):
    """A fact about a service that matters to a migrant woman, with who checked it and until
    when. Published as an HSDS attribute under Harbour's taxonomy (docs/directory.md). A
    claim whose `lapses_at` has passed is never shown or exported as true."""

    class Kind(models.TextChoices):
        FIREWALL_PLEDGE = "firewall_pledge", _(
            "Does not share information with immigration enforcement and does not check status")
        REGARDLESS_OF_STATUS = "regardless_of_status", _("Serves women regardless of immigration status")
        NRPF = "nrpf", _("Accepts women with no recourse to public funds")
        WOMEN_ONLY = "women_only", _("Women-only")
        INTERPRETERS = "interpreters", _("Interpreters on request")
        IMMIGRATION_ADVICE = "immigration_advice", _("Regulated immigration advice")

    # The id is the HSDS attribute id the claim is published under.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="claims")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    method = models.CharField(max_length=16, choices=VerificationMethod.choices)
    verified_at = models.DateTimeField()
    lapses_at = models.DateTimeField()
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    verified_by_organisation = models.ForeignKey(HarbourOrganisation, null=True, blank=True,
                                                 on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["service", "kind"], name="one_claim_per_kind"),
            models.CheckConstraint(condition=Q(lapses_at__gt=models.F("verified_at")),
                                   name="claim_lapses_after_verification"),
        ]
        indexes = [models.Index(fields=["kind", "lapses_at", "service"])]

    def __str__(self) -> str:
        return f"{self.kind} ({self.service_id})"

    def clean(self):
        if self.verified_at and self.lapses_at and (
                self.lapses_at - self.verified_at > timedelta(days=CLAIM_MAX_VALID_DAYS)):
            raise ValidationError({"lapses_at": _("A claim must be checked again within %(days)s days.") % {
                "days": CLAIM_MAX_VALID_DAYS}})

    @staticmethod
    def current_q(at) -> Q:
        """The one definition of a current claim, as a filter: not lapsed at `at` (an aware
        datetime). Every query for what is shown or exported as true uses it (issue 9.6)."""
        return Q(lapses_at__gt=at)

    def is_current(self, at=None) -> bool:
        """current_q() for one claim in memory: not lapsed at `at` (default: now)."""
        return self.lapses_at > (at or timezone.now())


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("draft")
    REVIEWED = "reviewed", _("reviewed")


class Translation(models.Model):
    """A service's or organisation's name and description in one language."""

    class Entity(models.TextChoices):
        SERVICE = "service"
        ORGANIZATION = "organization"

    entity = models.CharField(max_length=16, choices=Entity.choices)
    object_id = models.UUIDField()
    language = models.CharField(max_length=16, validators=[validate_language_tag])
    name = _text()
    description = _text()
    review_state = models.CharField(max_length=8, choices=ReviewState.choices, default=ReviewState.DRAFT)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["language"]
        constraints = [models.UniqueConstraint(fields=["entity", "object_id", "language"],
                                               name="one_translation_per_language")]

    def __str__(self) -> str:
        return f"{self.entity} {self.object_id} [{self.language}]"


class SearchToken(models.Model):
    """The inverted index for free-text search: one row per (normalised word, service)."""

    token = models.CharField(max_length=40)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    # Which parts of the record a search result says its words matched in (the API's
    # `match.text_in`, the results page) hold this token: "name", "description" and the
    # language code of each of the service's translations, space-separated in that order
    # (indexing.fields_text); "" when only other text holds it (the organisation, a place, a
    # term). NULL on a token indexed before this was recorded: the explanation is then worked
    # out from the texts themselves (selectors.matched_fields_each), with the same answer.
    fields = models.TextField(null=True, blank=True)  # noqa: DJ001 - NULL is "not recorded", not ""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "service"], name="one_token_per_service")]
        # (service, token): a service's tokens (reindexing), and those of a page of results
        # that start with her words (selectors.fields_from_index), without reading the rest of
        # a long description's tokens.
        indexes = [models.Index(fields=["service", "token"], name="searchtoken_service_token")]

    def __str__(self) -> str:
        return self.token


class ServiceFacet(models.Model):
    """Denormalised filter values of a service (a language it speaks anywhere, a taxonomy term
    it carries), so each filter is one indexed lookup."""

    class Kind(models.TextChoices):
        LANGUAGE = "lang"
        TERM = "term"
        TAXONOMY = "taxonomy"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    value = models.CharField(max_length=64)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+", db_constraint=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "value", "service"], name="one_facet_per_service")]
        indexes = [models.Index(fields=["service"])]

    def __str__(self) -> str:
        return f"{self.kind}={self.value}"


class OpeningSlot(models.Model):
    """One weekly opening interval of a service, in minutes of the local day, from its
    schedules (overnight hours are split at midnight).

    `shared` is set (by indexing.reindex_service) on every slot that another slot of the same
    service overlaps: same weekday, intersecting minutes and intersecting valid dates. A
    moment that matches an unshared slot matches no other slot of its service, so the number
    of services open is the number of matching unshared slots plus the distinct services of
    the matching shared ones (selectors.open_now_total), with no DISTINCT over every open
    service. `service_name` is the service's name (kept by reindex_service, which every edit
    runs), so that the open services can be listed in name order from this index alone."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    time_zone = models.CharField(max_length=64)
    weekday = models.PositiveSmallIntegerField()  # Monday 0
    opens_minute = models.PositiveSmallIntegerField()
    closes_minute = models.PositiveSmallIntegerField()
    valid_from = models.CharField(max_length=10, blank=True, default="")
    valid_to = models.CharField(max_length=10, blank=True, default="")
    shared = models.BooleanField(default=False)
    service_name = models.TextField(blank=True, default="")

    class Meta:
        indexes = [
            # Covering for counting and listing what is open: weekday, zone, then the time range.
            # Shared slots first: they are few, and counted apart (selectors.open_now_total).
            models.Index(fields=["shared", "weekday", "time_zone", "opens_minute", "closes_minute", "valid_from",
                                 "valid_to", "service_name", "service"], name="dir_openingslot_open_now_v2"),
            # Covering for "is this service open?" (one probe per service while paging in
            # name order), and for a service's own slots.
            models.Index(fields=["service", "weekday", "opens_minute", "closes_minute", "time_zone", "valid_from",
                                 "valid_to"], name="dir_openingslot_service_open"),
        ]

    def __str__(self) -> str:
        return f"{self.weekday} {self.opens_minute}-{self.closes_minute}"

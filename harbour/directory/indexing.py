"""Keeps the search tables (tokens, facets, opening slots) in step with a service's record.

Call `reindex_services` inside the transaction that changed the service, so a search never
sees a half-updated service.
"""

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.utils import timezone

from harbour.core.languages import is_language_tag
from harbour.directory import models as m
from harbour.directory.schedules import Unevaluable, slots
from harbour.directory.text import index_tokens, language_code

# Opening hours are local; a service's zone comes from its country.
COUNTRY_ZONES = {
    "GB": "Europe/London", "IE": "Europe/Dublin", "PT": "Europe/Lisbon", "ES": "Europe/Madrid",
    "FR": "Europe/Paris", "BE": "Europe/Brussels", "NL": "Europe/Amsterdam", "LU": "Europe/Luxembourg",
    "DE": "Europe/Berlin", "IT": "Europe/Rome", "MT": "Europe/Malta", "AT": "Europe/Vienna",
    "CH": "Europe/Zurich", "DK": "Europe/Copenhagen", "SE": "Europe/Stockholm", "NO": "Europe/Oslo",
    "FI": "Europe/Helsinki", "EE": "Europe/Tallinn", "LV": "Europe/Riga", "LT": "Europe/Vilnius",
    "PL": "Europe/Warsaw", "CZ": "Europe/Prague", "SK": "Europe/Bratislava", "HU": "Europe/Budapest",
    "SI": "Europe/Ljubljana", "HR": "Europe/Zagreb", "GR": "Europe/Athens", "RO": "Europe/Bucharest",
    "BG": "Europe/Sofia", "CY": "Asia/Nicosia",
}
DEFAULT_ZONE = "Europe/London"


NAME, DESCRIPTION = "name", "description"


def _texts(service: m.Service, sal_ids: list, location_ids: list) -> Iterable[tuple[str, str]]:
    """(field, text) of every text a search finds the service by; field is what a result's
    explanation names (NAME, DESCRIPTION, or a translation's language code, whose name and
    description are one text there), or "" for text it does not name."""
    yield NAME, service.name
    yield DESCRIPTION, service.description
    for text in (service.alternate_name, service.eligibility_description, service.interpretation_services):
        yield "", text
    if service.organization_id:
        org = m.Organization.objects.filter(pk=service.organization_id).values_list(
            "name", "alternate_name").first()
        if org:
            yield from (("", text) for text in org)
    for language, name, description in m.Translation.objects.filter(
            entity="service", object_id=service.pk).values_list("language", "name", "description"):
        # A code stored before codes were checked ("pt br") names no field: it would read
        # back as two (selectors._matched_in_texts leaves it out alike).
        yield (language if is_language_tag(language) else ""), f"{name} {description}"
    for name, description in m.Translation.objects.filter(
            entity="organization", object_id=service.organization_id).values_list("name", "description"):
        yield "", name
        yield "", description
    for location in m.Location.objects.filter(pk__in=location_ids):
        if location.confidential:
            yield "", location.coarse_area
        else:
            yield "", location.name
            yield from (("", city) for city in
                        m.Address.objects.filter(location_id=location.pk).values_list("city", flat=True))
    term_ids = m.Attribute.objects.filter(link_id__in=[service.pk, *sal_ids]).values_list(
        "taxonomy_term_id", flat=True)
    yield from (("", name) for name in
                m.TaxonomyTerm.objects.filter(pk__in=list(term_ids)).values_list("name", flat=True))


def _field_order(field: str) -> tuple:
    return (field != NAME, field != DESCRIPTION, field)


def fields_text(fields: Iterable[str]) -> str:
    """SearchToken.fields for a token held by `fields` (NAME, DESCRIPTION, language codes):
    space-separated, name first, then description, then the languages in code order (the
    order a result's explanation lists them in); "" for none."""
    return " ".join(sorted(set(fields), key=_field_order))


def token_fields(texts: Iterable[tuple[str, str]]) -> dict[str, str]:
    """{token: SearchToken.fields} of the (field, text) pairs `texts` (field "" for text an
    explanation does not name), each token once, in order of first appearance (text.index_tokens)."""
    held: dict[str, set] = {}
    for field, text in texts:
        for token in index_tokens(text or ""):
            fields = held.setdefault(token, set())
            if field:
                fields.add(field)
    return {token: fields_text(fields) for token, fields in held.items()}


def _term_ancestry(term_ids: set) -> tuple[set, set]:
    terms, taxonomies, frontier = set(), set(), set(term_ids)
    while frontier:
        rows = list(m.TaxonomyTerm.objects.filter(pk__in=frontier).values_list("pk", "parent_id",
                                                                              "taxonomy_detail_id"))
        terms |= frontier
        frontier = set()
        for _pk, parent_id, taxonomy_id in rows:
            if taxonomy_id:
                taxonomies.add(taxonomy_id)
            if parent_id and parent_id not in terms:
                frontier.add(parent_id)
    return terms, taxonomies


def services_related_to(loaded: dict[str, set]) -> set:
    """Ids of the services whose index draws on any of the objects in `loaded` (HSDS kind ->
    ids): the service itself, its organisation, locations, service-at-locations, phones,
    languages, schedules, addresses, attributes and their terms and taxonomies. An import
    reindexes these once at the end, so objects that arrive in any order (a location after
    the service that names it, a term after its attribute) are all searchable."""
    ids = set(loaded.get("service", ()))
    sal = m.ServiceAtLocation.objects
    ids |= set(sal.filter(pk__in=list(loaded.get("service_at_location", ()))).values_list("service_id", flat=True))
    location_ids = set(loaded.get("location", ())) | set(
        m.Address.objects.filter(pk__in=list(loaded.get("address", ()))).values_list("location_id", flat=True))
    organization_ids = set(loaded.get("organization", ()))
    terms = set(loaded.get("taxonomy_term", ())) | set(
        m.TaxonomyTerm.objects.filter(taxonomy_detail_id__in=list(loaded.get("taxonomy", ())))
        .values_list("pk", flat=True))
    links = set(loaded.get("attribute", ()))
    link_ids = set(m.Attribute.objects.filter(pk__in=list(links)).values_list("link_id", flat=True)) | set(
        m.Attribute.objects.filter(taxonomy_term_id__in=list(terms)).values_list("link_id", flat=True))
    phones = set(loaded.get("phone", ()))
    for model, kind in ((m.Language, "language"), (m.Schedule, "schedule"), (m.Phone, "phone")):
        rows = model.objects.filter(pk__in=list(loaded.get(kind, ()))).values_list("service_id", "location_id")
        for service_id, location_id in rows:
            ids.add(service_id)
            location_ids.add(location_id)
    phones |= set(m.Language.objects.filter(pk__in=list(loaded.get("language", ())))
                  .values_list("phone_id", flat=True))
    phones |= set(m.Phone.objects.filter(contact_id__in=list(loaded.get("contact", ()))).values_list("pk", flat=True))
    ids |= _services_of_phones(phones - {None})
    ids |= set(m.Schedule.objects.filter(pk__in=list(loaded.get("schedule", ())), service_at_location__isnull=False)
               .values_list("service_at_location__service_id", flat=True))
    ids |= set(m.Service.objects.filter(pk__in=list(link_ids)).values_list("pk", flat=True))
    ids |= set(sal.filter(pk__in=list(link_ids)).values_list("service_id", flat=True))
    ids |= set(sal.filter(location_id__in=list(location_ids - {None})).values_list("service_id", flat=True))
    ids |= set(m.Service.objects.filter(organization_id__in=list(organization_ids)).values_list("pk", flat=True))
    return ids - {None}


def _phone_ids(service_id, sal_ids: list, location_ids: list) -> list:
    """The phones where someone answers for the service: its own, its service-at-locations',
    its locations', and those of the contacts of any of these (HSDS 3.0 links a phone to each
    by phone.service_id, service_at_location_id, location_id, contact_id). The languages
    spoken on them are languages the service speaks (docs/directory.md)."""
    from django.db.models import Q

    contact_ids = list(m.Contact.objects.filter(
        Q(service_id=service_id) | Q(service_at_location_id__in=sal_ids) | Q(location_id__in=location_ids))
        .values_list("pk", flat=True))
    return list(m.Phone.objects.filter(
        Q(service_id=service_id) | Q(service_at_location_id__in=sal_ids) | Q(location_id__in=location_ids)
        | Q(contact_id__in=contact_ids)).values_list("pk", flat=True))


def _services_of_phones(phone_ids: set) -> set:
    """The services whose index draws on any of `phone_ids` (_phone_ids(), the other way)."""
    sal = m.ServiceAtLocation.objects
    rows = list(m.Phone.objects.filter(pk__in=list(phone_ids)).values_list(
        "service_id", "service_at_location_id", "location_id", "contact_id"))
    ids = {service for service, _sal, _loc, _contact in rows}
    sal_ids = {sal_id for _s, sal_id, _l, _c in rows}
    location_ids = {loc for _s, _sal, loc, _c in rows}
    contacts = m.Contact.objects.filter(pk__in=[c for *_rest, c in rows if c]).values_list(
        "service_id", "service_at_location_id", "location_id")
    for service, sal_id, loc in contacts:
        ids.add(service)
        sal_ids.add(sal_id)
        location_ids.add(loc)
    ids |= set(sal.filter(pk__in=list(sal_ids - {None})).values_list("service_id", flat=True))
    ids |= set(sal.filter(location_id__in=list(location_ids - {None})).values_list("service_id", flat=True))
    return ids


def reindex_services(service_ids: Iterable) -> None:
    for service in m.Service.objects.filter(pk__in=list(service_ids)):
        reindex_service(service)


def reindex_for_locations(location_ids: Iterable) -> None:
    ids = m.ServiceAtLocation.objects.filter(location_id__in=list(location_ids)).values_list(
        "service_id", flat=True)
    reindex_services(set(ids))


def reindex_service(service: m.Service) -> None:
    from django.core.cache import cache

    cache.delete("directory:spoken-languages")  # selectors.SPOKEN_LANGUAGES_KEY
    sal_rows = list(m.ServiceAtLocation.objects.filter(service_id=service.pk).values_list("pk", "location_id"))
    sal_ids = [pk for pk, _ in sal_rows]
    location_ids = [loc for _, loc in sal_rows if loc]

    countries = list(m.Address.objects.filter(location_id__in=location_ids).exclude(country="")
                     .values_list("country", flat=True)[:1])
    zone = COUNTRY_ZONES.get(countries[0].upper(), DEFAULT_ZONE) if countries else DEFAULT_ZONE
    if service.time_zone != zone:
        service.time_zone = zone
        m.Service.objects.filter(pk=service.pk).update(time_zone=zone)

    _sync(m.SearchToken.objects.filter(service_id=service.pk), ("token", "fields"),
          {(t, f): m.SearchToken(token=t, service_id=service.pk, fields=f)
           for t, f in token_fields(_texts(service, sal_ids, location_ids)).items()})

    phone_ids = _phone_ids(service.pk, sal_ids, location_ids)
    languages = {
        language_code(code)
        for code in m.Language.objects.filter(service_id=service.pk).values_list("code", flat=True)
    } | {
        language_code(code)
        for code in m.Language.objects.filter(location_id__in=location_ids).values_list("code", flat=True)
    } | {
        language_code(code)
        for code in m.Language.objects.filter(phone_id__in=phone_ids).values_list("code", flat=True)
    }
    term_ids = set(m.Attribute.objects.filter(link_id__in=[service.pk, *sal_ids])
                   .exclude(taxonomy_term_id=None).values_list("taxonomy_term_id", flat=True))
    terms, taxonomies = _term_ancestry(term_ids)
    facets = [("lang", code[:64]) for code in languages if code]
    facets += [("term", str(t)) for t in terms] + [("taxonomy", str(t)) for t in taxonomies]
    _sync(m.ServiceFacet.objects.filter(service_id=service.pk), ("kind", "value"),
          {(k, v): m.ServiceFacet(kind=k, value=v, service_id=service.pk) for k, v in facets})

    today = timezone.now().astimezone(ZoneInfo(zone)).date()
    wanted = {}
    for schedule in schedules_of(service, sal_ids, location_ids):
        try:
            found = slots(schedule, zone, today=today)
        except Unevaluable:
            continue  # never shown as open; the page says to ask for the hours
        for slot in found:
            wanted[(zone, slot.weekday, slot.opens, slot.closes, slot.valid_from, slot.valid_to)] = slot
    shared = shared_slots(list(wanted.values()))
    rows = {(*key, slot in shared, service.name): m.OpeningSlot(
                service_id=service.pk, time_zone=zone, weekday=slot.weekday, opens_minute=slot.opens,
                closes_minute=slot.closes, valid_from=slot.valid_from, valid_to=slot.valid_to,
                shared=slot in shared, service_name=service.name)
            for key, slot in wanted.items()}
    _sync(m.OpeningSlot.objects.filter(service_id=service.pk),
          ("time_zone", "weekday", "opens_minute", "closes_minute", "valid_from", "valid_to", "shared",
           "service_name"), rows)


def shared_slots(slots: list) -> set:
    """The slots (schedules.Slot, all of one service) that another of them overlaps: the same
    weekday, intersecting minutes [opens, closes) and intersecting valid dates ("" is
    unbounded). These are OpeningSlot.shared; a moment matches at most one unshared slot."""
    by_day: dict[int, list] = {}
    for slot in slots:
        by_day.setdefault(slot.weekday, []).append(slot)
    out = set()
    for day in by_day.values():
        day.sort(key=lambda slot: slot.opens)
        for index, slot in enumerate(day):
            for other in day[index + 1:]:
                if other.opens >= slot.closes:
                    break  # sorted by opening: no later slot starts before this one closes
                if ((not other.valid_from or not slot.valid_to or other.valid_from <= slot.valid_to)
                        and (not slot.valid_from or not other.valid_to or slot.valid_from <= other.valid_to)):
                    out.update((slot, other))
    return out


def schedules_of(service: m.Service, sal_ids: list | None = None, location_ids: list | None = None) -> list:
    """The schedules that say when `service` is open: its own and those of its
    service-at-locations; else those of its locations."""
    if sal_ids is None or location_ids is None:
        rows = list(m.ServiceAtLocation.objects.filter(service_id=service.pk).values_list("pk", "location_id"))
        sal_ids, location_ids = [pk for pk, _ in rows], [loc for _, loc in rows if loc]
    schedules = list(m.Schedule.objects.filter(service_id=service.pk, location_id=None,
                                               service_at_location_id=None))
    schedules += list(m.Schedule.objects.filter(service_at_location_id__in=sal_ids))
    if not schedules:
        schedules = list(m.Schedule.objects.filter(location_id__in=location_ids))
    return schedules


def _sync(current, key_fields: tuple, wanted: dict) -> None:
    """Make the rows in `current` be exactly `wanted` ({key: unsaved row}), touching only
    what differs (a re-import that changes nothing writes nothing)."""
    have = {tuple(row[1:]): row[0] for row in current.values_list("pk", *key_fields)}
    stale = [pk for key, pk in have.items() if key not in wanted]
    if stale:
        current.model.objects.filter(pk__in=stale).delete()
    missing = [row for key, row in wanted.items() if key not in have]
    if missing:
        current.model.objects.bulk_create(missing)

"""Demo directory: fictional services in several cities and languages (example.org, 555-style
numbers), some with confidential addresses, whose exact details are sealed to the owning
organisation's key (or dropped, where the owner has none). Ids derive from names, so a second
run changes nothing."""

import uuid
from datetime import datetime, timedelta

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from harbour.accounts.models import Organisation as HarbourOrganisation
from harbour.directory import sealing, services
from harbour.directory.hsds import Loader
from harbour.directory.indexing import reindex_services
from harbour.directory.models import Claim, Location, Organization

NS = uuid.uuid5(uuid.NAMESPACE_URL, "https://harbour.example.org/demo/directory")
# Fixed dates, so a second run writes the same values.
CHECKED = datetime(2026, 9, 1, 10, 0, tzinfo=timezone.get_fixed_timezone(0))


def uid(*parts) -> str:
    return str(uuid.uuid5(NS, "/".join(str(p) for p in parts)))


NEEDS = {
    "housing": "Safe housing", "legal": "Legal advice", "immigration": "Immigration advice",
    "counselling": "Counselling", "helpline": "Helpline", "health": "Health care",
    "interpreting": "Interpreting", "money": "Money and benefits",
}

CITIES = {
    # city: (country, latitude, longitude, postcode prefix, owner)
    "London": ("GB", 51.5074, -0.1278, "E1", "Northside Women's Centre"),
    "Birmingham": ("GB", 52.4862, -1.8904, "B1", "Red Cedar Community Group"),
    "Manchester": ("GB", 53.4808, -2.2426, "M1", None),
    "Glasgow": ("GB", 55.8642, -4.2518, "G1", None),
    "Cardiff": ("GB", 51.4816, -3.1791, "CF10", None),
    "Madrid": ("ES", 40.4168, -3.7038, "28001", "Casa Lumbre"),
    "Barcelona": ("ES", 41.3874, 2.1686, "08001", None),
    "Paris": ("FR", 48.8566, 2.3522, "75001", None),
    "Berlin": ("DE", 52.5200, 13.4050, "10115", None),
}

AR = {
    "housing": ("سكن آمن للنساء", "سكن آمن ومؤقت للنساء وأطفالهن، بغض النظر عن وضع الهجرة."),
    "legal": ("مشورة قانونية", "مشورة قانونية مجانية للنساء المهاجرات حول حقوقهن."),
    "counselling": ("دعم نفسي", "جلسات دعم نفسي فردية وجماعية باللغة العربية."),
    "helpline": ("خط المساعدة", "خط هاتفي سري للنساء، مع مترجمات عند الطلب."),
}
FA = {
    "housing": ("خانه امن برای زنان", "اقامت امن و موقت برای زنان و کودکانشان، بدون توجه به وضعیت اقامتی."),
    "legal": ("مشاوره حقوقی", "مشاوره حقوقی رایگان برای زنان مهاجر درباره حقوقشان."),
    "counselling": ("مشاوره روانی", "جلسات مشاوره فردی و گروهی به زبان فارسی."),
    "immigration": ("مشاوره مهاجرتی", "مشاوره مهاجرتی توسط مشاور دارای مجوز."),
}

# (city, need, name, languages, hours (opens, closes, byday) or None, confidential, claims)
SERVICES = [
    ("London", "housing", "Harbourside safe house", ["en", "ar", "fa"], ("00:00", "23:59", ""), True,
     ["firewall_pledge", "regardless_of_status", "nrpf", "women_only"]),
    ("London", "legal", "Women's rights clinic", ["en", "ar", "so"], ("10:00", "16:00", "MO,WE,FR"), False,
     ["firewall_pledge", "regardless_of_status", "interpreters"]),
    ("London", "immigration", "Riverside immigration advice", ["en", "fa", "ur"], ("09:30", "17:00", "MO,TU,WE,TH,FR"),
     False, ["immigration_advice", "firewall_pledge"]),
    ("London", "counselling", "Talking space", ["en", "ar", "ti"], ("12:00", "20:00", "TU,TH"), False,
     ["women_only"]),
    ("London", "helpline", "Night and day line", ["en", "ar", "fa", "es"], ("00:00", "23:59", ""), False,
     ["firewall_pledge", "interpreters"]),
    ("London", "health", "Community health drop-in", ["en", "bn", "pa"], ("09:00", "13:00", "SA"), False, []),
    ("Birmingham", "housing", "Cedar house", ["en", "ur", "pa"], ("00:00", "23:59", ""), True,
     ["women_only", "nrpf"]),
    ("Birmingham", "legal", "Midlands legal advice", ["en", "ur", "ar"], ("09:00", "17:00", "MO,TU,WE,TH"), False,
     ["regardless_of_status"]),
    ("Birmingham", "money", "Money and benefits help", ["en", "pl"], ("10:00", "15:00", "MO,TU,WE,TH,FR"), False, []),
    ("Birmingham", "counselling", "Circle of support", ["en", "ar"], ("18:00", "21:00", "WE"), False, ["women_only"]),
    ("Manchester", "housing", "Northern lights house", ["en", "ar", "ku"], ("00:00", "23:59", ""), True,
     ["women_only", "regardless_of_status"]),
    ("Manchester", "immigration", "Manchester migrant women's advice", ["en", "fa", "ar"], ("10:00", "16:00", "TU,TH"),
     False, ["immigration_advice", "firewall_pledge", "regardless_of_status"]),
    ("Manchester", "interpreting", "Voices interpreting", ["en", "ar", "fa", "ps", "ti"], ("09:00", "17:00", "MO,TU,WE,TH,FR"),
     False, ["interpreters"]),
    ("Glasgow", "legal", "Clyde legal advice", ["en", "ar"], ("09:00", "17:00", "MO,TU,WE,TH,FR"), False,
     ["firewall_pledge"]),
    ("Glasgow", "housing", "Glasgow safe house", ["en", "fa"], ("00:00", "23:59", ""), True, ["women_only"]),
    ("Glasgow", "counselling", "Glasgow women's counselling", ["en", "fa", "ar"], ("10:00", "18:00", "MO,WE"), False, []),
    ("Cardiff", "helpline", "Wales helpline", ["en", "cy", "ar"], ("08:00", "22:00", ""), False, ["interpreters"]),
    ("Cardiff", "legal", "Cardiff law centre", ["en", "so"], ("09:30", "16:30", "MO,TU,WE,TH,FR"), False,
     ["regardless_of_status"]),
    ("Madrid", "housing", "Casa de acogida Lumbre", ["es", "ar", "fr"], ("00:00", "23:59", ""), True,
     ["women_only", "regardless_of_status", "firewall_pledge"]),
    ("Madrid", "legal", "Asesoría jurídica para mujeres", ["es", "ar"], ("10:00", "14:00", "MO,TU,WE,TH,FR"), False,
     ["firewall_pledge"]),
    ("Madrid", "counselling", "Espacio de escucha", ["es", "fr", "ar"], ("16:00", "20:00", "MO,WE"), False,
     ["women_only"]),
    ("Madrid", "immigration", "Extranjería sin miedo", ["es", "ar", "fa"], ("09:00", "13:00", "TU,TH"), False,
     ["immigration_advice"]),
    ("Barcelona", "helpline", "Línia d'ajuda", ["es", "ca", "ar", "ur"], ("00:00", "23:59", ""), False,
     ["interpreters", "firewall_pledge"]),
    ("Barcelona", "housing", "Barcelona safe house", ["es", "ca"], ("00:00", "23:59", ""), True, ["women_only"]),
    ("Paris", "legal", "Droits des femmes migrantes", ["fr", "ar", "fa"], ("09:00", "17:00", "MO,TU,WE,TH,FR"),
     False, ["regardless_of_status", "firewall_pledge"]),
    ("Paris", "health", "Santé pour toutes", ["fr", "ar", "ti"], ("09:00", "12:00", "SA"), False, ["women_only"]),
    ("Berlin", "counselling", "Frauenberatung Mitte", ["de", "ar", "fa", "tr"], ("10:00", "18:00", "MO,TU,WE,TH"),
     False, ["women_only", "interpreters"]),
    ("Berlin", "immigration", "Aufenthaltsberatung", ["de", "fa", "ar"], ("09:00", "15:00", "WE,FR"), False,
     ["immigration_advice", "regardless_of_status"]),
    ("Berlin", "housing", "Berlin safe house", ["de", "ar", "tr"], ("00:00", "23:59", ""), True, ["nrpf"]),
]

LANGUAGE_NAMES = {"en": "English", "ar": "Arabic", "fa": "Farsi", "so": "Somali", "ur": "Urdu", "ti": "Tigrinya",
                  "es": "Spanish", "bn": "Bengali", "pa": "Punjabi", "pl": "Polish", "ku": "Kurdish",
                  "ps": "Pashto", "cy": "Welsh", "fr": "French", "ca": "Catalan", "de": "German", "tr": "Turkish"}
METHODS = ["phone", "email", "visit", "self_declared"]


def _record(index, city, need, name, languages, hours, confidential):
    country, lat, lng, postcode, _owner = CITIES[city]
    sid, lid, org_id = uid("service", name), uid("location", name), uid("organization", city, need)
    # Spread the services around the city centre, up to ~4 km.
    lat_off, lng_off = ((index * 37) % 9 - 4) * 0.008, ((index * 53) % 9 - 4) * 0.012
    record = {
        "id": sid, "organization_id": org_id, "name": name, "status": "active",
        "description": f"{NEEDS[need]} for women in {city}. Free and confidential. (Fictional demo service.)",
        "url": f"https://{name.lower().replace(' ', '-').replace(chr(39), '')[:30]}.example.org",
        "email": f"hello{index}@example.org",
        "interpretation_services": "Interpreters on request." if len(languages) > 2 else "",
        "organization": {"id": org_id, "name": f"{name} (organisation)",
                         "description": f"A fictional organisation in {city}."},
        "phones": [{"id": uid("phone", name), "number": f"+44 20 7946 0{index:03d}" if country == "GB"
                    else f"+34 600 000 {index:03d}", "type": "voice"}],
        "languages": [{"id": uid("language", name, code), "code": code, "name": LANGUAGE_NAMES.get(code, code)}
                      for code in languages],
        "attributes": [{"id": uid("attribute", name, need), "taxonomy_term_id": uid("term", need),
                        "link_type": "service_type", "link_entity": "service", "value": "yes"}],
        "service_at_locations": [{"id": uid("sal", name), "location_id": lid, "location": {
            "id": lid, "location_type": "physical", "name": f"{name}",
            "latitude": round(lat + lat_off, 5), "longitude": round(lng + lng_off, 5),
            "addresses": [{"id": uid("address", name), "address_1": f"{index + 1} Example Road", "city": city,
                           "state_province": city, "postal_code": f"{postcode} {index}AB", "country": country,
                           "address_type": "physical"}]}}],
    }
    if hours:
        record["schedules"] = [{"id": uid("schedule", name), "freq": "WEEKLY", "byday": hours[2],
                                "opens_at": hours[0], "closes_at": hours[1]}]
    translations = []
    if need in AR and index % 2 == 0:
        translations.append({"language": "ar", "name": AR[need][0], "description": AR[need][1],
                             "review_state": "draft"})
    if need in FA and index % 2 == 1:
        translations.append({"language": "fa", "name": FA[need][0], "description": FA[need][1],
                             "review_state": "draft"})
    if country == "ES":
        translations.append({"language": "es", "name": name, "description":
                             f"Servicio ficticio de {NEEDS[need].lower()} para mujeres en {city}.",
                             "review_state": "draft"})
    if translations:
        record["translations"] = translations
    return record


def load(stdout) -> None:
    loader = Loader()
    loader.load("taxonomy", {"id": uid("taxonomy"), "name": "Harbour needs (demo)",
                             "description": "What a woman may be looking for.", "version": "1"})
    for code, label in NEEDS.items():
        loader.load("taxonomy_term", {"id": uid("term", code), "code": code, "name": label,
                                      "description": label, "taxonomy_id": uid("taxonomy"), "language": "en"})
    owners = {o.name: o for o in HarbourOrganisation.objects.all()}
    created = 0
    for index, (city, need, name, languages, hours, confidential, claims) in enumerate(SERVICES):
        record = _record(index, city, need, name, languages, hours, confidential)
        before = loader.result.created
        loader.load("service", record)
        created += loader.result.created - before
        owner = owners.get(CITIES[city][4] or "")
        Organization.objects.filter(pk=record["organization_id"]).exclude(owner=owner).update(owner=owner)
        lid = record["service_at_locations"][0]["location_id"]
        if confidential:
            country, lat, lng, _p, _o = CITIES[city]
            wanted = {"confidential": True, "coarse_area": city, "coarse_latitude": lat,
                      "coarse_longitude": lng, "gatekeeper_phone": record["phones"][0]["number"]}
            location = Location.objects.get(pk=lid)
            children = sealing.children_of(location, lambda name: apps.get_model("directory", name))
            if any(getattr(location, k) != v for k, v in wanted.items()) or \
                    sealing.holds_exact_details(location, children):
                for k, v in wanted.items():
                    setattr(location, k, v)
                # The exact address is sealed to the owner's key (set up by the firewall's
                # demo, which runs first), or dropped where the owner has none (F5).
                with transaction.atomic():
                    services.location_seal(location=location, owner=owner)
                    location.save()
        for n, kind in enumerate(claims):
            # One claim in five has lapsed, to show it is then not shown.
            lapsed = (index + n) % 5 == 4
            Claim.objects.get_or_create(
                service_id=record["id"], kind=kind,
                defaults={"id": uid("claim", name, kind), "method": METHODS[(index + n) % 4],
                          "verified_at": CHECKED - timedelta(days=200 if lapsed else 30),
                          "lapses_at": CHECKED - timedelta(days=20) if lapsed else CHECKED + timedelta(days=300)})
        reindex_services([record["id"]])
    stdout.write(f"Directory: {len(SERVICES)} demo services ({created} new objects).")

import dataclasses
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_safe,
)

from harbour.core import recall
from harbour.core.audience import post_only, public, staff
from harbour.core.confirm import cancelled, confirm_page, confirmed
from harbour.core.formats import isolated
from harbour.core.languages import language_name
from harbour.core.numbers import list_text
from harbour.core.once import closed_after_exit
from harbour.core.staff_language import language_switched, redisplays_on_language_switch
from harbour.core.textguard import redisplays_form
from harbour.directory import access, gazetteer, selectors, services
from harbour.directory.forms import (
    ClaimVerifyForm,
    ConfidentialLocationForm,
    ExactDetailsForm,
    SearchForm,
    ServiceEditForm,
    ServiceVerifyForm,
    TranslationForm,
)
from harbour.directory.labels import language_label, need_choice_label, place_label
from harbour.directory.models import (
    Claim,
    Service,
)
from harbour.directory.text import safe_html
from harbour.firewall import crypto
from harbour.firewall.keyring import keyring_private_key
from harbour.web.forms import typed_initial

PUBLIC_PER_PAGE = 10
# What harbour.core.recall keeps a public search under.
RECALL_KIND = "directory-search"
RECALL_FIELDS = tuple(SearchForm.base_fields)  # the once token and the page too


def _clock(minute: int) -> str:
    minute = min(minute, 24 * 60 - 1)  # "until midnight" reads as 23:59
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _why(service: Service, params: selectors.SearchParams, form_data: dict, distance, matched: list,
         places: list, approximate: bool) -> list[str]:
    """Plain reasons this service is in her results."""
    reasons = []
    if matched:
        # A language's name is isolated (FSI ... PDI, Unicode's bidirectional algorithm): in
        # Arabic, "و" stuck to a Latin name ("وBritish English") and mixed names reordered.
        labels = [{"name": _("name"), "description": _("description")}.get(f) or isolated(language_label(f))
                  for f in matched]
        # Joined as her language joins a list (CLDR: "name and description", "الاسم والوصف").
        reasons.append(_("Your words appear in: %(places)s.") % {"places": list_text(labels)})
    if params.term_ids and form_data.get("need_label"):
        reasons.append(_("Offers: %(need)s.") % {"need": form_data["need_label"]})
    if params.language:
        reasons.append(_("Staff speak %(language)s.") % {"language": isolated(language_label(params.language))})
    if distance is not None:
        confidential = [p for p in places if p["confidential"]]
        if approximate and confidential:
            # Only its coarse point is known publicly: a distance to it would look precise.
            reasons.append(_("In the %(area)s area (the address is not published).") % {
                "area": confidential[0]["area"]})
        else:
            reasons.append(_("About %(km)s km from %(place)s.") % {
                "km": f"{distance / 1000:.1f}", "place": place_label(form_data["where"])})
    if params.open_now:
        reasons.append(_("Open now."))
    for claim in params.claims:
        reasons.append(_("Confirmed: %(claim)s.") % {"claim": Claim.Kind(claim).label})
    return reasons


def _untranslated(text, language: str) -> bool:
    """True when a page in a language other than the directory's own (settings.LANGUAGE_CODE)
    shows a service's text as published, with no translation into the page's language: the
    page must say so (STYLE.md habit 13)."""
    return not text.language and (language or "").split("-")[0] != settings.LANGUAGE_CODE


def _as_written(language: str) -> dict | None:
    """The language of a service's fields that have no per-language rows (its alert,
    interpreting, eligibility and fees are kept only as published, in settings.LANGUAGE_CODE),
    when a page in another language shows them: {"code": "en", "name": "English"} with the
    name in the page's language, else None. Such a field must say so (issue 8, item 5)."""
    source = settings.LANGUAGE_CODE
    if (language or "").split("-")[0] == source:
        return None
    return {"code": source, "name": language_label(source)}


def _results(page: selectors.SearchPage, params, form_data, now, language) -> list[dict]:
    """What each result shows, with a fixed number of queries for the whole page."""
    ids = [s.pk for s in page.services]
    if not ids:
        return []
    claims = selectors.claims_by_service(ids, now)
    translations = selectors.translations_by_service(ids)
    places = selectors.locations_by_service(ids)
    matched_each = (selectors.matched_fields_each(page.services, params.text,
                                                  [translations[pk] for pk in ids], terms=params.terms)
                    if params.text else [[] for _ in ids])
    results = []
    for service, matched in zip(page.services, matched_each, strict=True):
        # Show her the text that holds her words, so that "Your words appear in" names what
        # she sees: the translation into the page's language if it holds them (a vocabulary
        # word, "refuge", matches every language's name for the same thing); else the record
        # as published if that does (a walk-through found an Arabic page showing the Arabic
        # translation beside "in the description", of an English description she could not
        # see); else the first translation that does (she searched in Farsi, say).
        # Her language's translation is found by RFC 4647 lookup (a "pt" page shows "pt-BR"):
        # `matched` names it by its stored tag, not by the page's code.
        hers = selectors.text_in(service, language, translations[service.pk])
        shown_language = language
        if matched and (hers.language or language) not in matched:
            other = [f for f in matched if f not in ("name", "description")]
            shown_language = "" if len(other) < len(matched) else other[0]
        text = hers if shown_language == language else selectors.text_in(service, shown_language,
                                                                         translations[service.pk])
        results.append({
            "service": service,
            "text": text,
            "untranslated": _untranslated(text, language),
            "why": _why(service, params, form_data, page.distances.get(service.pk), matched, places[service.pk],
                        service.pk in page.approximate),
            "claims": claims[service.pk],
            "freshness": selectors.checked_state(service, claims[service.pk], now),
            "locations": places[service.pk],
        })
    return results


@redisplays_form
@public
@csrf_exempt  # a read-only search: refusing it for a missing cookie would only fail her
@require_http_methods(["GET", "HEAD", "POST"])
@closed_after_exit  # Back after Quick exit, JavaScript off: her search is not shown again
def search(request):
    """Find a service. GET shows the form, or with `r` (a token, harbour.core.recall) the search
    sealed in it: its results, or its form with what is wrong. POST seals the form under her
    browser's key and answers 303 to `?r=<token>`: nothing she types is readable in an address
    (F8), and the server keeps nothing of it."""
    # Sealed into the address of a GET (harbour.core.recall): Back from a service page, Reload,
    # and "Back to your results" show her search again, with JavaScript or without (a
    # walk-through: Back from a service page showed ERR_CACHE_MISS).
    carried = recall.carry(request, RECALL_KIND, "directory:search", RECALL_FIELDS)
    if carried.redirect:
        return carried.redirect
    data, token = carried.data, carried.token
    if data is not None and data.get("language_switch"):
        # Before any search, the language switch submits her form itself to the other
        # language's address (base.html, `language_form`): show it again filled in, not
        # searched, with no errors (a walk-through: words typed, then a language chosen, were
        # lost). Carried like a search: Back to it after Quick exit shows nothing of hers.
        return recall.ensure_key(request, render(request, "directory/search.html", {
            "form": SearchForm(initial=typed_initial(data, SearchForm)), "searched": False,
            "language_form": "search-form"}))
    form = SearchForm(data)
    # The language records are published in, for the results shown untranslated (their lang).
    # The language switch submits her form as it is on the screen (base.html, `language_form`):
    # before a search, to show it again filled in; after one, to search again in the other
    # language with what the form holds now (a walk-through: words changed after a search, then
    # a language chosen, were replaced by the earlier search's).
    context = {"form": form, "searched": False, "source_language": settings.LANGUAGE_CODE,
               "language_form": "search-form", "language_form_searches": data is not None,
               # An address from before Quick exit or from an ended session opens nothing of hers.
               "search_ended": carried.ended,
               "recall_token": token}
    if data is not None and form.is_valid():
        data = dict(form.cleaned_data)
        where = data["where"]
        need = data.get("need")
        if need:
            data["need_label"] = dict(form.fields["need"].choices).get(need, "")
        params = selectors.SearchParams(
            text=data.get("q") or "",
            term_ids=[uuid.UUID(need)] if need else [],
            language=data.get("language") or "",
            latitude=where.latitude if where else None,
            longitude=where.longitude if where else None,
            radius_m=(data.get("distance") or 10) * 1000 if where else None,
            open_now=bool(data.get("open_now")),
            claims=[k for k in selectors.CLAIM_FILTERS if data.get(k)],
            public_only=True,
            page=data.get("page") or 1,
            per_page=PUBLIC_PER_PAGE,
        )
        now = timezone.now()
        page = selectors.search_services(params, at=now)
        if params.page > max(page.total_pages, 1):
            # Fewer results than when she turned the page (the language switch carries the page
            # she was on, with the words now in the box): show the last page, and say so; none
            # at all, the first page, with no "Previous" to pages that are empty too.
            params = dataclasses.replace(params, page=max(page.total_pages, 1))
            page = selectors.search_services(params, at=now)
            context["fewer"] = page.total_pages >= 1
        language = get_language()
        context.update(
            searched=True,
            page=page,
            results=_results(page, params, data, now, language),
            first_number=(params.page - 1) * params.per_page + 1,  # the list's numbering goes on across pages
            next_page=params.page + 1 if params.page < page.total_pages else None,
            previous_page=params.page - 1 if params.page > 1 else None,
            # The language switch submits her form with the page of results she is on: the
            # page is not a field of that form (Next and Previous carry it), so the switch's
            # button does (a walk-through: page 3, then العربية, gave page 1 in Arabic).
            language_form_field=("page", str(params.page)),
        )
    # With a key for her browser, so that the search she sends from this page can be carried.
    return recall.ensure_key(request, render(request, "directory/search.html", context))


@public
@require_safe
def service_detail(request, service_id):
    service = access.access_public_service(service_id)
    now = timezone.now()
    language = get_language()
    text = selectors.text_in(service, language)
    claims = selectors.current_claims(service, now)
    context = {
        "service": service,
        "text": text,
        # HSDS lets descriptions hold HTML: shown sanitised to a small safe subset (nh3).
        "description_html": mark_safe(safe_html(text.description)),  # noqa: S308
        "eligibility_html": mark_safe(safe_html(service.eligibility_description)),  # noqa: S308
        "untranslated": _untranslated(text, language),
        "as_written": _as_written(language),
        "claims": claims,
        "freshness": selectors.checked_state(service, claims, now),
        "locations": selectors.public_locations(service),
        "languages": [language_label(c) for c in selectors.service_languages(service)],
        "terms": [need_choice_label(term) for term in selectors.service_need_terms(service)],
        "phones": selectors.service_phones(service),
        "open_now": selectors.is_open(service, now),
        # Each range one string, so it can be isolated left to right as a whole in Arabic.
        "today": [f"{_clock(o)}–{_clock(c)}" for o, c in selectors.opening_today(service, now)],
        "week": [(WEEKDAYS[day], ", ".join(f"{_clock(o)}–{_clock(c)}" for o, c in slots))
                 for day, slots in selectors.weekly_hours(service, now)],
        "hours_to_ask": selectors.hours_to_ask(service),
        # Reached from her results (`?r=`, harbour.core.recall): a way back to them, while her
        # browser's key opens them (with JavaScript on, Back leaves Harbour: public/exit.js).
        "results_url": _results_url(request),
    }
    return render(request, "directory/service.html", context)


def _results_url(request) -> str | None:
    """The address of the search results this page was opened from, or None when its `r`
    opens no search (harbour.core.recall: ended, or not hers)."""
    token = request.GET.get("r", "")
    if not token or recall.recall(request, RECALL_KIND, token) is None:
        return None
    return f"{reverse('directory:search')}?{recall.query(token)}"


# --- Staff ----------------------------------------------------------------------------------


@staff
@require_GET
def staff_home(request):
    return render(request, "directory/staff/home.html", {
        # Every service she may open is listed, so the navigation reaches each (issue 9.1).
        "editable": access.viewable_services(request.user).exclude(
            pk__in=access.verifiable_services(request.user).values("pk")).order_by("name")[:500],
        "verifiable": access.verifiable_services(request.user).order_by("name")[:500],
    })


def _staff_page(request, service: Service, *, edit_form=None, translation_form=None, opened: dict | None = None,
                status: int = 200):
    """The staff page of `service`. Sealed locations stay sealed unless `opened` ({location
    id: details}) holds what a POST to location_open just unsealed (and audited). A form given
    bound (`edit_form`, `translation_form`) is shown with what was typed and its errors."""
    can_edit = access.can_edit(request.user, service)
    locations = [_staff_location(request, location, can_edit, (opened or {}).get(location.pk))
                 for location in selectors.staff_locations(service)]
    now = timezone.now()
    claims = selectors.staff_claims(service, now)
    return render(request, "directory/staff/service.html", {
        "service": service, "edit_form": edit_form or ServiceEditForm(instance=service, prefix="edit"),
        "can_edit": can_edit, "can_verify": access.can_verify(request.user, service),
        "claim_form": ClaimVerifyForm(prefix="claim"), "verify_form": ServiceVerifyForm(prefix="verify"),
        "translation_form": translation_form or TranslationForm(prefix="tr"),
        "claims": claims, "checked": selectors.checked_state(service, [c for c in claims if c.current], now),
        "translations": selectors.staff_translations(service),
        "locations": locations, "location_form": ConfidentialLocationForm(prefix="loc"),
    }, status=status)


@staff
@require_http_methods(["GET", "POST"])
@redisplays_on_language_switch
def staff_service(request, service_id):
    service = access.access_service(request.user, service_id)
    if request.method != "POST":
        return _staff_page(request, service)
    service = access.access_service(request.user, service_id, for_write=True)
    # The form writes into its instance while validating: give it a copy of its own.
    edit_form = ServiceEditForm(request.POST, prefix="edit",
                                instance=access.access_service(request.user, service_id, for_write=True))
    if edit_form.is_valid() and not language_switched(request):
        changed = services.service_update(acting_user=request.user, service=service,
                                          changes=edit_form.cleaned_data)
        messages.success(request, _("Saved.") if changed else _("Nothing had changed."))
        return redirect("directory_staff:service", service_id=service.pk)
    return _staff_page(request, service, edit_form=edit_form)


@staff
@post_only
def staff_location_open(request, service_id, location_id):
    """Unseal a confidential location's exact details for her, once, audited. A POST: the
    opening is recorded, so a link, a prefetch or a reload of the page never does it."""
    service = access.access_service(request.user, service_id)
    location = access.access_service_location(service, location_id)
    private_key = _location_key(request, location)
    if private_key is None:
        messages.error(request, _("The exact address is sealed, and your copy of the organisation's key "
                                  "is not open in this session."))
        return redirect("directory_staff:service", service_id=service.pk)
    try:
        details = services.location_open(acting_user=request.user, location=location, private_key=private_key)
    except crypto.CryptoError:
        messages.error(request, _("Your key does not open this location's sealed address."))
        return redirect("directory_staff:service", service_id=service.pk)
    return _staff_page(request, service, opened={location.pk: details})


@staff
@post_only
@redisplays_on_language_switch
def staff_translation(request, service_id):
    service = access.access_service(request.user, service_id, for_write=True)
    form = TranslationForm(request.POST, prefix="tr")
    if language_switched(request):
        # The staff language switch, from her refused form: shown again in the new language.
        return _staff_page(request, service, translation_form=form)
    if not form.is_valid():
        # Shown again with what was typed and what is wrong, not redirected away from it.
        messages.error(request, _("The translation was not saved: check the fields."))
        return _staff_page(request, service, translation_form=form, status=400)
    if cancelled(request):
        # Back from the question whether to replace the saved one: her text, in her form.
        messages.info(request, _("The translation was not saved. What you typed is in the form below."))
        return _staff_page(request, service, translation_form=form)
    replacing = request.POST.get("replaces") if confirmed(request) else None
    try:
        services.translation_set(acting_user=request.user, service=service, replacing=replacing,
                                 **form.cleaned_data)
    except services.TranslationExists as exists:
        if replacing is not None:
            messages.warning(request, _("The saved translation was changed while you were deciding: "
                                        "this is how it is now."))
        return _confirm_translation_replace(request, service, form, exists)
    messages.success(request, _("Translation saved."))
    return redirect("directory_staff:service", service_id=service.pk)


def _confirm_translation_replace(request, service: Service, form: TranslationForm,
                                 exists: services.TranslationExists):
    """Ask before a translation replaces the one saved in its language, showing both. What she
    typed goes along as it was typed, to be saved, or put back in her form if she goes back."""
    saved = exists.translation
    return confirm_page(
        request,
        heading=_("Replace the translation into %(language)s of %(service)s?") % {
            "language": language_name(saved.language, get_language() or settings.LANGUAGE_CODE) or saved.language,
            "service": service.name},
        consequence=_("The saved translation will be replaced by yours. It is not kept anywhere else."),
        confirm_label=_("Yes, replace it"),
        cancel_url=reverse("directory_staff:service", kwargs={"service_id": service.pk}),
        hidden={**{form.add_prefix(name): form.data.get(form.add_prefix(name), "") for name in form.fields},
                "replaces": exists.version},
        details_template="directory/staff/_translation_replace.html",
        details={"saved": saved, "typed": form.cleaned_data,
                 "typed_state": dict(form.fields["review_state"].choices).get(form.cleaned_data["review_state"])},
        keep_typed=True)


@staff
@post_only
def staff_claim_verify(request, service_id):
    service = access.access_service_for_verification(request.user, service_id)
    form = ClaimVerifyForm(request.POST, prefix="claim")
    if form.is_valid():
        services.claim_verify(acting_user=request.user, service=service, **form.cleaned_data)
        messages.success(request, _("Claim confirmed."))
    else:
        messages.error(request, _("The claim was not confirmed: check the fields."))
    return redirect("directory_staff:service", service_id=service.pk)


@staff
@post_only
def staff_service_verify(request, service_id):
    service = access.access_service_for_verification(request.user, service_id)
    form = ServiceVerifyForm(request.POST, prefix="verify")
    if form.is_valid():
        services.service_verify(acting_user=request.user, service=service, **form.cleaned_data)
        messages.success(request, _("Record marked as checked."))
    return redirect("directory_staff:service", service_id=service.pk)


def _location_key(request, location):
    """Her organisation key for a sealed location, if it is open in her session and she is
    a key holder of the organisation it is sealed to; else None. Reads her session only:
    nothing is unsealed here."""
    if not location.is_sealed or location.sealed_for_id is None:
        return None
    if not access.holds_key_of(request.user, location.sealed_for_id):
        return None
    return keyring_private_key(request, location.sealed_for)


def _staff_location(request, location, can_edit: bool, details: dict | None = None) -> dict:
    """One location on the staff page. A sealed one shows its exact details only when
    `details` holds what location_open unsealed for her; otherwise it says whether she can
    open it ("closed") or not ("locked")."""
    row = {"location": location, "details": None, "state": "plain", "details_form": None}
    if not location.confidential:
        return row
    if not location.is_sealed:
        row["state"] = "coarse_only"
        return row
    if details is None:
        row["state"] = "closed" if _location_key(request, location) is not None else "locked"
        return row
    row.update(state="open", details=details["location"],
               addresses=[a for a in details.get("addresses", {}).values() if any(a.values())],
               phones=[p for p in details.get("phones", {}).values() if p.get("number")],
               contacts=[c for c in details.get("contacts", {}).values() if any(c.values())])
    if can_edit:
        initial = ExactDetailsForm.initial_from(details, selectors.first_address_id(location))
        row["details_form"] = ExactDetailsForm(initial=initial, prefix=f"exact-{location.pk}")
    return row


@staff
@post_only
def staff_location_confidential(request, service_id, location_id):
    service = access.access_service(request.user, service_id, for_write=True)
    location = access.access_service_location(service, location_id)
    form = ConfidentialLocationForm(request.POST, prefix="loc")
    if not form.is_valid():
        messages.error(request, _("Not saved: a confidential address needs an area, a town and a gatekeeper phone."))
        return redirect("directory_staff:service", service_id=service.pk)
    place = gazetteer.by_key(form.cleaned_data["place"]) if form.cleaned_data["confidential"] else None
    try:
        outcome = services.location_set_confidential(
            acting_user=request.user, service=service, location=location,
            confidential=form.cleaned_data["confidential"], coarse_area=form.cleaned_data["coarse_area"],
            coarse_latitude=place.latitude if place else None, coarse_longitude=place.longitude if place else None,
            gatekeeper_phone=form.cleaned_data["gatekeeper_phone"], private_key=_location_key(request, location))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("directory_staff:service", service_id=service.pk)
    except crypto.CryptoError:
        messages.error(request, _("Not saved: your key does not open this location's sealed address."))
        return redirect("directory_staff:service", service_id=service.pk)
    if outcome == "coarse_only":
        messages.warning(request, _(
            "Saved. The exact address was removed and not kept: your organisation has no key to seal it "
            "to. Only the area and the gatekeeper phone are kept. Once an admin sets up the organisation's "
            "key, you can type the address again."))
    elif outcome == "sealed":
        messages.success(request, _("Saved. The exact address is now sealed to your organisation."))
    else:
        messages.success(request, _("Saved."))
    return redirect("directory_staff:service", service_id=service.pk)


@staff
@post_only
def staff_location_details(request, service_id, location_id):
    service = access.access_service(request.user, service_id, for_write=True)
    location = access.access_service_location(service, location_id)
    if not location.confidential or not location.is_sealed:
        raise Http404
    private_key = _location_key(request, location)
    if private_key is None:
        messages.error(request, _("Not saved: the exact address is sealed and your copy of the organisation's "
                                  "key is not open in this session."))
        return redirect("directory_staff:service", service_id=service.pk)
    form = ExactDetailsForm(request.POST, prefix=f"exact-{location.pk}")
    if not form.is_valid():
        messages.error(request, _("Not saved: check the fields."))
        return redirect("directory_staff:service", service_id=service.pk)
    try:
        changed = services.location_details_update(acting_user=request.user, location=location,
                                                   private_key=private_key, changes=form.cleaned_data)
    except (ValidationError, crypto.CryptoError):
        messages.error(request, _("Not saved: your key does not open this location's sealed address."))
        return redirect("directory_staff:service", service_id=service.pk)
    messages.success(request, _("Saved, sealed.") if changed else _("Nothing had changed."))
    return redirect("directory_staff:service", service_id=service.pk)


@staff
@require_http_methods(["GET", "POST"])
def staff_claim_withdraw(request, service_id):
    service = access.access_service_for_verification(request.user, service_id)
    kind = request.POST.get("kind", "") if request.method == "POST" else request.GET.get("kind", "")
    if kind not in Claim.Kind.values:
        raise Http404
    if not confirmed(request):
        return confirm_page(
            request, heading=_("Withdraw the claim “%(claim)s” for %(service)s?") % {
                "claim": Claim.Kind(kind).label, "service": service.name},
            consequence=_("The claim will no longer be shown to anyone looking for help, on the site or in "
                          "the feeds, until it is checked and confirmed again."),
            confirm_label=_("Yes, withdraw the claim"),
            cancel_url=reverse("directory_staff:service", kwargs={"service_id": service.pk}), hidden={"kind": kind})
    if kind in Claim.Kind.values and services.claim_withdraw(acting_user=request.user, service=service, kind=kind):
        messages.success(request, _("Claim withdrawn."))
    return redirect("directory_staff:service", service_id=service.pk)

"""The help API: list organisations, send a request, check a status code.

Thin: the same form validates as on the public page (so errors read the same, in her
language), and the same services write. Answers never include request content.
"""

import datetime
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from ninja import Router, Schema, Status

from harbour.accounts.models import Organisation
from harbour.core.api_errors import ErrorsOut
from harbour.help import codes, selectors, services
from harbour.help.forms import HelpRequestForm, accepting_organisations

router = Router(tags=["help"])
NOT_FOUND = {"detail": "Not found."}


class OrganisationOut(Schema):
    id: UUID
    name: str
    languages: list[str]


class ContactIn(Schema):
    channel: str = ""
    value: str = ""
    safe_times: str = ""
    message_ok: bool | None = None


class HelpRequestIn(Schema):
    organisation: str
    needs: list[str] = []
    message: str = ""
    name: str = ""
    contact: ContactIn | None = None
    language: str = "en"
    proof: str = ""
    ticket: str = ""


class CodeOut(Schema):
    status_code: str


class DetailOut(Schema):
    detail: str


class BusyOut(Schema):
    """Busy times: send the request again with `proof` (the solved ALTCHA challenge,
    base64 JSON) or, after `retry_after` seconds, with `ticket`."""

    detail: str
    challenge: dict
    ticket: str
    retry_after: int


class CodeIn(Schema):
    code: str


class DisclosureOut(Schema):
    recipient: str
    categories: list[str]
    date: datetime.date


class StatusOut(Schema):
    status: str
    disclosures: list[DisclosureOut]
    last_used: datetime.date | None


def _language(code: str) -> str:
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@router.get("/organisations", response={200: list[OrganisationOut], 400: ErrorsOut})
def list_organisations(request, accepts_help_requests: bool | None = None):
    """Organisations; with accepts_help_requests=true, those that take requests online."""
    queryset = accepting_organisations() if accepts_help_requests else Organisation.objects.order_by("name")
    return Status(200, [{"id": o.public_id, "name": o.name, "languages": o.languages} for o in queryset])


@router.post("/help-requests", response={201: CodeOut, 400: ErrorsOut, 429: BusyOut})
def create_help_request(request, payload: HelpRequestIn):
    """Send a request. The status code in the answer is shown once and never again."""
    language = _language(payload.language)
    contact = payload.contact or ContactIn()
    with translation.override(language):
        form = HelpRequestForm({
            "organisation": payload.organisation, "needs": payload.needs, "message": payload.message,
            "name": payload.name, "contact_channel": contact.channel, "contact_value": contact.value,
            "safe_times": contact.safe_times,
            "message_ok": {True: "yes", False: "no"}.get(contact.message_ok, ""),
        })
        if not form.is_valid():
            return Status(400, {"errors": {k: [str(m) for m in v] for k, v in form.errors.items()}})
        organisation = form.cleaned_data["organisation"]
        if not services.help_request_admit(organisation=organisation, proof=payload.proof, ticket=payload.ticket):
            busy = services.help_request_busy_path(organisation=organisation)
            return Status(429, {
                "detail": str(translation.gettext("Many requests are arriving at this organisation right now. Send your request again with the proof of work solved, or with the ticket after the wait.")),
                "challenge": busy["challenge"], "ticket": busy["ticket"], "retry_after": busy["wait"],
            })
        try:
            _help_request, code = services.help_request_create(
                organisation=organisation, needs=form.cleaned_data["needs"], message=form.cleaned_data["message"],
                name=form.cleaned_data["name"], contact_channel=form.cleaned_data["contact_channel"],
                contact_value=form.cleaned_data["contact_value"], safe_times=form.cleaned_data["safe_times"],
                message_ok=form.cleaned_data["message_ok"], language=language,
            )
        except ValidationError as error:
            return Status(400, {"errors": {"organisation": error.messages}})
    return Status(201, {"status_code": code})


@router.post("/help-requests/status", response={200: StatusOut, 400: ErrorsOut, 404: DetailOut})
def help_request_status(request, payload: CodeIn):
    """Status and disclosures for a code. Every wrong code gets the same 404 body. No rate
    limit: a code's secret part holds 88 bits or more, so guessing is hopeless, and a
    check costs about as much as a page view (docs/threat-model.md)."""
    if not codes.looks_like_any_code(payload.code):
        return Status(400, {"errors": {"code": ["A status code is a row of words or of groups of digits."]}})
    help_request = services.help_request_for_code(payload.code)
    if help_request is None:
        return Status(404, NOT_FOUND)
    view = selectors.status_for_survivor(help_request)
    last_used = services.help_request_mark_code_used(help_request=help_request)
    return Status(200, {"status": view["status"], "disclosures": view["disclosures"], "last_used": last_used})

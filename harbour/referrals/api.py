"""The referrals API for partner systems (issue 15 item 9): states and outcome codes,
never sealed content. Every operation needs an organisation API token (Authorization:
Bearer hbr_…) with the right scope; a referral of other organisations answers 404, like a
missing one."""

import datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from ninja import Router, Schema, Status
from ninja.security import HttpBearer

from harbour.core.api_errors import ErrorsOut
from harbour.referrals import services
from harbour.referrals.models import ApiToken, Referral

router = Router(tags=["referrals"])
NOT_FOUND = {"detail": "Not found."}
PAGE_SIZE = 50


class _TokenAuth(HttpBearer):
    scope = ApiToken.Scope.READ

    def authenticate(self, request, token):
        return services.api_token_find(token, scope=self.scope)


class ReadToken(_TokenAuth):
    scope = ApiToken.Scope.READ


class WriteToken(_TokenAuth):
    scope = ApiToken.Scope.WRITE


class ReferralOut(Schema):
    id: UUID
    reference: str
    side: str
    status: str
    needs: list[str]
    decline_reason: str
    outcome_code: str
    unable_reason: str
    sent_at: datetime.datetime | None
    received_at: datetime.datetime | None
    accepted_at: datetime.datetime | None
    first_contact_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    ack_due_at: datetime.datetime | None
    first_contact_due_at: datetime.datetime | None
    version: int


class StatusIn(Schema):
    to: str
    reason: str = ""
    version: int | None = None


class DetailOut(Schema):
    detail: str


def _out(referral: Referral, organisation_id) -> dict:
    side = "receiver" if referral.receiving_organisation_id == organisation_id else "referrer"
    return {field: getattr(referral, field) for field in (
        "id", "reference", "status", "needs", "decline_reason", "outcome_code", "unable_reason", "sent_at",
        "received_at", "accepted_at", "first_contact_at", "closed_at", "ack_due_at", "first_contact_due_at",
        "version")} | {"side": side}


def _visible(organisation_id):
    return Referral.objects.filter(Q(referring_organisation_id=organisation_id)
                                   | Q(receiving_organisation_id=organisation_id))


@router.get("/referrals", response={200: list[ReferralOut], 400: ErrorsOut, 401: DetailOut}, auth=ReadToken())
def list_referrals(request, status: str = "", page: int = 1):
    """Referrals the token's organisation sent or received, newest first, 50 a page:
    states, reason and outcome codes and times only."""
    if status and status not in Referral.Status.values:
        return Status(400, {"errors": {"status": ["Unknown status."]}})
    organisation_id = request.auth.organisation_id
    queryset = _visible(organisation_id).order_by("-created_at", "-pk")
    if status:
        queryset = queryset.filter(status=status)
    start = (max(page, 1) - 1) * PAGE_SIZE
    return Status(200, [_out(r, organisation_id) for r in queryset[start:start + PAGE_SIZE]])


@router.post("/referrals/{referral_id}/status",
             response={200: ReferralOut, 400: ErrorsOut, 401: DetailOut, 404: DetailOut}, auth=WriteToken())
def set_referral_status(request, referral_id: UUID, payload: StatusIn):
    """Move a referral as the token's organisation's side (the receiver acknowledges,
    declines, progresses and completes; the referrer withdraws or marks sent in error).
    A move from the wrong state, an unknown reason code or a stale `version` answers 400
    and changes nothing."""
    token = request.auth
    referral = _visible(token.organisation_id).filter(pk=referral_id).first()
    if referral is None:
        return Status(404, NOT_FOUND)
    try:
        moved = services.referral_transition_by_token(token=token, referral=referral, to=payload.to,
                                                      reason=payload.reason, expected_version=payload.version)
    except PermissionDenied:
        return Status(400, {"errors": {"to": ["Your organisation's side cannot make this move."]}})
    except ValidationError as error:
        return Status(400, {"errors": {"to": [str(m) for m in error.messages]}})
    return Status(200, _out(moved, token.organisation_id))

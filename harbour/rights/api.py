"""GET /api/v1/rights and /api/v1/rights/meta: the engine for partner systems and trainers.

Thin: it validates nothing itself (the engine does) and stores nothing. The query string names a
situation, so it is never logged (F8: the request filter drops request data from log records).
"""

from django.utils import translation
from ninja import Query, Router, Schema, Status

from harbour.core.api_errors import ErrorsOut
from harbour.rights.engine import UnknownValue, find_rights
from harbour.rights.vocabulary import (
    CIRCUMSTANCES,
    CONTENT_LANGUAGES,
    DUTY_HOLDERS,
    JURISDICTIONS,
    STAGES,
    STATUSES,
)

router = Router(tags=["rights"])


class DutyOut(Schema):
    code: str
    name: str
    must: str


class RightOut(Schema):
    id: str
    instrument: str
    article: str
    title: str
    summary: str
    duty_holder: list[DutyOut]
    stages: list[str]
    status: str
    source_url: str
    language: str
    review_state: str
    verify: str | None


class NoteOut(Schema):
    id: str
    text: str
    language: str
    review_state: str


class RightsOut(Schema):
    rights: list[RightOut]
    notes: list[NoteOut]


class InvalidOut(Schema):
    detail: str
    parameter: str
    value: str
    valid: list[str]


class Choice(Schema):
    code: str
    name: str


class MetaOut(Schema):
    jurisdictions: list[Choice]
    stages: list[Choice]
    circumstances: list[Choice]
    languages: list[Choice]
    statuses: list[Choice]


def _choices(mapping) -> list[dict]:
    with translation.override("en"):
        return [{"code": code, "name": str(name)} for code, name in mapping.items()]


@router.get("/rights", response={200: RightsOut, 400: InvalidOut | ErrorsOut}, url_name="rights_list")
def rights_list(request, jurisdiction: str = "", stage: str = "", circumstance: Query[list[str]] = None,
                lang: str = "en"):
    """Rights for a jurisdiction, optionally narrowed by stage and circumstances, in a language."""
    try:
        result = find_rights(jurisdiction=jurisdiction, stage=stage or None,
                             circumstances=circumstance or [], language=lang)
    except UnknownValue as error:
        return Status(400, {"detail": f"Unknown {error.field}. Use one of the valid values.",
                     "parameter": error.field, "value": error.value, "valid": error.valid})
    with translation.override("en"):
        rights = [{
            "id": r.id, "instrument": r.instrument, "article": r.article, "title": r.title,
            "summary": r.summary,
            "duty_holder": [{"code": code, "name": str(DUTY_HOLDERS[code]), "must": must}
                            for code, must in r.duties],
            "stages": list(r.stages), "status": r.status, "source_url": r.source_url,
            "language": r.language, "review_state": r.review_state, "verify": r.verify,
        } for r in result.rights]
    notes = [{"id": n.id, "text": n.text, "language": n.language, "review_state": n.review_state}
             for n in result.notes]
    return Status(200, {"rights": rights, "notes": notes})


@router.get("/rights/meta", response={200: MetaOut, 400: ErrorsOut}, url_name="rights_meta")
def rights_meta(request):
    """The values /rights accepts."""
    return {
        "jurisdictions": _choices(JURISDICTIONS),
        "stages": _choices(STAGES),
        "circumstances": _choices(CIRCUMSTANCES),
        "languages": [{"code": c, "name": n} for c, n in CONTENT_LANGUAGES.items()],
        "statuses": _choices(STATUSES),
    }

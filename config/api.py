"""The REST API (OpenAPI 3 at /api/v1/openapi.json). Each app contributes a router.

Every error the API gives is in its document (issue 11, item 4): a request the framework
cannot read (an unparseable body, a parameter of the wrong type, a missing field) answers 400
with the same body as every other 400, `{"errors": {"<field or parameter>": ["<message>"]}}`
(`harbour.core.api_errors.ErrorsOut`), never an undocumented 422 or `{"detail": …}`.
"""

from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from harbour.directory.api import router as directory_router
from harbour.help.api import router as help_router
from harbour.impact.api import router as impact_router
from harbour.referrals.api import router as referrals_router
from harbour.rights.api import router as rights_router

api = NinjaAPI(
    title="Harbour API",
    version="1",
    urls_namespace="api-v1",
    # The interactive docs page would load assets from a CDN (F8); the JSON document is enough.
    docs_url=None,
)
api.add_router("/", help_router)
api.add_router("/", rights_router)
api.add_router("/", directory_router)
api.add_router("/", impact_router)
api.add_router("/", referrals_router)

# Where the framework names a part of the request, not a field.
_PLACES = {"query", "body", "path", "payload", "header", "cookie", "form"}


@api.exception_handler(ValidationError)
def _invalid(request, error: ValidationError):
    errors: dict[str, list[str]] = {}
    for problem in error.errors:
        parts = [str(p) for p in problem.get("loc", ()) if str(p) not in _PLACES]
        errors.setdefault(".".join(parts) or "body", []).append(str(problem.get("msg", "invalid")))
    return api.create_response(request, {"errors": errors}, status=400)


@api.exception_handler(HttpError)
def _http_error(request, error: HttpError):
    if error.status_code == 400:
        return api.create_response(request, {"errors": {"body": [str(error)]}}, status=400)
    return api.create_response(request, {"detail": str(error)}, status=error.status_code)

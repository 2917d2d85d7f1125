"""The REST API (OpenAPI 3 at /api/v1/openapi.json). Each app contributes a router."""

from ninja import NinjaAPI

from harbour.directory.api import router as directory_router
from harbour.help.api import router as help_router
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

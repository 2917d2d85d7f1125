"""The HSDS API (/api/hsds/): its own NinjaAPI, apart from Harbour's /api/v1/."""

from harbour.directory.api_hsds import api

app_name = "hsds"
urlpatterns = api.urls[0]

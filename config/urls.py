from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from config.api import api
from harbour.core.admin_site import admin_site

# Paths stay neutral (F8): nothing here names abuse, violence or refuge.
urlpatterns = [
    path("", include("harbour.web.urls_root")),
    path("api/v1/", api.urls),
    path("api/hsds/", include("harbour.directory.urls_api")),
    path("staff/", include("harbour.accounts.urls")),
    path("staff/admin/", admin_site.urls),
    path("staff/firewall/", include("harbour.firewall.urls")),
    path("staff/help/", include("harbour.help.urls_staff")),
    path("staff/directory/", include("harbour.directory.urls_staff")),
    path("staff/cases/", include("harbour.cases.urls_staff")),
    path("staff/training/", include("harbour.training.urls_staff")),
    path("staff/referrals/police/", include("harbour.referrals.urls_intelligence")),
    path("staff/referrals/", include("harbour.referrals.urls_staff")),
    path("staff/impact/", include("harbour.impact.urls_staff")),
]

urlpatterns += i18n_patterns(
    path("", include("harbour.web.urls")),
    path("help/", include("harbour.help.urls")),
    path("rights/", include("harbour.rights.urls")),
    path("services/", include("harbour.directory.urls")),
    path("workshops/", include("harbour.training.urls")),
    path("", include("harbour.impact.urls")),
    path("", include("harbour.referrals.urls")),
    prefix_default_language=True,
)

handler400 = "harbour.web.views.bad_request"
handler403 = "harbour.web.views.permission_denied"
handler404 = "harbour.web.views.page_not_found"
handler500 = "harbour.web.views.server_error"

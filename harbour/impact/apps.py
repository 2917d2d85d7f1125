from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "harbour.impact"
    label = "impact"
    verbose_name = "Impact and advocacy figures"
    public_pages = ["impact:figures"]

    def ready(self):
        from harbour.core.navigation import StaffLink, register

        register(StaffLink(key="impact", label=_("Impact figures"), url_name="impact_staff:home",
                           roles=frozenset({"admin", "caseworker", "community_worker", "trainer", "viewer",
                                            "network_coordinator"}),
                           order=90))

        from harbour.impact import cache

        cache.connect()

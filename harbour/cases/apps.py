from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "harbour.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self):
        from harbour.cases.services import TRANSFER_KIND, case_receive_transfer
        from harbour.core.navigation import StaffLink, register
        from harbour.firewall.gate import register_receiver

        register(StaffLink(key="cases", label=_("Cases"), url_name="cases_staff:dashboard",
                           roles=frozenset({"admin", "caseworker"}), order=30))
        register_receiver(TRANSFER_KIND, case_receive_transfer)

        from harbour.firewall.rotation import register_sealed_model

        # Key rotation re-seals these rows' data keys to the organisation's new key.
        register_sealed_model("cases.Case", "organisation")
        for model in ("CaseDocument", "CaseNote", "CaseTask", "MaracReferral", "RiskAssessment", "SafetyPlan"):
            register_sealed_model(f"cases.{model}", "case__organisation")

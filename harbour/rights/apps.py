from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "harbour.rights"
    label = "rights"
    verbose_name = "Rights"
    public_entry = {
        "url_name": "rights:start",
        "label": _("Know your rights"),
        "description": _("Answer a few questions and see the rights you have, and who must help you. Nothing you answer is saved."),
    }
    public_pages = ["rights:start", "rights:instruments"]

    def ready(self):
        from harbour.core.languages import register_content_coverage
        from harbour.rights.coverage import rights_coverage

        register_content_coverage("rights", rights_coverage)

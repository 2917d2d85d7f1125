from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "harbour.directory"
    label = "directory"
    verbose_name = "Directory of services"
    public_entry = {
        "url_name": "directory:search",
        "label": _("Find a service"),
        "description": _("Support near you, in your language, and what each service has promised."),
    }
    public_pages = ["directory:search"]

    def ready(self):
        from harbour.firewall.rotation import register_sealed_model

        # Key rotation re-seals a confidential location's data key to its owner's new key.
        register_sealed_model("directory.Location", "sealed_for")
        from harbour.core import navigation
        from harbour.core.languages import register_content_coverage
        from harbour.directory.labels import need_label_coverage

        register_content_coverage("directory", need_label_coverage)
        navigation.register(navigation.StaffLink(key="directory", label=_("Directory"),
                                                 url_name="directory_staff:home", order=50))

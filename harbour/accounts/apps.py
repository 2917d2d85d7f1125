from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "harbour.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self):
        from harbour.accounts.selectors import navigation_roles
        from harbour.core import navigation

        navigation.set_role_resolver(navigation_roles)
        navigation.register(navigation.StaffLink(key="dashboard", label=_("Home"),
                                                 url_name="accounts:dashboard", order=0))
        navigation.register(navigation.StaffLink(key="organisations", label=_("Organisations"),
                                                 url_name="accounts:organisations", order=90))

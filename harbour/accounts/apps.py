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

        from django.db.models.signals import post_save

        from harbour.accounts.notices import key_grant_saved

        # The firewall sits below accounts: its model is named lazily, never imported.
        post_save.connect(key_grant_saved, sender="firewall.KeyGrant", dispatch_uid="accounts.key_grant_notice")
        navigation.register(navigation.StaffLink(key="dashboard", label=_("Home"),
                                                 url_name="accounts:dashboard", order=0))
        navigation.register(navigation.StaffLink(key="organisations", label=_("Organisations"),
                                                 url_name="accounts:organisations", order=90))

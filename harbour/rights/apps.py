from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "harbour.rights"
    label = "rights"
    verbose_name = "Rights"

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "harbour.core"
    label = "core"
    verbose_name = "Harbour core"

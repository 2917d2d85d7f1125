from django.apps import AppConfig


class HelpConfig(AppConfig):
    name = "harbour.help"
    label = "help"
    verbose_name = "Help requests"

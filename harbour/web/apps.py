from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "harbour.web"
    label = "web"
    verbose_name = "Public site"

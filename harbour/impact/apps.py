from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "harbour.impact"
    label = "impact"
    verbose_name = "Impact and advocacy figures"

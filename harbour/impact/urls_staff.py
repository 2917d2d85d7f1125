from django.urls import path  # noqa: F401

app_name = "impact_staff"
urlpatterns: list = []

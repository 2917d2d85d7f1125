from django.urls import path  # noqa: F401

app_name = "referrals_intelligence"
urlpatterns: list = []

from django.urls import path

from harbour.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.search, name="search"),
    path("<uuid:service_id>/", views.service_detail, name="service"),
]

from django.urls import path

from harbour.help import views

app_name = "help"
urlpatterns = [
    path("", views.request_help, name="request"),
    path("status/", views.status, name="status"),
]

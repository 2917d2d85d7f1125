from django.urls import path

from harbour.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("staying-safe-online/", views.safety, name="safety"),
]

from django.urls import path

from harbour.web import views

urlpatterns = [
    path("exit", views.quick_exit, name="exit"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
]

from django.urls import path

from harbour.firewall import views

app_name = "firewall"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("<uuid:public_id>/setup/", views.setup, name="setup"),
    path("<uuid:public_id>/recover/", views.recover, name="recover"),
    path("<uuid:public_id>/recipients/", views.recipient_add, name="recipient_add"),
    path("grants/<uuid:public_id>/", views.grant, name="grant"),
    path("<uuid:public_id>/rotation/start/", views.rotation_start, name="rotation_start"),
    path("<uuid:public_id>/rotation/continue/", views.rotation_step, name="rotation_step"),
    path("<uuid:public_id>/rotation/finish/", views.rotation_finish, name="rotation_finish"),
]

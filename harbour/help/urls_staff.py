from django.urls import path

from harbour.help import views_staff

app_name = "help_staff"
urlpatterns = [
    path("", views_staff.inbox_home, name="home"),
    path("inbox/<uuid:public_id>/", views_staff.inbox, name="inbox"),
    path("requests/<uuid:public_id>/", views_staff.detail, name="detail"),
    path("requests/<uuid:public_id>/status/", views_staff.set_status, name="set_status"),
    path("requests/<uuid:public_id>/notes/", views_staff.add_note, name="add_note"),
    path("requests/<uuid:public_id>/consents/", views_staff.add_consent, name="add_consent"),
    path("consents/<uuid:public_id>/share/", views_staff.share, name="share"),
    path("consents/<uuid:public_id>/revoke/", views_staff.revoke, name="revoke"),
]

from django.urls import path

from harbour.training import views

app_name = "training"
urlpatterns = [
    path("", views.session_list, name="list"),
    path("booking/", views.booking, name="booking"),
    path("invite/", views.invite, name="invite"),
    path("calendar.ics", views.calendar_feed, name="calendar"),
    path("<uuid:public_id>/", views.session_detail, name="session"),
]

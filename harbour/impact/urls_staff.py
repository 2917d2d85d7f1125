from django.urls import path

from harbour.impact import views_staff

app_name = "impact_staff"
urlpatterns = [
    path("", views_staff.home, name="home"),
    path("organisations/<uuid:public_id>/", views_staff.organisation, name="organisation"),
    path("organisations/<uuid:public_id>/figures/<slug:metric_id>/", views_staff.figure, name="figure"),
    path("organisations/<uuid:public_id>/publish/", views_staff.publish, name="publish"),
    path("organisations/<uuid:public_id>/outreach/", views_staff.outreach, name="outreach"),
    path("organisations/<uuid:public_id>/report/", views_staff.report, name="report"),
    path("networks/<uuid:public_id>/", views_staff.network, name="network"),
]

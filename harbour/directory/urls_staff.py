from django.urls import path

from harbour.directory import views

app_name = "directory_staff"
urlpatterns = [
    path("", views.staff_home, name="home"),
    path("services/<uuid:service_id>/", views.staff_service, name="service"),
    path("services/<uuid:service_id>/translations/", views.staff_translation, name="translation"),
    path("services/<uuid:service_id>/claims/", views.staff_claim_verify, name="claim"),
    path("services/<uuid:service_id>/claims/withdraw/", views.staff_claim_withdraw, name="claim_withdraw"),
    path("services/<uuid:service_id>/checked/", views.staff_service_verify, name="verify"),
    path("services/<uuid:service_id>/locations/<uuid:location_id>/confidential/",
         views.staff_location_confidential, name="location_confidential"),
    path("services/<uuid:service_id>/locations/<uuid:location_id>/open/",
         views.staff_location_open, name="location_open"),
    path("services/<uuid:service_id>/locations/<uuid:location_id>/details/",
         views.staff_location_details, name="location_details"),
]

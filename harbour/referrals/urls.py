from django.urls import path

from harbour.referrals import views

app_name = "referrals"
urlpatterns = [
    path("r/<str:token>/", views.link, name="link"),
]

from django.urls import path

from harbour.referrals import views_intelligence

app_name = "referrals_intelligence"
urlpatterns = [
    path("", views_intelligence.index, name="index"),
    path("new/<uuid:organisation_id>/", views_intelligence.create, name="create"),
    path("<uuid:public_id>/", views_intelligence.detail, name="detail"),
    path("<uuid:public_id>/edit/", views_intelligence.edit, name="edit"),
    path("<uuid:public_id>/send/", views_intelligence.send, name="send"),
]

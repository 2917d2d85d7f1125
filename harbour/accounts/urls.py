from django.urls import path

from harbour.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.login_view, name="login"),
    path("login/verify/", views.verify_view, name="verify"),
    path("login/enrol/", views.enrol_view, name="enrol"),
    path("logout/", views.logout_view, name="logout"),
    path("account/password/", views.password_change, name="password_change"),
    path("account/backup-codes/", views.backup_codes, name="backup_codes"),
    path("account/language/", views.staff_language, name="language"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", views.password_reset_done, name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("password-reset/done/", views.password_reset_complete, name="password_reset_complete"),
    path("invitation/<str:token>/", views.invitation_view, name="invitation"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/<uuid:public_id>/", views.organisation_detail, name="organisation"),
    path("memberships/<uuid:public_id>/role/", views.membership_role, name="membership_role"),
    path("memberships/<uuid:public_id>/end/", views.membership_end, name="membership_end"),
]

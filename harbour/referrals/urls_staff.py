from django.urls import path

import harbour.referrals.views_refer as views_refer
from harbour.referrals import views_staff

app_name = "referrals_staff"
urlpatterns = [
    path("", views_staff.home, name="home"),
    path("received/", views_staff.received, name="received"),
    path("sent/", views_staff.sent, name="sent"),
    path("overdue/", views_staff.overdue, name="overdue"),
    path("intake/", views_staff.intake, name="intake"),
    path("tokens/", views_staff.tokens, name="tokens"),
    path("tokens/<uuid:public_id>/revoke/", views_staff.token_revoke, name="token_revoke"),
    path("partnerships/", views_staff.partnerships, name="partnerships"),
    path("partnerships/new/", views_staff.partnership_new, name="partnership_new"),
    path("partnerships/<uuid:public_id>/", views_staff.partnership, name="partnership"),
    path("partnerships/<uuid:public_id>/status/", views_staff.partnership_status, name="partnership_status"),
    path("from-request/<uuid:public_id>/", views_refer.refer_help_request, name="refer_help_request"),
    path("from-case/<uuid:public_id>/", views_refer.refer_case, name="refer_case"),
    path("<uuid:referral_id>/", views_staff.detail, name="detail"),
    path("<uuid:referral_id>/status/", views_staff.transition, name="transition"),
    path("<uuid:referral_id>/first-contact/", views_staff.first_contact, name="first_contact"),
    path("<uuid:referral_id>/revocation/", views_staff.revocation, name="revocation"),
]

# The pages of a recorded partnership (views_partnership.py): its terms, meetings and agreement.
from harbour.referrals import views_partnership  # noqa: E402

urlpatterns += [
    path("partnerships/<uuid:public_id>/edit/", views_partnership.partnership_edit, name="partnership_edit"),
    path("partnerships/<uuid:public_id>/meetings/", views_partnership.partnership_meetings,
         name="partnership_meetings"),
    path("partnerships/<uuid:public_id>/meetings/<uuid:minutes_id>/", views_partnership.partnership_minutes,
         name="partnership_minutes"),
    path("partnerships/<uuid:public_id>/agreement/", views_partnership.partnership_agreement,
         name="partnership_agreement"),
]

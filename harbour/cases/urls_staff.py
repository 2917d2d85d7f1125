from django.urls import path

from harbour.cases import views_staff

app_name = "cases_staff"
urlpatterns = [
    path("", views_staff.dashboard, name="dashboard"),
    path("open/<uuid:organisation_id>/", views_staff.open_direct, name="open_direct"),
    path("from-request/<uuid:public_id>/", views_staff.open_from_help_request, name="open_from_help_request"),
    path("<uuid:public_id>/", views_staff.detail, name="detail"),
    path("<uuid:public_id>/contact/", views_staff.set_contact, name="set_contact"),
    path("<uuid:public_id>/attempts/", views_staff.contact_attempt, name="contact_attempt"),
    path("<uuid:public_id>/status/", views_staff.transition, name="transition"),
    path("<uuid:public_id>/notes/", views_staff.add_note, name="add_note"),
    path("<uuid:public_id>/tasks/", views_staff.add_task, name="add_task"),
    path("<uuid:public_id>/documents/", views_staff.add_document, name="add_document"),
    path("<uuid:public_id>/outcomes/", views_staff.record_outcome, name="record_outcome"),
    path("<uuid:public_id>/restrict/", views_staff.restrict, name="restrict"),
    path("<uuid:public_id>/transfer/", views_staff.transfer, name="transfer"),
    path("<uuid:public_id>/assessment/", views_staff.assessment, name="assessment"),
    path("<uuid:public_id>/assessments/", views_staff.assessment_list, name="assessment_list"),
    path("<uuid:public_id>/marac/", views_staff.marac, name="marac"),
    path("<uuid:public_id>/plan/", views_staff.safety_plan, name="safety_plan"),
    path("tasks/<uuid:public_id>/done/", views_staff.complete_task, name="complete_task"),
    path("documents/<uuid:public_id>/", views_staff.download_document, name="download_document"),
    path("referrals/<uuid:public_id>/send/", views_staff.marac_send, name="marac_send"),
    path("referrals/<uuid:public_id>/safeguarding/", views_staff.marac_safeguarding, name="marac_safeguarding"),
    path("referrals/<uuid:public_id>/approve/", views_staff.marac_approve, name="marac_approve"),
    path("plans/<uuid:public_id>/print/", views_staff.safety_plan_print, name="safety_plan_print"),
    path("instrument/<uuid:organisation_id>/", views_staff.instrument, name="instrument"),
]

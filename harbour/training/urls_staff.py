from django.urls import path

from harbour.training import views_staff

app_name = "training_staff"
urlpatterns = [
    path("", views_staff.home, name="home"),
    path("organisations/<uuid:public_id>/", views_staff.organisation, name="organisation"),
    path("organisations/<uuid:public_id>/courses/new/", views_staff.course_new, name="course_new"),
    path("organisations/<uuid:public_id>/public-name/", views_staff.public_name, name="public_name"),
    path("courses/<uuid:public_id>/", views_staff.course, name="course"),
    path("courses/<uuid:public_id>/handout/<str:language>/", views_staff.handout, name="handout"),
    path("courses/<uuid:public_id>/sessions/new/", views_staff.session_new, name="session_new"),
    path("sessions/<uuid:public_id>/", views_staff.session, name="session"),
    path("sessions/<uuid:public_id>/register/", views_staff.register, name="register"),
    path("sessions/<uuid:public_id>/sign-in-sheet/", views_staff.sign_in_sheet, name="sign_in_sheet"),
    path("sessions/<uuid:public_id>/reminders/", views_staff.reminders, name="reminders"),
    path("sessions/<uuid:public_id>/paper-forms/", views_staff.paper_forms, name="paper_forms"),
    path("sessions/<uuid:public_id>/paper-answers/", views_staff.paper_answers, name="paper_answers"),
    path("invitations/<uuid:public_id>/", views_staff.invitation, name="invitation"),
    path("trainers/<uuid:public_id>/", views_staff.trainer, name="trainer"),
    path("trainers/<uuid:public_id>/certificate/", views_staff.trainer_certificate, name="trainer_certificate"),
]

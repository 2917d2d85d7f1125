from django.urls import path

from harbour.rights import views

# Paths stay neutral (F8): they say "rights", never what happened to her.
app_name = "rights"
urlpatterns = [
    path("", views.start, name="start"),
    path("answer/", views.answer, name="answer"),
    path("instruments/", views.instruments, name="instruments"),
    path("instruments/<slug:instrument_id>/", views.instrument, name="instrument"),
]

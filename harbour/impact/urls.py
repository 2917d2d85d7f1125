from django.urls import path

from harbour.impact import views

app_name = "impact"
urlpatterns = [
    path("figures/", views.figures_page, name="figures"),
    path("figures.csv", views.figures_csv, name="figures_csv"),
]

# Filled in by its own issue; present so the URL conf is complete from the start.
app_name = "firewall"
urlpatterns: list = []

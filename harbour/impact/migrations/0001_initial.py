# The app's first migration: empty; the models come in the next.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = []
    operations = []

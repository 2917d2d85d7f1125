# The app's first migration: empty, so that the referrals and the intelligence-only
# report can grow from one root in parallel.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = []
    operations = []

# Issue 10.7: which parts of a record hold each search token, so a result"s explanation
# (`match.text_in`) is read from the index instead of worked out from its texts on every search.
# Tokens indexed before stay NULL and are explained from the texts, with the same answer, until
# `manage.py directory_reindex` fills them.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0008_open_now_paging"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchtoken",
            name="fields",
            field=models.TextField(blank=True, null=True),
        ),
    ]

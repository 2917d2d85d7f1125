# Issue 10.7: which parts of a record hold each search token, so a result"s explanation
# (`match.text_in`) is read from the index instead of worked out from its texts on every search;
# and the service"s index on the token table gains the token, so a page"s matching tokens are
# found without reading every token of a long description. Tokens indexed before stay NULL and
# are explained from the texts, with the same answer, until `manage.py directory_reindex`
# fills them.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0008_open_now_paging"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="searchtoken",
            name="directory_s_service_c66a90_idx",
        ),
        migrations.AddField(
            model_name="searchtoken",
            name="fields",
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="searchtoken",
            index=models.Index(fields=["service", "token"], name="searchtoken_service_token"),
        ),
    ]

# Issue 10.7: which parts of a record hold each search token, so a result"s explanation
# (`match.text_in`) is read from the index instead of worked out from its texts on every search;
# and the service"s index on the token table gains the token, so a page"s matching tokens are
# found without reading every token of a long description. Tokens indexed before stay NULL and
# are explained from the texts, with the same answer, until `manage.py directory_reindex`
# fills them. A translation"s language must be a well-formed tag (a code with a space was read
# back as two languages); rows stored before are not changed, and are not named by the index.

import harbour.core.languages
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
        migrations.AlterField(
            model_name="translation",
            name="language",
            field=models.CharField(max_length=16, validators=[harbour.core.languages.validate_language_tag]),
        ),
        migrations.AddIndex(
            model_name="searchtoken",
            index=models.Index(fields=["service", "token"], name="searchtoken_service_token"),
        ),
    ]

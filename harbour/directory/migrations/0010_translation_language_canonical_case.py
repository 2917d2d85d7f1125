"""Translations' language tags in the canonical case of RFC 5646 section 2.1.1 ("pt-br" ->
"pt-BR", "zh-hant" -> "zh-Hant", "sr-latn-rs" -> "sr-Latn-RS"; core.languages.canonical_case).
Staff-typed tags were stored lower-cased, imported ones as the feed gave them.

Tags differing only in case are one language (section 2.1.1), so two translations of one record
whose tags differ only in case ("pt-br" typed by staff, "pt-BR" imported) are one language
twice: canonical, they would collide on one_translation_per_language. One is kept, decided
so: a reviewed one over a draft, because a person checked it and a draft is a first go that
no one has; between two in the same review state, the newer (updated_at, then the later id),
the last text someone meant. The other is deleted, and its text is not kept anywhere (the audit
log never holds text), which is why a checked text wins over a newer draft.

The search index names each translation holding a word by its tag (SearchToken.fields): those
tags are put in the same case. A record that lost a translation has its tokens' fields set to
NULL, "not recorded", so that a result is explained from its texts as they are now; run
`manage.py directory_reindex` to drop the deleted text's words from the index as well.

Rows keep their updated_at: the case of a tag is not an edit. Reversing changes nothing (the
canonical tags are as valid as the lower-case ones).
"""

from django.db import migrations

from harbour.core.languages import canonical_case


def _keeper_key(row):
    return (row.review_state == "reviewed", row.updated_at, row.pk)


def canonicalise(apps, schema_editor):
    Translation = apps.get_model("directory", "Translation")
    SearchToken = apps.get_model("directory", "SearchToken")
    groups: dict = {}
    for row in Translation.objects.order_by("pk"):
        groups.setdefault((row.entity, row.object_id, row.language.lower()), []).append(row)
    lost_a_translation = set()
    for (entity, object_id, _lowered), rows in groups.items():
        keeper = max(rows, key=_keeper_key)
        others = [row.pk for row in rows if row.pk != keeper.pk]
        if others:
            Translation.objects.filter(pk__in=others).delete()
            if entity == "service":
                lost_a_translation.add(object_id)
        if keeper.language != canonical_case(keeper.language):
            Translation.objects.filter(pk=keeper.pk).update(language=canonical_case(keeper.language))
    SearchToken.objects.filter(service_id__in=lost_a_translation).update(fields=None)
    # Only a tag with a subtag changes case ("fa" stays "fa").
    for token in SearchToken.objects.filter(fields__contains="-").exclude(service_id__in=lost_a_translation):
        fields = {field if field in ("name", "description") else canonical_case(field)
                  for field in token.fields.split()}
        # In indexing.fields_text's order: name, description, then the tags in code order.
        text = " ".join(sorted(fields, key=lambda f: (f != "name", f != "description", f)))
        if text != token.fields:
            SearchToken.objects.filter(pk=token.pk).update(fields=text)


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0009_search_token_fields"),
    ]

    operations = [
        migrations.RunPython(canonicalise, migrations.RunPython.noop),
    ]

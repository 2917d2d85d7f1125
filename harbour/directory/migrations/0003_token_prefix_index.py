from django.db import migrations

# PostgreSQL answers `token LIKE 'x%'` from a B-tree only with the pattern operator class
# (whatever the database's collation). SQLite uses the unique (token, service) index with a
# range query instead, so it needs nothing more.
CREATE = "CREATE INDEX IF NOT EXISTS directory_searchtoken_prefix ON directory_searchtoken (token varchar_pattern_ops)"
DROP = "DROP INDEX IF EXISTS directory_searchtoken_prefix"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_profile_taxonomy")]
    operations = [migrations.RunPython(create, drop)]

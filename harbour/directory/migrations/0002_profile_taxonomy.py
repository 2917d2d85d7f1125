from django.db import migrations


def install_profile(apps, schema_editor):
    from harbour.directory.profile import install

    install(apps.get_model("directory", "Taxonomy"), apps.get_model("directory", "TaxonomyTerm"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(install_profile, migrations.RunPython.noop)]

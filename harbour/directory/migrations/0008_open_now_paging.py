# Issue 10.7: open now counted and paged from the slot index (see OpeningSlot).

from django.db import migrations, models

# Slots written before these columns existed: each carries its service's name, and is marked
# shared if another slot of its service overlaps it (same weekday, intersecting minutes and
# valid dates), as indexing.reindex_service now writes them.
FILL_NAMES = """
UPDATE directory_openingslot SET service_name = COALESCE(
    (SELECT name FROM directory_service WHERE directory_service.id = directory_openingslot.service_id), '')
"""
MARK_SHARED = """
UPDATE directory_openingslot SET shared = %s
WHERE EXISTS (
    SELECT 1 FROM directory_openingslot other
    WHERE other.service_id = directory_openingslot.service_id
      AND other.weekday = directory_openingslot.weekday
      AND other.id <> directory_openingslot.id
      AND other.opens_minute < directory_openingslot.closes_minute
      AND directory_openingslot.opens_minute < other.closes_minute
      AND (other.valid_from = '' OR directory_openingslot.valid_to = ''
           OR other.valid_from <= directory_openingslot.valid_to)
      AND (directory_openingslot.valid_from = '' OR other.valid_to = ''
           OR directory_openingslot.valid_from <= other.valid_to)
)
"""


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0007_seal_confidential_locations'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='openingslot',
            name='directory_o_service_776bbf_idx',
        ),
        migrations.RemoveIndex(
            model_name='openingslot',
            name='dir_openingslot_open_now',
        ),
        migrations.RemoveIndex(
            model_name='service',
            name='directory_s_name_822ca3_idx',
        ),
        migrations.AddField(
            model_name='openingslot',
            name='service_name',
            field=models.TextField(blank=True, default=''),
        ),
        migrations.AddField(
            model_name='openingslot',
            name='shared',
            field=models.BooleanField(default=False),
        ),
        migrations.AddIndex(
            model_name='openingslot',
            index=models.Index(fields=['service', 'weekday', 'opens_minute', 'closes_minute', 'time_zone', 'valid_from', 'valid_to'], name='dir_openingslot_service_open'),
        ),
        migrations.RunSQL(FILL_NAMES, migrations.RunSQL.noop),
        migrations.RunSQL([(MARK_SHARED, [True])], migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name='openingslot',
            index=models.Index(fields=['shared', 'weekday', 'time_zone', 'opens_minute', 'closes_minute', 'valid_from', 'valid_to', 'service_name', 'service'], name='dir_openingslot_open_now_v2'),
        ),
        migrations.AddIndex(
            model_name='service',
            index=models.Index(fields=['name', 'id'], name='dir_service_name_id'),
        ),
        migrations.AddIndex(
            model_name='service',
            index=models.Index(fields=['status'], name='dir_service_status'),
        ),
        # The table was rebuilt (SQLite) and its indexes changed: fresh statistics for the planner.
        migrations.RunSQL("ANALYZE directory_openingslot", migrations.RunSQL.noop),
        migrations.RunSQL("ANALYZE directory_service", migrations.RunSQL.noop),
    ]

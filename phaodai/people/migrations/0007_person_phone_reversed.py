"""Search by the last digits of a phone: the phone written backwards (filled by 0008, indexed by 0009)."""

import phaodai.core.fields
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0006_person_national_id_unique"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="phone_reversed",
            field=phaodai.core.fields.KeyField(blank=True, default="", editable=False, max_length=11),
            preserve_default=False,
        ),
    ]

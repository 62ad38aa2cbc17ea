"""When each population figure was recorded. Figures recorded before stay without a date (NULL):
the column is added without a default, which only then becomes the time of writing."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0002_unit_linked_paths"),
    ]

    operations = [
        migrations.AddField(
            model_name="populationcount",
            name="recorded_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="ghi nhận lúc"),
        ),
        migrations.AlterField(
            model_name="populationcount",
            name="recorded_at",
            field=models.DateTimeField(
                blank=True, default=django.utils.timezone.now, null=True, verbose_name="ghi nhận lúc"
            ),
        ),
    ]

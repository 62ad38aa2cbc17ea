from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_person_release_shared_national_ids"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    models.Q(("national_id", ""), _negated=True), ("merged_into__isnull", True)
                ),
                fields=("national_id",),
                name="people_person_national_id_unique",
                violation_error_message="Số CCCD/CMND này đã có trong một hồ sơ khác.",
            ),
        ),
    ]

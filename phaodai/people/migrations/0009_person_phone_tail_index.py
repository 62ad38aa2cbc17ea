"""The index of the search by a phone's last digits: a range on ``phone_reversed``, with the area and
the merge test beside it so the jurisdiction is checked from the index (as the name indexes)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0008_person_fill_phone_reversed"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["phone_reversed", "area_path", "merged_into"], name="people_person_phone_tail"
            ),
        ),
    ]

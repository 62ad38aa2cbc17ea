"""Fill ``phone_reversed`` for the records already stored: batches by primary key, each committed
on its own (``atomic = False``), idempotent (a record is written only while its key is not yet its
phone reversed), so a run stopped half-way is simply run again."""

from django.db import migrations, transaction

BATCH = 2000


def fill_phone_reversed(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    last = 0
    while True:
        batch = list(
            Person.objects.filter(pk__gt=last)
            .exclude(phone="")
            .order_by("pk")
            .only("pk", "phone", "phone_reversed")[:BATCH]
        )
        if not batch:
            return
        last = batch[-1].pk
        changed = [p for p in batch if p.phone_reversed != p.phone[::-1]]
        for person in changed:
            person.phone_reversed = person.phone[::-1]
        with transaction.atomic():
            Person.objects.bulk_update(changed, ["phone_reversed"], batch_size=500)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("people", "0007_person_phone_reversed"),
    ]

    operations = [migrations.RunPython(fill_phone_reversed, migrations.RunPython.noop)]

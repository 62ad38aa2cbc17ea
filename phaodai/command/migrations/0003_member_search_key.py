"""The members' folded name and office, stored for the member search (filled for existing rows)."""

from typing import Any

from django.db import migrations

import phaodai.core.fields
from phaodai.core.text import fold


def fill(apps: Any, schema_editor: Any) -> None:
    Member = apps.get_model("command", "Member")
    batch = []
    for member in Member.objects.only("pk", "full_name", "office_detail").iterator(chunk_size=2000):
        member.search_key = fold(f"{member.full_name} {member.office_detail}")[:330]
        batch.append(member)
        if len(batch) >= 2000:
            Member.objects.bulk_update(batch, ["search_key"])
            batch = []
    if batch:
        Member.objects.bulk_update(batch, ["search_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("command", "0002_member_area_set_null"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="search_key",
            field=phaodai.core.fields.KeyField(default="", editable=False, max_length=330),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]

"""The throwaway app's part of the test world: one note in each of the two communes."""

from typing import Any

from tests.throwaway.models import FieldNote

SECRET = "Ghi chép kín của Lùng Phình"


def contribute(world: Any) -> None:
    own = FieldNote.objects.create(unit=world.units["Thôn Bản Phố 1"], text="Ghi chép của Bản Phố")
    other = FieldNote.objects.create(unit=world.units["Thôn Lùng Phình"], text=SECRET)
    world.notes = {"own": own, "other": other}
    world.record("note_id", own=own.pk, other=other.pk)
    world.secret(SECRET)
    world.watch(lambda: list(FieldNote.objects.unscoped().filter(pk=other.pk).values_list("text", "person")))

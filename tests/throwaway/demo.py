from phaodai.core.seeding import DemoContext, DemoContribution, DemoContributor
from tests.throwaway.models import FieldNote


def seed_notes(context: DemoContext) -> DemoContribution:
    """One note per commune, written after the people contributor (order 100) built the villages."""
    notes = []
    for commune in context.communes:
        note = FieldNote(unit=commune, text=f"Ghi chép mẫu của {commune.name}")
        note.save()
        notes.append(note)
    return DemoContribution(counts={"notes": len(notes)}, lines=[f"  {len(notes)} ghi chép thử"])


CONTRIBUTORS = [DemoContributor(name="throwaway", order=500, seed=seed_notes)]

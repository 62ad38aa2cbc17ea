from phaodai.core.roles import Capability
from phaodai.core.shell import HomeCard, NavEntry
from tests.throwaway.selectors import note_count

NAV = [
    NavEntry(label="Ghi chép thử", url_name="throwaway:list", capability=Capability.VIEW_PEOPLE, order=500)
]
HOME_CARDS = [
    HomeCard(
        name="throwaway",
        template="throwaway/_home_card.html",
        figures=note_count,
        capability=Capability.VIEW_PEOPLE,
        order=500,
    )
]

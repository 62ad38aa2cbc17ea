"""Administrative units of every map era, as a tree with materialised paths."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phaodai.areas.enums import AgeBand, PopulationSource, Sex, SuccessionKind, UnitLevel, UnitType
from phaodai.core.access import ScopedManager
from phaodai.core.fields import KeyField

PATH_SEGMENT_WIDTH = 8  # digits of a primary key in a path segment: "00000012."


class MapEra(models.Model):
    """One administrative map: the 2021 three-level map, the 2025 two-level map."""

    code = models.CharField(_("mã"), max_length=16, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    legal_source = models.CharField(_("căn cứ pháp lý"), max_length=300, blank=True)
    data_source = models.CharField(_("nguồn dữ liệu"), max_length=300, blank=True)

    class Meta:
        ordering = ["valid_from"]
        verbose_name = _("bản đồ hành chính")
        verbose_name_plural = _("bản đồ hành chính")

    def __str__(self) -> str:
        return self.name


class AdminUnit(models.Model):
    """A province, district, commune or village of one era.

    Keyed by (era, code): GSO codes are reused across eras for different units.
    ``path`` is the chain of primary keys from the root, so a subtree is a prefix.
    """

    era = models.ForeignKey(MapEra, on_delete=models.PROTECT, related_name="units", verbose_name=_("bản đồ"))
    code = models.CharField(_("mã"), max_length=32)
    name = models.CharField(_("tên"), max_length=200)
    name_key = KeyField(max_length=200, db_index=True, editable=False)
    level = models.PositiveSmallIntegerField(_("cấp"), choices=UnitLevel.choices)
    unit_type = models.CharField(_("loại"), max_length=16, choices=UnitType.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("thuộc"),
    )
    path = KeyField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    is_border = models.BooleanField(_("xã biên giới"), default=False)
    # Paths of the units of other map eras that took over or handed over part of this unit's
    # subtree (UnitSuccession, either way), kept by areas.services.unit_links_refresh. A user's
    # jurisdiction follows them (core.access): a 2025 commune sees what its predecessors filed.
    linked_paths = models.TextField(blank=True, editable=False)

    objects = ScopedManager()
    scope_field = "path"

    class Meta:
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["era", "code"], name="%(app_label)s_%(class)s_era_code_unique"),
        ]
        indexes = [models.Index(fields=["era", "level", "name_key"], name="areas_unit_era_level_name")]
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")

    def __str__(self) -> str:
        return self.name

    @property
    def linked_path_list(self) -> list[str]:
        return self.linked_paths.split()

    def ancestor_paths(self) -> list[str]:
        """Paths of this unit's ancestors, root first, derived from the path alone."""
        step = PATH_SEGMENT_WIDTH + 1
        return [self.path[:end] for end in range(step, len(self.path), step)]


class UnitSuccession(models.Model):
    """A link from a unit of one era to the unit(s) of a later era that took over its area."""

    predecessor = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="successions")
    successor = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="predecessions")
    kind = models.CharField(max_length=16, choices=SuccessionKind.choices)
    is_main = models.BooleanField(default=True, help_text=_("Phần lớn địa bàn chuyển sang đơn vị này"))
    source = models.CharField(max_length=200, blank=True)

    # Reference data between two maps, read by anyone who may see either side.
    scope_exempt = "links between two maps' units; each side is a scoped unit"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="%(app_label)s_%(class)s_pair_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class PopulationCount(models.Model):
    """Residents of one unit in one year, by age band and sex, from one source.

    Figures are recorded where the source gives them; a unit's total is the sum
    over its subtree (see selectors.population_of), so any level can be asked.
    """

    unit = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="population_counts")
    unit_path = KeyField(max_length=255, editable=False)
    year = models.PositiveSmallIntegerField(_("năm"))
    age_band = models.CharField(_("nhóm tuổi"), max_length=8, choices=AgeBand.choices)
    sex = models.CharField(_("giới tính"), max_length=1, choices=Sex.choices)
    count = models.PositiveIntegerField(_("số người"))
    source = models.CharField(_("nguồn"), max_length=16, choices=PopulationSource.choices)
    # When the figure was recorded or last corrected here (imported, counted from the registry);
    # empty for figures recorded before it was kept (migration 0003).
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), null=True, blank=True, default=timezone.now)

    objects = ScopedManager()
    scope_field = "unit_path"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "age_band", "sex", "source"],
                name="%(app_label)s_%(class)s_cell_unique",
            ),
        ]
        indexes = [models.Index(fields=["source", "year", "unit_path"], name="areas_pop_source_year_path")]

    def __str__(self) -> str:
        return f"{self.unit} {self.year} {self.age_band} {self.sex}: {self.count}"

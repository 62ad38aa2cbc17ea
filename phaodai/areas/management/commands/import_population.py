"""``manage.py import_population FILE.csv --year Y --source census``: residents per unit.

Rows are ``unit_code,era,age_band,sex,count`` (a header row with these names is optional).
Every row is checked first; if any is bad, each bad row is reported with its line number
and the reason, and nothing is written. Otherwise all rows are written in one transaction,
one ``population_record`` per unit.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from phaodai.areas.enums import AgeBand, PopulationSource, Sex
from phaodai.areas.models import AdminUnit, MapEra
from phaodai.areas.services import POPULATION_CELL_MAX, population_record

COLUMNS = ["unit_code", "era", "age_band", "sex", "count"]
_LOOKUP_CHUNK = 500


class Command(BaseCommand):
    help = (
        "Nhập số dân theo nhóm tuổi × giới tính từ tệp CSV (unit_code,era,age_band,sex,count). "
        "Có dòng sai thì báo từng dòng và không ghi gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Tệp CSV, mã hoá UTF-8.")
        parser.add_argument("--year", type=int, required=True, help="Năm của số liệu.")
        parser.add_argument(
            "--source",
            choices=PopulationSource.values,
            required=True,
            help="Nguồn: census, estimate, registry.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            with path.open(newline="", encoding="utf-8-sig") as handle:
                rows = list(enumerate(csv.reader(handle), start=1))
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Không đọc được tệp {path}: {exc}") from exc
        if rows and [cell.strip().lower() for cell in rows[0][1]] == COLUMNS:
            rows = rows[1:]
        rows = [(line, row) for line, row in rows if any(cell.strip() for cell in row)]
        if not rows:
            raise CommandError(f"Tệp {path} không có dòng số liệu nào.")

        by_unit, errors = self._check(rows)
        if errors:
            raise CommandError(f"Không ghi gì: {len(errors)} dòng sai trong {path}.\n" + "\n".join(errors))
        try:
            with transaction.atomic():
                for unit, counts in by_unit.values():
                    population_record(
                        actor=None, unit=unit, year=options["year"], source=options["source"], counts=counts
                    )
        except ValidationError as exc:
            raise CommandError("Không ghi gì: " + "; ".join(exc.messages)) from exc
        cells = sum(len(counts) for _unit, counts in by_unit.values())
        self.stdout.write(
            f"Đã nhập {cells} ô số liệu của {len(by_unit)} đơn vị, năm {options['year']}, nguồn {options['source']}."
        )

    def _check(
        self, rows: list[tuple[int, list[str]]]
    ) -> tuple[dict[int, tuple[AdminUnit, dict[tuple[str, str], int]]], list[str]]:
        """Units and their cells, and "Dòng N: reason" for every bad row (in line order)."""
        errors: list[tuple[int, str]] = []
        parsed: list[tuple[int, str, str, str, str, int]] = []
        for line, row in rows:
            cells = [cell.strip() for cell in row]
            if len(cells) != len(COLUMNS):
                errors.append((line, f"cần {len(COLUMNS)} cột ({','.join(COLUMNS)}), có {len(cells)}."))
                continue
            code, era_text, band, sex, count_text = cells
            reasons = []
            if not code:
                reasons.append("thiếu mã đơn vị")
            if band not in AgeBand.values:
                reasons.append(f"nhóm tuổi “{band}” không hợp lệ (dùng {', '.join(AgeBand.values)})")
            if sex not in Sex.values:
                reasons.append(f"giới tính “{sex}” không hợp lệ (dùng M hoặc F)")
            if not count_text.isdigit() or int(count_text) > POPULATION_CELL_MAX:
                reasons.append(f"số người “{count_text}” phải là số nguyên từ 0 đến {POPULATION_CELL_MAX}")
            if reasons:
                errors.append((line, "; ".join(reasons) + "."))
                continue
            parsed.append((line, code, era_text, band, sex, int(count_text)))

        eras = {era.code: era for era in MapEra.objects.filter(code__in={p[2] for p in parsed})}
        units: dict[tuple[str, str], AdminUnit] = {}
        for era_code, era in eras.items():
            codes = sorted({p[1] for p in parsed if p[2] == era_code})
            for start in range(0, len(codes), _LOOKUP_CHUNK):
                for found in AdminUnit.objects.unscoped().filter(
                    era=era, code__in=codes[start : start + _LOOKUP_CHUNK]
                ):
                    units[(era_code, found.code)] = found

        by_unit: dict[int, tuple[AdminUnit, dict[tuple[str, str], int]]] = {}
        seen: dict[tuple[int, str, str], int] = {}
        for line, code, era_code, band, sex, count in parsed:
            if era_code not in eras:
                errors.append((line, f"không có bản đồ hành chính “{era_code}”."))
                continue
            unit = units.get((era_code, code))
            if unit is None:
                errors.append((line, f"không có đơn vị mã “{code}” trong bản đồ {era_code}."))
                continue
            first = seen.setdefault((unit.pk, band, sex), line)
            if first != line:
                errors.append((line, f"trùng ô ({code}, {band}, {sex}) với dòng {first}."))
                continue
            by_unit.setdefault(unit.pk, (unit, {}))[1][(band, sex)] = count
        return by_unit, [f"Dòng {line}: {message}" for line, message in sorted(errors)]

"""The `template` command: a district's Mẫu 2 workbook, its places found in the registry."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..places import Registry
from ..report.template import TemplateBlock, write_template
from ..text import fold
from ..vietnamese import vietnam_today
from .check import district_label
from .guards import ConfigurationError

_UNSAFE = re.compile(r'[\\/:*?"<>|]')  # not in a file name


@dataclass(frozen=True)
class MadeTemplate:
    path: Path
    communes: tuple[str, ...]
    blocks: list[TemplateBlock]


def make_template(
    registry: Registry, district: str | None, province: str | None, commune: str | None, out: Path | None
) -> MadeTemplate:
    """Writes the Mẫu 2 workbook of a district (or of one commune, or of every commune of a registry
    without districts) to `out` (default "Mẫu 2 - <district>.xlsx"); ConfigurationError when the district
    is missing or unknown, or the commune is not one of it."""
    label, communes, title = template_places(registry, district, province, commune)
    path = out or Path(f"Mẫu 2 - {_UNSAFE.sub('-', title)}.xlsx")
    blocks = write_template(registry, label, communes, path, vietnam_today(), title)
    return MadeTemplate(path, communes, blocks)


def template_places(
    registry: Registry, district: str | None, province: str | None, commune: str | None
) -> tuple[str | None, tuple[str, ...], str]:
    """Returns (the district's label, its communes, the line that names them) of a template."""
    label = None
    if registry.has_districts:
        if not district:
            raise ConfigurationError(
                'Cần ghi huyện: --district "Huyện ..." (danh sách huyện: python -m pipeline registry).'
            )
        label = district_label(registry, district, province)
    communes = registry.communes_of(label)
    if commune:
        typed = fold(commune)
        chosen = [name for name in communes if fold(name) == typed or fold(name).endswith(" " + typed)]
        if len(chosen) != 1:
            where = f" của {label}" if label else ""
            raise ConfigurationError(f"Không có xã «{commune}» trong danh mục{where}.")
        communes = tuple(chosen)
    if label:  # a district of a national registry with its province: "Huyện Châu Thành, Tỉnh Bến Tre"
        title = label if registry.several_provinces else registry.district_names.get(label, label)
    elif commune:
        title = communes[0]
    else:  # every commune of a registry without districts: its province names them
        title = registry.provinces[0] if len(registry.provinces) == 1 else "xã, phường"
    return label, communes, title

"""summary.json: the machine-readable summary of a run (SPEC §7)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..codes import CODES
from ..merge import ACCEPTED, MERGED, REJECTED, SUPERSEDED
from ..model import RunResult
from ..progress import HISTORY_KEYS, progress_of
from .atomic import atomic_path


def build_summary(result: RunResult) -> dict:
    """Returns the summary as plain data, with the keys of SPEC §7.

    With a registry of several provinces, a district is written by its registry name and each entry that
    names one has its `province` too (a district name repeats across provinces).
    """
    coverage, registry = result.coverage, result.registry
    districts = coverage.districts
    progress = progress_of(result)
    place = _district_place(result)
    summary: dict[str, Any] = {
        "generated_at": result.generated_at.isoformat(timespec="seconds") if result.generated_at else None,
        "as_of": result.as_of.isoformat(),
        "deadline": result.deadline.isoformat(),
        "days_to_deadline": (result.deadline - result.as_of).days,
        "registry": {
            "source": registry.source,
            "districts": len(registry.districts),
            "communes": registry.commune_count,
            "hamlets": registry.hamlet_count,
            "sample_hamlets": int(registry.sample_hamlets),
        },
        "totals": result.totals.as_dict(),
        "districts": [
            {
                **place(district.name, "name"),
                "status": str(district.status),
                "first_submitted": district.first_submitted.isoformat() if district.first_submitted else None,
                # positive: sent that many days before the deadline; negative: that many days late
                "days_before_deadline": (result.deadline - district.first_submitted).days
                if district.first_submitted
                else None,
                "communes": int(district.communes),
                "communes_submitted": int(district.communes_submitted),
                "hamlets": int(district.hamlets),
                "hamlets_covered": int(district.hamlets_covered),
                "teams": int(district.teams),
                "members": int(district.members),
            }
            for district in districts.itertuples(index=False)
        ],
        "communes": [
            {
                **place(commune.district),
                "name": commune.commune,
                "submitted": bool(commune.submitted),
                "status": str(commune.status),
                "first_submitted": commune.first_submitted.isoformat() if commune.first_submitted else None,
                "hamlets": int(commune.hamlets),
                "hamlets_covered": int(commune.hamlets_covered),
                "teams": int(commune.teams),
                "members": int(commune.members),
            }
            for commune in coverage.communes.itertuples(index=False)
        ],
        "gaps": [
            {**place(gap.district), "commune": gap.commune, "hamlet": gap.hamlet}
            for gap in coverage.hamlets[~coverage.hamlets["covered"]].itertuples(index=False)
        ],
        "files": [_file_entry(result, file, place) for file in result.files],
        "issues": [{**issue.as_dict(), "action": CODES[issue.code].action} for issue in result.issues],
        "history": [{key: entry[key] for key in ("as_of", *HISTORY_KEYS)} for entry in progress.history],
        "changes": _changes(progress.changes, place),
    }
    if registry.several_provinces:
        summary["registry"]["provinces"] = len(registry.provinces)
    return summary


def _changes(changes: dict, place: Callable[..., dict]) -> dict:
    """Returns the changes with each member and hamlet's district written as in the other entries."""
    if not changes:
        return changes

    def placed(entry: object) -> object:
        if not isinstance(entry, dict) or "district" not in entry:
            return entry
        written: dict = {}
        for key, value in entry.items():  # in place, the keys in their order
            written |= place(value) if key == "district" else {key: value}
        return written

    return {key: [placed(entry) for entry in value] if isinstance(value, list) else value
            for key, value in changes.items()}  # fmt: skip


def _district_place(result: RunResult) -> Callable[..., dict]:
    """Returns the function that writes a district label as SPEC §7 keys: its registry name under `key`,
    and its `province` when the registry has several (a label is then "name, province")."""
    names, provinces = result.registry.district_names, result.registry.district_provinces
    several = result.registry.several_provinces

    def place(label: str | None, key: str = "district") -> dict:
        entry = {key: names.get(label or "", label or None) if several else label}
        return {"province": provinces.get(label or "") or None, **entry} if several else entry

    return place


def _file_entry(result: RunResult, file, place: Callable[..., dict]) -> dict:
    counts = result.accounting.loc[file.path] if file.path in result.accounting.index else None
    return {
        "path": file.path,
        "sha256": file.sha256,
        "status": str(file.status),
        **place(result.file_districts.get(file.path) or None),
        "rows_read": int(counts["read"]) if counts is not None else 0,
        "rows_accepted": int(counts[ACCEPTED]) if counts is not None else 0,
        "rows_rejected": int(counts[REJECTED]) if counts is not None else 0,
        "rows_merged": int(counts[MERGED]) if counts is not None else 0,
        "rows_superseded": int(counts[SUPERSEDED]) if counts is not None else 0,
        "message": file.message,
    }


def write_summary(result: RunResult, path: Path) -> dict:
    """Writes summary.json atomically and returns what it wrote."""
    summary = build_summary(result)
    with atomic_path(path) as temporary:
        temporary.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    return summary

"""summary.json: the machine-readable summary of a run (SPEC §7)."""

from __future__ import annotations

import json
from pathlib import Path

from ..codes import CODES
from ..merge import ACCEPTED, MERGED, REJECTED, SUPERSEDED
from ..model import RunResult
from ..progress import HISTORY_KEYS, progress_of
from .atomic import atomic_path


def build_summary(result: RunResult) -> dict:
    """Returns the summary as plain data, with the keys of SPEC §7."""
    coverage, registry = result.coverage, result.registry
    districts = coverage.districts
    progress = progress_of(result)
    return {
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
                "name": district.name,
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
                "district": commune.district,
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
            {"district": gap.district, "commune": gap.commune, "hamlet": gap.hamlet}
            for gap in coverage.hamlets[~coverage.hamlets["covered"]].itertuples(index=False)
        ],
        "files": [_file_entry(result, file) for file in result.files],
        "issues": [{**issue.as_dict(), "action": CODES[issue.code].action} for issue in result.issues],
        "history": [{key: entry[key] for key in ("as_of", *HISTORY_KEYS)} for entry in progress.history],
        "changes": progress.changes,
    }


def _file_entry(result: RunResult, file) -> dict:
    counts = result.accounting.loc[file.path] if file.path in result.accounting.index else None
    return {
        "path": file.path,
        "sha256": file.sha256,
        "status": str(file.status),
        "district": result.file_districts.get(file.path) or None,
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

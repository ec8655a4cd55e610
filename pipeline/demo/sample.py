"""A deterministic demo inbox of district Mẫu 2 files, and the facts planted in it for end-to-end tests."""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd

from ..text import clean_text
from ..vietnamese import VIETNAM
from . import pools
from .workbook import Block, Member, Submission, Team, WrittenRow, sheet_groups, workbook_bytes

DEADLINE = "2022-08-27"
_LAST = "<last district in registry order>"


@dataclass(frozen=True)
class PlantedFact:
    """Something a test can check in the outputs: a gap, a rejected row, a normalised phone ..."""

    kind: str
    file: str  # path relative to the inbox ("" when not about a file)
    sheet: str
    row: int | None  # Excel row number
    detail: dict


@dataclass(frozen=True)
class SampleInbox:
    """The demo inbox that was written: its root, its files and the facts planted in them."""

    root: Path
    files: tuple[str, ...]
    facts: tuple[PlantedFact, ...]


def write_sample_inbox(
    root: Path, registry: pd.DataFrame, *, seed: int = 2022, missing_district: str | None = _LAST
) -> SampleInbox:
    """Returns the demo inbox written under `root`: one Mẫu 2 file per district but one, and its facts."""
    units = _registry_units(registry)
    districts = list(units)
    missing = districts[-1] if missing_district == _LAST else missing_district
    present = [district for district in districts if district != missing]
    if missing is not None and missing not in districts:
        raise ValueError(f"the district {missing!r} is not in the registry")
    if len(present) < 2:
        raise ValueError("the sample needs a registry with at least two districts that submit")
    planner = _Planner(random.Random(seed))
    submissions, skipped = planner.plan(units, present)
    copy = planner.duplicate_copy(submissions[1])
    facts = [_fact("missing_district", district=missing)] if missing else []
    written: dict[str, bytes] = {}
    for submission in [*submissions, copy]:
        path = Path(root, submission.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if submission is copy:  # the very same bytes, dropped again under another name
            content, row_facts = written[submissions[1].path], []
        else:
            content, rows = workbook_bytes(submission)
            row_facts = _row_facts(submission, rows)
        written[submission.path] = content
        path.write_bytes(content)
        os.utime(path, (submission.submitted.timestamp(),) * 2)
        facts += row_facts
        facts.append(_file_fact(submission, "duplicate" if submission is copy else "processed"))
    facts += _submission_facts(submissions, copy)
    facts += _coverage_facts(units, submissions, skipped, missing, facts)
    files = tuple(sorted(submission.path for submission in [*submissions, copy]))
    return SampleInbox(Path(root), files, tuple(facts))


def _registry_units(registry: pd.DataFrame) -> dict[str, dict[str, list[str]]]:
    """Returns district -> commune -> hamlets, in registry order, without blanks or repeats."""
    units: dict[str, dict[str, list[str]]] = {}
    for district, commune, hamlet in registry[["district", "commune", "hamlet"]].itertuples(index=False):
        district, commune, hamlet = clean_text(district), clean_text(commune), clean_text(hamlet)
        hamlets = units.setdefault(district, {}).setdefault(commune, [])
        if hamlet and hamlet not in hamlets:
            hamlets.append(hamlet)
    return {d: {c: h for c, h in communes.items() if h} for d, communes in units.items()}


class _Planner:
    """Decides every cell of the inbox from one seeded random generator: people, notations, gaps."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names: set[str] = set()
        self.numbers: set[str] = set()
        self.phone_forms_seen: set[int] = set()

    def name(self) -> str:
        """Returns a full name not used yet in the inbox (two people may share one only by chance)."""
        for _ in range(100):
            name = pools.person_name(self.rng)
            if name not in self.names:
                break
        self.names.add(name)
        return name

    def nsn(self, code: str = "") -> str:
        """Returns a mobile number (without trunk 0) not used yet, with the given network code if any."""
        while True:
            number = code + f"{self.rng.randrange(10**7):07d}" if code else pools.mobile_nsn(self.rng)
            if number not in self.numbers:
                self.numbers.add(number)
                return number

    def plan(self, units: dict, present: list[str]) -> tuple[list[Submission], set[tuple[str, str]]]:
        """Returns the submissions and the communes never sent.

        One submission per present district in registry order, then the correction of the first one;
        the second district's file holds the planted rows and is dropped twice, the last one comes late.
        """
        late_communes = list(units[present[-1]])
        skipped = {(present[-1], late_communes[-1])} if len(late_communes) > 1 else set()
        corrected_position = 1 if len(units[present[0]]) > 1 else 0
        corrected = (present[0], list(units[present[0]])[corrected_position])
        submissions = []
        for index, district in enumerate(present):
            style = pools.STYLES[index % len(pools.STYLES)]
            communes = [commune for commune in units[district] if (district, commune) not in skipped]
            blocks = tuple(
                self.block(style, district, commune, units[district][commune], position,
                           planted=index == 1 and position == 0, complete=(district, commune) == corrected)
                for position, commune in enumerate(communes)
            )  # fmt: skip
            day = datetime(2022, 8, 16 + index % 10, 8, 30, tzinfo=VIETNAM)
            if district == present[-1]:
                day = datetime(2022, 8, 30, 10, 15, tzinfo=VIETNAM)  # after the deadline of 27/8
            folder = pools.folder_as_written(district, style.folder_form, list(units))
            path = f"{folder}/{pools.file_as_written(district, style.file_form)}.xlsx"
            summary = style.summary_sheet and len(blocks) > 1
            signers = (self.name(), self.name())
            submissions.append(Submission(path, district, style, blocks, day, signers, summary))
        older, correction = self.correct(submissions[0], corrected_position)
        return [older, *submissions[1:], correction], skipped

    def block(self, style: pools.FileStyle, district: str, commune: str, hamlets: list[str], position: int,
              *, planted: bool, complete: bool) -> Block:  # fmt: skip
        """Returns one commune's teams: most hamlets covered, some left without a team."""
        if planted:  # the commune with the planted rows misses its last hamlet: a known gap
            covered = hamlets[:-1] or hamlets
        elif not complete and len(hamlets) > 2:
            uncovered = self.rng.sample(hamlets, 1 if self.rng.random() < 0.3 else 0)
            covered = [hamlet for hamlet in hamlets if hamlet not in uncovered]
        else:
            covered = hamlets
        label = pools.commune_as_written(commune, district, style.commune_form, position)
        teams = tuple(self.team(style, hamlet, number) for number, hamlet in enumerate(covered, 1))
        return Block(commune, label, self.plant_specials(teams) if planted else teams)

    def correct(self, first: Submission, position: int) -> tuple[Submission, Submission]:
        """Returns the first file, where one commune lacks its last team, and the later corrected copy."""
        block = first.blocks[position]
        extra = self.member(first.style, "member", pools.split_unit(block.teams[0].hamlet, "Ấp")[0])
        fixed = (replace(block.teams[0], members=block.teams[0].members + (extra,)), *block.teams[1:])
        old = replace(block, teams=block.teams[:-1] or block.teams, counted=False)
        blocks = first.blocks[:position] + (old,) + first.blocks[position + 1 :]
        path = first.path.removesuffix(".xlsx") + " (sửa lần 2).xlsx"
        later = first.submitted + timedelta(days=1)
        correction = replace(first, path=path, blocks=(replace(block, teams=fixed),), submitted=later)
        return replace(first, blocks=blocks), replace(correction, summary_sheet=False)

    def duplicate_copy(self, original: Submission) -> Submission:
        """Returns the same file dropped a second time, as a browser names a repeated download."""
        path = original.path.removesuffix(".xlsx") + " (1).xlsx"
        return replace(original, path=path, submitted=original.submitted + timedelta(hours=2))

    def team(self, style: pools.FileStyle, hamlet: str, number: int) -> Team:
        """Returns the team of one hamlet: a Tổ trưởng, a Tổ phó and one to four Tổ viên."""
        hamlet_type, bare = pools.split_unit(hamlet, "Ấp")
        size = self.rng.choice((3, 4, 4, 5, 5, 6))
        roles = ["leader", "deputy"] + ["member"] * (size - 2)
        members = tuple(self.member(style, role, hamlet_type) for role in roles)
        label = pools.team_as_written(hamlet, self.rng.choice(style.team_forms), number)
        return Team(hamlet, label, hamlet if self.rng.random() < 0.7 else bare, members)

    def member(self, style: pools.FileStyle, role: str, hamlet_type: str) -> Member:
        """Returns one member as the district writes it; the first use of a notation is a phone fact."""
        variant = style.role_variant if self.rng.random() < 0.8 else self.rng.randrange(6)
        role_text = pools.ROLE_FORMS[role][variant].format(hamlet=hamlet_type.lower())
        name, nsn, form = self.name(), self.nsn(), self.rng.choice(style.phone_forms)
        phone = pools.phone_as_written(nsn, form)
        facts: tuple[tuple[str, dict], ...] = ()
        if form not in self.phone_forms_seen:  # one known normalisation per notation
            self.phone_forms_seen.add(form)
            facts = (("phone", _phone_detail(phone, *_mobile(nsn), "") | {"name": name}),)
        notes = {"leader": f"Trưởng {hamlet_type.lower()}", "deputy": "Bí thư Chi đoàn"}
        note = (notes.get(role) or self.rng.choice(pools.MEMBER_NOTES)) if "note" in style.columns else ""
        written = name.upper() if self.rng.random() < 0.03 else name  # some officers type in capitals
        return Member(written, role_text, phone, nsn, note, facts)

    def plant_specials(self, teams: tuple[Team, ...]) -> tuple[Team, ...]:
        """Returns the teams with the planted problem rows appended, spread over the teams."""
        landline = f"38{self.rng.randrange(10**5):05d}"
        legacy, first, second, short = self.nsn("38"), self.nsn(), self.nsn(), self.nsn()
        several = f"{pools.national(first)} - {pools.national(second)}"
        phones = [  # kind, raw cell, E.164, national form, issue code
            ("landline", f"0294 {landline}", f"+84294{landline}", f"0294 {landline[:4]} {landline[4:]}",
             "phone_landline"),
            ("legacy_phone", f"0168 {legacy[2:5]} {legacy[5:]}", *_mobile(legacy), "phone_legacy_converted"),
            ("phone_multiple", several, *_mobile(first), "phone_multiple"),
            ("phone_missing", "không có", "", "", "phone_missing"),
            ("phone_invalid", pools.national(short)[:-1], "", "", "phone_invalid"),
        ]  # fmt: skip
        specials = [
            self.row("Tổ viên", raw, (kind, _phone_detail(raw, *rest))) for kind, raw, *rest in phones
        ]
        specials.append(self.row(pools.UNKNOWN_ROLE, None, ("role_unknown", {"raw": pools.UNKNOWN_ROLE})))
        shouting, stray = self.name(), pools.national(self.nsn())
        specials.append(self.row("Tổ viên", None, ("name_upper", {"raw": shouting.upper(), "name": shouting}),
                                 name=shouting.upper()))  # fmt: skip
        specials.append(self.row("Tổ viên", None, ("rejected_row", {"code": "name_missing"}), name=""))
        invalid_name = ("rejected_row", {"code": "name_invalid", "value": stray})
        specials.append(self.row("Tổ viên", "", invalid_name, name=stray))
        original = teams[0].members[2]
        again = 1 if original.phone != pools.phone_as_written(original.nsn, 1) else 2
        twice = replace(original, phone=pools.phone_as_written(original.nsn, again), facts=(
            ("duplicate", {"name": original.name, "e164": "+84" + original.nsn}),))  # fmt: skip
        extended = [list(team.members) for team in teams]
        extended[0].insert(3, twice)  # the copied row right below the first one
        for index, special in enumerate(specials):
            extended[index % len(teams)].append(special)
        return tuple(replace(team, members=tuple(rows)) for team, rows in zip(teams, extended, strict=True))

    def row(self, role: str, phone: str | None, fact: tuple[str, dict], name: str | None = None) -> Member:
        """Returns a member row carrying one planted fact; a fresh name or mobile where None is given."""
        nsn = self.nsn()
        name = self.name() if name is None else name
        return Member(name, role, pools.national(nsn) if phone is None else phone, nsn, facts=(fact,))


def _mobile(nsn: str) -> tuple[str, str]:
    """Returns the E.164 and national forms of a mobile number."""
    return "+84" + nsn, pools.national(nsn)


def _phone_detail(raw: str | int, e164: str, national: str, code: str) -> dict:
    """Returns what the normaliser must make of a phone cell: E.164, national form, issue code."""
    cell_type = "number" if isinstance(raw, int) else "text"
    return {"raw": raw, "cell_type": cell_type, "e164": e164, "national": national, "code": code}


def _row_facts(submission: Submission, rows: list[WrittenRow]) -> list[PlantedFact]:
    """Returns the facts planted in the rows of a file, where they landed; none for a superseded commune."""
    facts = []
    for written in rows:
        block, member = written.block, written.member
        place = {"district": submission.district, "commune": block.commune, "hamlet": written.team.hamlet}
        for kind, detail in member.facts if block.counted else ():
            detail = place | detail | ({"first_row": written.first_row} if kind == "duplicate" else {})
            facts.append(PlantedFact(kind, submission.path, written.sheet, written.row, detail))
    return facts


def _fact(kind: str, **detail: object) -> PlantedFact:
    """Returns a fact about the inbox as a whole, not about one file."""
    return PlantedFact(kind, "", "", None, detail)


def _file_fact(submission: Submission, status: str) -> PlantedFact:
    """Returns what a file holds: district, data rows, teams, communes, sheets, modification time."""
    sheets = (["Tổng hợp"] if submission.summary_sheet else []) + [t for t, _ in sheet_groups(submission)]
    blocks = submission.blocks
    detail = {"district": submission.district, "status": status, "rows": sum(b.rows for b in blocks),
              "teams": sum(len(b.teams) for b in blocks), "communes": tuple(b.commune for b in blocks),
              "sheets": tuple(sheets), "modified": submission.submitted.isoformat()}  # fmt: skip
    return PlantedFact("file", submission.path, "", None, detail)


def _submission_facts(submissions: list[Submission], copy: Submission) -> list[PlantedFact]:
    """Returns the facts about files: the superseded commune, the file dropped twice, the late one."""
    older, late, correction = submissions[0], submissions[-2], submissions[-1]
    replaced = next(block for block in older.blocks if not block.counted)
    sheet = next(title for title, blocks in sheet_groups(older) if replaced in blocks)
    superseded = {"district": older.district, "commune": replaced.commune, "by": correction.path}
    late_detail = {"district": late.district, "submitted": late.submitted.isoformat(), "deadline": DEADLINE}
    original = {"district": copy.district, "original": submissions[1].path}
    return [
        PlantedFact("superseded_file", older.path, sheet, None, superseded | {"rows": replaced.rows}),
        PlantedFact("duplicate_file", copy.path, "", None, original),
        PlantedFact("late_district", late.path, "", None, late_detail),
    ]


def _coverage_facts(
    units: dict, submissions: list[Submission], skipped: set, missing: str | None, row_facts: list
) -> list[PlantedFact]:
    """Returns every hamlet left without a team, every commune never sent, and the expected totals."""
    counted = [(s.district, block) for s in submissions for block in s.blocks if block.counted]
    covered = {(district, block.commune, team.hamlet) for district, block in counted for team in block.teams}
    facts = []
    for district, communes in units.items():
        for commune, hamlets in communes.items():
            never_sent = (district, commune) in skipped
            if never_sent:
                facts.append(_fact("commune_not_submitted", district=district, commune=commune))
            reason = "commune_not_submitted" if never_sent else "no_team"
            reason = "district_missing" if district == missing else reason
            facts += [_fact("gap", district=district, commune=commune, hamlet=hamlet, reason=reason)
                      for hamlet in hamlets if (district, commune, hamlet) not in covered]  # fmt: skip
    kinds = [fact.kind for fact in row_facts]
    rows_read = sum(block.rows for submission in submissions for block in submission.blocks)
    rejected, merged = kinds.count("rejected_row"), kinds.count("duplicate")
    superseded = rows_read - sum(block.rows for _, block in counted)
    return [*facts, _fact(
        "totals", files=len(submissions) + 1, districts_submitted=len({s.district for s in submissions}),
        communes_submitted=len({(district, block.commune) for district, block in counted}),
        hamlets=sum(len(hamlets) for communes in units.values() for hamlets in communes.values()),
        hamlets_covered=len(covered), teams=sum(len(block.teams) for _, block in counted),
        rows_read=rows_read, rows_rejected=rejected, rows_merged=merged, rows_superseded=superseded,
        rows_accepted=rows_read - rejected - merged - superseded,
    )]  # fmt: skip

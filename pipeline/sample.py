"""A deterministic demo inbox of district Mẫu 2 files, and the facts planted in it for end-to-end tests."""

from __future__ import annotations

import io
import os
import random
import zipfile
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from . import sample_pools as pools
from .text import clean_text

VIETNAM = timezone(timedelta(hours=7))  # every date of the inbox is a Vietnam date
DEADLINE = "2022-08-27"
_LAST = "<last district in registry order>"
_ZIP_TIME = (2022, 8, 20, 0, 0, 0)
_WIDTHS = {"tt": 5, "commune": 24, "team": 32, "hamlet": 16, "name": 26, "role": 18, "phone": 20, "note": 18}
_THIN = Side(style="thin")


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


@dataclass(frozen=True)
class _Member:
    name: str  # as written, like every field below ("" for an empty cell)
    role: str
    phone: str | int
    nsn: str = ""  # the mobile number behind the cell, without trunk 0
    note: str = ""
    facts: tuple[tuple[str, dict], ...] = ()  # (kind, detail), recorded at the row where it lands


@dataclass(frozen=True)
class _Team:
    hamlet: str  # ấp / khóm, as in the registry
    label: str  # team name as written
    hamlet_label: str  # the Ấp/Khóm column, where the file has one
    members: tuple[_Member, ...]


@dataclass(frozen=True)
class _Block:
    """One commune (xã / phường / thị trấn) as one file lists it."""

    commune: str
    label: str
    teams: tuple[_Team, ...]
    counted: bool = True  # False when a later file supersedes this commune

    @property
    def rows(self) -> int:
        """Returns the number of data rows (people) the commune takes in the table."""
        return sum(len(team.members) for team in self.teams)


@dataclass(frozen=True)
class _Submission:
    path: str
    district: str
    style: pools.FileStyle
    blocks: tuple[_Block, ...]
    submitted: datetime
    signers: tuple[str, str]
    summary_sheet: bool = False


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
            content, row_facts = _workbook_bytes(submission)
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

    def plan(self, units: dict, present: list[str]) -> tuple[list[_Submission], set[tuple[str, str]]]:
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
            submissions.append(_Submission(path, district, style, blocks, day, signers, summary))
        older, correction = self.correct(submissions[0], corrected_position)
        return [older, *submissions[1:], correction], skipped

    def block(self, style: pools.FileStyle, district: str, commune: str, hamlets: list[str], position: int,
              *, planted: bool, complete: bool) -> _Block:  # fmt: skip
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
        return _Block(commune, label, self.plant_specials(teams) if planted else teams)

    def correct(self, first: _Submission, position: int) -> tuple[_Submission, _Submission]:
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

    def duplicate_copy(self, original: _Submission) -> _Submission:
        """Returns the same file dropped a second time, as a browser names a repeated download."""
        path = original.path.removesuffix(".xlsx") + " (1).xlsx"
        return replace(original, path=path, submitted=original.submitted + timedelta(hours=2))

    def team(self, style: pools.FileStyle, hamlet: str, number: int) -> _Team:
        """Returns the team of one hamlet: a Tổ trưởng, a Tổ phó and one to four Tổ viên."""
        hamlet_type, bare = pools.split_unit(hamlet, "Ấp")
        size = self.rng.choice((3, 4, 4, 5, 5, 6))
        roles = ["leader", "deputy"] + ["member"] * (size - 2)
        members = tuple(self.member(style, role, hamlet_type) for role in roles)
        label = pools.team_as_written(hamlet, self.rng.choice(style.team_forms), number)
        return _Team(hamlet, label, hamlet if self.rng.random() < 0.7 else bare, members)

    def member(self, style: pools.FileStyle, role: str, hamlet_type: str) -> _Member:
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
        return _Member(written, role_text, phone, nsn, note, facts)

    def plant_specials(self, teams: tuple[_Team, ...]) -> tuple[_Team, ...]:
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

    def row(self, role: str, phone: str | None, fact: tuple[str, dict], name: str | None = None) -> _Member:
        """Returns a member row carrying one planted fact; a fresh name or mobile where None is given."""
        nsn = self.nsn()
        name = self.name() if name is None else name
        return _Member(name, role, pools.national(nsn) if phone is None else phone, nsn, facts=(fact,))


def _mobile(nsn: str) -> tuple[str, str]:
    """Returns the E.164 and national forms of a mobile number."""
    return "+84" + nsn, pools.national(nsn)


def _phone_detail(raw: str | int, e164: str, national: str, code: str) -> dict:
    """Returns what the normaliser must make of a phone cell: E.164, national form, issue code."""
    cell_type = "number" if isinstance(raw, int) else "text"
    return {"raw": raw, "cell_type": cell_type, "e164": e164, "national": national, "code": code}


def _workbook_bytes(submission: _Submission) -> tuple[bytes, list[PlantedFact]]:
    """Returns the .xlsx content of one submission, byte-identical for the same plan, and its row facts."""
    workbook = Workbook()
    workbook.properties.created = workbook.properties.modified = datetime(2022, 8, 20)
    workbook.properties.creator = workbook.properties.lastModifiedBy = "Admin"
    first: Worksheet = workbook.active
    if submission.summary_sheet:  # a sheet with counts only, before the lists
        _write_summary(first, submission)
        first = workbook.create_sheet()
    facts = []
    for index, (title, blocks) in enumerate(_sheet_groups(submission)):
        sheet = first if index == 0 else workbook.create_sheet()
        sheet.title = title
        facts += _write_table(sheet, submission, blocks)
    buffer = io.BytesIO()
    with _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()  # save_workbook() would stamp the clock
    return buffer.getvalue(), facts


def _sheet_groups(submission: _Submission) -> list[tuple[str, tuple[_Block, ...]]]:
    """Returns the list sheets of a file: one per commune, or one for all."""
    if submission.style.sheet_per_commune:
        return [(block.commune[:31], (block,)) for block in submission.blocks]
    return [(submission.style.sheet_title, submission.blocks)]


class _FixedTimeZip(zipfile.ZipFile):
    """A zip archive whose entries all carry one fixed time, so that equal content gives equal bytes."""

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=_ZIP_TIME)
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
            zinfo_or_arcname.external_attr = 0o600 << 16
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs) -> None:
        self.writestr(arcname or os.path.basename(filename), Path(filename).read_bytes())


def _write_table(sheet: Worksheet, submission: _Submission, blocks: tuple[_Block, ...]) -> list[PlantedFact]:
    """Writes titles, header, member rows and footer of one Mẫu 2 table; returns the facts of its rows."""
    style, columns = submission.style, submission.style.columns
    merges: list[tuple[int, int, int, int]] = []  # applied last, over the formatted cells
    header_row = _write_titles(sheet, submission, blocks, merges)
    row = _write_header(sheet, style, header_row, merges)
    facts, first_rows, number = [], {}, 0
    for position, block in enumerate(blocks):
        row += 1 if position and style.blank_between_communes else 0
        block_start = row
        for team_index, team in enumerate(block.teams):
            number, team_start = number + 1, row
            for index, member in enumerate(team.members):
                lead = index == 0
                commune = block.label if lead and (style.merge != "block" or team_index == 0) else None
                values = {"tt": number if lead else None, "commune": commune, "note": member.note,
                          "team": team.label if lead else None, "hamlet": team.hamlet_label if lead else None,
                          "name": member.name, "role": member.role, "phone": member.phone}  # fmt: skip
                for column, key in enumerate(columns, 1):
                    if values[key] not in (None, ""):
                        sheet.cell(row, column, values[key])
                first = first_rows.setdefault((member.name, member.nsn), row)
                place = {"district": submission.district, "commune": block.commune, "hamlet": team.hamlet}
                for kind, detail in member.facts if block.counted else ():
                    detail = place | detail | ({"first_row": first} if kind == "duplicate" else {})
                    facts.append(PlantedFact(kind, submission.path, sheet.title, row, detail))
                row += 1
            spanned = ("tt", "team", "hamlet") + (("commune",) if style.merge == "team" else ())
            if style.merge and row - team_start > 1:
                merges += [_down(columns, key, team_start, row - 1) for key in spanned if key in columns]
        if style.merge == "block" and row - block_start > 1:
            merges.append(_down(columns, "commune", block_start, row - 1))
    _format_table(sheet, columns, header_row, row - 1)
    for first_row, first_column, last_row, last_column in merges:
        sheet.merge_cells(
            start_row=first_row, start_column=first_column, end_row=last_row, end_column=last_column
        )
    _write_footer(sheet, submission, row + 1, len(columns))
    return facts


def _down(columns: tuple[str, ...], key: str, first_row: int, last_row: int) -> tuple[int, int, int, int]:
    """Returns the merged range of one column of the table over the given rows."""
    column = columns.index(key) + 1
    return first_row, column, last_row, column


def _write_titles(sheet: Worksheet, submission: _Submission, blocks: tuple, merges: list) -> int:
    """Writes the letterhead and title lines above the table; returns the header's row."""
    width = len(submission.style.columns)
    unit, bare = pools.split_unit(submission.district)
    sheet["A1"] = f"UBND {submission.district.upper()}"
    if submission.style.national_motto:
        sheet.cell(1, 4, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        sheet.cell(2, 4, "Độc lập - Tự do - Hạnh phúc")
    place = f"{unit.lower()} {bare}".strip()
    if submission.style.sheet_per_commune:
        commune_unit, commune_bare = pools.split_unit(blocks[0].commune)
        place = f"{commune_unit.lower()} {commune_bare}, {place}".strip()
    day = submission.submitted
    lines = ("DANH SÁCH VÀ THÔNG TIN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG", place, f"(Số liệu đến ngày {day:%d/%m/%Y})")
    for row, text in enumerate(lines, 4):
        sheet.cell(row, 1, text).font = Font(bold=row == 4, italic=row == 6, size=13 if row == 4 else 12)
        sheet.cell(row, 1).alignment = Alignment(horizontal="center")
        merges.append((row, 1, row, width))
    return 8


def _write_header(sheet: Worksheet, style: pools.FileStyle, row: int, merges: list) -> int:
    """Writes the header (one or two rows, optional column numbers); returns the first data row."""
    labels = pools.HEADER_WORDINGS[style.wording] | pools.EXTRA_HEADERS
    group = [column for column, key in enumerate(style.columns, 1) if key in ("name", "role", "phone")]
    two_rows = style.two_row_header and group == list(range(group[0], group[-1] + 1))
    for column, key in enumerate(style.columns, 1):
        if two_rows and column in group:
            sheet.cell(row + 1, column, labels[key])
        else:
            sheet.cell(row, column, labels[key])
            merges += [(row, column, row + 1, column)] if two_rows else []
    if two_rows:
        sheet.cell(row, group[0], pools.MEMBER_GROUP_HEADER)
        merges.append((row, group[0], row, group[-1]))
    for cells in sheet.iter_rows(min_row=row, max_row=row + two_rows, max_col=len(style.columns)):
        for cell in cells:
            cell.font = Font(bold=True)
    row += 2 if two_rows else 1
    for column in range(1, len(style.columns) + 1) if style.number_row else ():
        sheet.cell(row, column, column).font = Font(italic=True)
    return row + 1 if style.number_row else row


def _format_table(sheet: Worksheet, columns: tuple[str, ...], header_row: int, last_row: int) -> None:
    """Gives the table what an officer gives it: borders, wrapped text, column widths."""
    border = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
    for row in sheet.iter_rows(min_row=header_row, max_row=last_row, max_col=len(columns)):
        for cell in row:
            cell.border = border
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    for column, key in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(column)].width = _WIDTHS[key]


def _write_footer(sheet: Worksheet, submission: _Submission, row: int, width: int) -> None:
    """Writes the place and date line, the signature titles and the signers' names below the table."""
    right, day = max(width - 1, 3), submission.submitted
    town = pools.split_unit(submission.district)[1]  # "Trà Vinh", "Càng Long" ...
    dated = sheet.cell(row, right, f"{town}, ngày {day.day} tháng {day.month} năm {day.year}")
    dated.font = Font(italic=True)
    sheet.cell(row + 1, 2, "Người lập biểu").font = Font(bold=True)
    sheet.cell(row + 1, right, "CHỦ TỊCH").font = Font(bold=True)
    sheet.cell(row + 5, 2, submission.signers[0])
    sheet.cell(row + 5, right, submission.signers[1])


def _write_summary(sheet: Worksheet, submission: _Submission) -> None:
    """Writes the district's summary sheet: counts per commune, no member table."""
    sheet.title = "Tổng hợp"
    sheet["A1"] = f"UBND {submission.district.upper()}"
    sheet["A3"] = "TỔNG HỢP SỐ LƯỢNG TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"
    sheet.append([])
    sheet.append(["STT", "Đơn vị", "Số ấp, khóm có tổ", "Số tổ", "Số thành viên"])
    for number, block in enumerate(submission.blocks, 1):
        sheet.append([number, block.label, len(block.teams), len(block.teams), block.rows])
    teams = sum(len(block.teams) for block in submission.blocks)
    sheet.append(["", "Tổng cộng", teams, teams, sum(block.rows for block in submission.blocks)])


def _fact(kind: str, **detail: object) -> PlantedFact:
    """Returns a fact about the inbox as a whole, not about one file."""
    return PlantedFact(kind, "", "", None, detail)


def _file_fact(submission: _Submission, status: str) -> PlantedFact:
    """Returns what a file holds: district, data rows, teams, communes, sheets, modification time."""
    sheets = (["Tổng hợp"] if submission.summary_sheet else []) + [t for t, _ in _sheet_groups(submission)]
    blocks = submission.blocks
    detail = {"district": submission.district, "status": status, "rows": sum(b.rows for b in blocks),
              "teams": sum(len(b.teams) for b in blocks), "communes": tuple(b.commune for b in blocks),
              "sheets": tuple(sheets), "modified": submission.submitted.isoformat()}  # fmt: skip
    return PlantedFact("file", submission.path, "", None, detail)


def _submission_facts(submissions: list[_Submission], copy: _Submission) -> list[PlantedFact]:
    """Returns the facts about files: the superseded commune, the file dropped twice, the late one."""
    older, late, correction = submissions[0], submissions[-2], submissions[-1]
    replaced = next(block for block in older.blocks if not block.counted)
    sheet = next(title for title, blocks in _sheet_groups(older) if replaced in blocks)
    superseded = {"district": older.district, "commune": replaced.commune, "by": correction.path}
    late_detail = {"district": late.district, "submitted": late.submitted.isoformat(), "deadline": DEADLINE}
    original = {"district": copy.district, "original": submissions[1].path}
    return [
        PlantedFact("superseded_file", older.path, sheet, None, superseded | {"rows": replaced.rows}),
        PlantedFact("duplicate_file", copy.path, "", None, original),
        PlantedFact("late_district", late.path, "", None, late_detail),
    ]


def _coverage_facts(
    units: dict, submissions: list[_Submission], skipped: set, missing: str | None, row_facts: list
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

"""Plans a benchmark inbox from the registry's communes: which files, which teams and members, how written.

Every cell comes from one seeded random generator, so the same communes and seed give the same inbox.
The mess is what the field sends, at a few percent: phones in many notations, roles in variants, names
in capitals, the same person listed twice, a few bad phones and rows without a name, corrected files.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from itertools import groupby

from pipeline.demo import pools

from .places import Commune

TEAM_SIZES = (3, 4, 5, 5, 6, 6)
_BASE_TIME = 1_660_600_000.0  # 2022-08-16 in Vietnam: the first files arrive then


@dataclass(frozen=True)
class Member:
    """One data row as written: name, role, phone cell (text, number or empty), note."""

    name: str
    role: str
    phone: str | int | float | None
    note: str = ""


@dataclass(frozen=True)
class TeamRows:
    label: str  # team name as written
    hamlet: str  # the Ấp/Khóm column, where the file has one
    members: tuple[Member, ...]


@dataclass(frozen=True)
class Block:
    """One commune as one file lists it."""

    label: str  # commune as written
    name: str  # commune as in the registry (sheet titles)
    teams: tuple[TeamRows, ...]

    @property
    def rows(self) -> int:
        """Returns the number of data rows of the commune."""
        return sum(len(team.members) for team in self.teams)


@dataclass(frozen=True)
class FilePlan:
    """One file of the inbox: where it goes, its layout, its communes and its modification time."""

    path: str  # relative to the inbox
    district: str
    layout: int  # index into workbook.LAYOUTS
    blocks: tuple[Block, ...]
    mtime: float

    @property
    def rows(self) -> int:
        """Returns the number of data rows of the file."""
        return sum(block.rows for block in self.blocks)


def plan_inbox(
    communes: list[Commune],
    seed: int,
    *,
    province_folders: bool,
    communes_per_file: tuple[int, ...],
    correction_share: float,
) -> list[FilePlan]:
    """Returns the files of an inbox: each district's communes split into files, then some corrections."""
    rng = random.Random(seed)
    planner = _Planner(rng)
    plans: list[FilePlan] = []
    accented: dict[str, bool] = {}  # one way of naming the folders per province
    for (province, district), group in groupby(communes, key=lambda c: (c.province, c.district)):
        members = list(group)
        parts = [province, district] if province_folders else [district]
        with_marks = accented.setdefault(province, rng.random() < 0.4)
        folder = "/".join(part if with_marks else pools.ascii_text(part) for part in parts)
        count = max(1, round(len(members) / rng.choice(communes_per_file)))
        for index, chunk in enumerate(_chunks(members, count)):
            plans.append(planner.file(folder, district, chunk, index, len(plans)))
    corrections = [planner.correction(plan) for plan in plans if rng.random() < correction_share]
    return plans + corrections


def _chunks(items: list[Commune], count: int) -> list[list[Commune]]:
    """Returns the items in `count` consecutive chunks of nearly equal size."""
    size, extra = divmod(len(items), count)
    chunks, start = [], 0
    for index in range(count):
        end = start + size + (index < extra)
        chunks.append(items[start:end])
        start = end
    return chunks


class _Planner:
    """Decides the cells of the files from one seeded random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def file(self, folder: str, district: str, communes: list[Commune], index: int, serial: int) -> FilePlan:
        """Returns the plan of one file holding the given communes of one district."""
        rng = self.rng
        blocks = tuple(self.block(commune) for commune in communes)
        if len(communes) == 1:
            name = f"Mau 2 - {pools.ascii_text(communes[0].name)}"
        else:
            name = f"DS To CNSCD {pools.ascii_text(district)} ({index + 1})"
        mtime = _BASE_TIME + serial * 60 + rng.randrange(3600)
        return FilePlan(f"{folder}/{name}.xlsx", district, rng.randrange(4), blocks, mtime)

    def correction(self, plan: FilePlan) -> FilePlan:
        """Returns a corrected re-submission of one commune of a file, a day later, one member more."""
        block = self.rng.choice(plan.blocks)
        first = block.teams[0]
        fixed = replace(first, members=first.members + (self.member("member", first.hamlet),))
        blocks = (replace(block, teams=(fixed, *block.teams[1:])),)
        path = plan.path.removesuffix(".xlsx") + " (sửa lần 2).xlsx"
        return replace(plan, path=path, blocks=blocks, mtime=plan.mtime + 86_400)

    def block(self, commune: Commune) -> Block:
        """Returns one commune's teams: most hamlets covered, a few left without a team."""
        rng = self.rng
        covered = [hamlet for hamlet in commune.hamlets if rng.random() >= 0.05]
        teams = tuple(self.team(hamlet, number) for number, hamlet in enumerate(covered, 1))
        return Block(self.commune_label(commune), commune.name, teams)

    def commune_label(self, commune: Commune) -> str:
        """Returns the commune as written: its registry name, sometimes with its district or "UBND"."""
        draw = self.rng.random()
        if draw < 0.2:
            unit, bare = pools.split_unit(commune.district)
            return f"{commune.name}, {unit.lower()} {bare}".replace(" ,", ",")
        return f"UBND {commune.name}" if draw < 0.3 else commune.name

    def team(self, hamlet: str, number: int) -> TeamRows:
        """Returns the team of one hamlet: a Tổ trưởng, a Tổ phó and Tổ viên; sometimes a person twice."""
        rng = self.rng
        roles = ["leader", "deputy"] + ["member"] * (rng.choice(TEAM_SIZES) - 2)
        members = [self.member(role, hamlet) for role in roles]
        if rng.random() < 0.04:  # the same person listed again right below, the phone written another way
            twin = members[-1]
            members.append(replace(twin, phone=self.phone_text(twin.phone)))
        if rng.random() < 0.01:  # a row without a name: rejected
            members.append(Member("", "Tổ viên", self.phone()))
        forms = (
            f"Tổ CNSCĐ {hamlet.lower()}",
            f"Tổ công nghệ số cộng đồng {hamlet}",
            hamlet,
            f"Tổ CNS {hamlet}",
        )
        return TeamRows(rng.choice(forms), hamlet, tuple(members))

    def member(self, role: str, hamlet: str) -> Member:
        """Returns one member as written: a name (sometimes in capitals), a role variant, a phone cell."""
        rng = self.rng
        name = pools.person_name(rng)
        name = name.upper() if rng.random() < 0.03 else name
        hamlet_word = hamlet.split()[0].lower()
        role_text = pools.ROLE_FORMS[role][rng.randrange(6)].format(hamlet=hamlet_word)
        note = rng.choice(pools.MEMBER_NOTES)
        return Member(name, role_text, self.phone(), note)

    def phone(self) -> str | int | float | None:
        """Returns a phone cell: a mobile in one of many notations, at a few percent something else."""
        rng = self.rng
        nsn = pools.mobile_nsn(rng)
        draw = rng.random()
        if draw < 0.01:
            return pools.national(nsn)[:-1]  # a digit short: invalid
        if draw < 0.015:
            return f"0294 {rng.randrange(10**7):07d}"[:13]  # a landline
        if draw < 0.02:
            return rng.choice(("không có", None))
        if draw < 0.025:
            return f"{pools.national(nsn)} - {pools.national(pools.mobile_nsn(rng))}"  # two numbers
        if draw < 0.03:
            return float(nsn)  # a number cell that Excel stored as a float
        return pools.phone_as_written(nsn, rng.randrange(8))

    def phone_text(self, phone: object) -> str | int:
        """Returns the same mobile in another notation (the last nine digits of `phone`)."""
        digits = "".join(ch for ch in str(int(phone) if isinstance(phone, float) else phone) if ch.isdigit())
        nsn = digits[-9:] if len(digits) >= 9 else pools.mobile_nsn(self.rng)
        return pools.phone_as_written(nsn, self.rng.randrange(8))

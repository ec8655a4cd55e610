"""Independent QA check for issue 8: every figure of one run must agree everywhere it is shown.

Written by an independent QA session from the product contract only (SPEC, the seed letter, README and
the embedded registry CSV), without reading the pipeline's code or tests; it found the disagreements
issue 8 names (members with a steering group, warnings on rejected rows). Runs the real CLI in process.

Each inbox below is built in code with openpyxl (deterministic, no randomness), in the Mẫu 2 layout
of the seed letter: title rows, the header
``TT | Tên xã/phường/thị trấn | Tên Tổ công nghệ số cộng đồng | Họ tên | Chức vụ | Điện thoại di động
(đã đăng ký Zalo)``, commune and team written on the first row of each team only, footer rows.
Every inbox carries its planted truth (rows accepted / rejected / merged / superseded, hamlets that
must be covered), and the test asserts

* agreement: CLI summary == summary.json totals == ``Tổng quan`` == totals rows of ``Theo huyện`` /
  ``Theo xã`` == row count of danh-sach.csv == row count of ``Danh sách tổ``; rows of
  ``Ấp chưa có tổ`` == len(summary.gaps); issues listed in ``Lỗi cần sửa`` == error / warning
  counts shown; rows_read = accepted + rejected + merged + superseded per file and in total;
* truth: the figures equal what was planted (SPEC section cited at every expectation).

Decisions taken from the SPEC (written down, as the brief asks):

* members = people accepted = rows of danh-sach.csv (SPEC §5: "the consolidated member list";
  §8 row accounting: accepted == "in danh-sach.csv").  Rows of a steering group ("Tổ chỉ đạo ...")
  carry only a *warning* (team_not_hamlet, README code table) and SPEC §8 says a warning row "is
  counted", so its members ARE members; they only do not count for coverage.
* teams = distinct (district, commune, team) among accepted rows — the steering group included,
  since its rows are counted; hamlets_covered only counts hamlet teams (SPEC §8 Coverage).
* gaps = registry hamlets - hamlets covered (SPEC §8 Coverage, §5 "gap report").
* errors / warnings = number of issues of that severity in summary.json ``issues`` (SPEC §7), which
  must be the number listed in ``Lỗi cần sửa`` and the number printed / shown.  Whether a warning
  on a rejected row is listed at all is not fixed by the SPEC; only that every place agrees.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from fixtures_mau2 import HEADER

import pipeline.places
from pipeline.cli import cli

pytestmark = pytest.mark.xdist_group("figures")  # one worker runs each inbox once for all its tests

REGISTRY_CSV = Path(pipeline.places.__file__).parent / "data" / "registry_tra_vinh_2022.csv"


# --------------------------------------------------------------------------- registry


def load_registry() -> dict[tuple[str, str], list[str]]:
    reg: dict[tuple[str, str], list[str]] = {}
    with REGISTRY_CSV.open(encoding="utf-8-sig", newline="") as fh:
        for r in csv.DictReader(fh):
            reg.setdefault((r["district"], r["commune"]), []).append(r["hamlet"])
    return reg


REGISTRY = load_registry()
REGISTRY_HAMLETS = sum(len(v) for v in REGISTRY.values())


def fold(s: str) -> str:
    """Lower-case, strip diacritics, collapse spaces: for loose label / name matching."""
    s = unicodedata.normalize("NFD", str(s or "")).replace("đ", "d").replace("Đ", "D")
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", s).strip().lower()


# --------------------------------------------------------------------------- building inboxes

_phone_counter = [0]


def mobile() -> str:
    """A fresh, valid, distinct Viettel-style mobile number written as Vietnamese write it."""
    _phone_counter[0] += 1
    n = _phone_counter[0]
    return f"0912 {300 + n // 1000:03d} {n % 1000:03d}"


LANDLINE = "0294 3850 853"  # the Sở's own landline from the seed letter


@dataclass
class Row:
    name: str | None
    role: str | None
    phone: str | None


@dataclass
class Team:
    commune_text: str
    team_text: str
    rows: list[Row]


@dataclass
class Expect:
    """The planted truth of one inbox (whole run)."""

    files: int
    files_processed: int | None  # None: the SPEC does not fix it for this inbox (not checked)
    rows_read: int
    accepted: int
    rejected: int
    merged: int
    superseded: int
    covered: set[tuple[str, str, str]]  # (district, commune, hamlet)
    communes_submitted: int
    districts_submitted: int
    teams: int
    per_file: dict[str, dict[str, int]] = field(default_factory=dict)  # file-name substring -> counts
    min_warnings: dict[str, int] = field(default_factory=dict)  # code -> at least n issues
    min_errors: dict[str, int] = field(default_factory=dict)


def write_mau2(path: Path, title2: str, teams: list[Team], mtime: dt.datetime | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Mau 2"
    ws.append(["DANH SÁCH VÀ THÔNG TIN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"])
    ws.append([title2])
    ws.append([])
    ws.append(HEADER)
    for i, team in enumerate(teams, start=1):
        for j, r in enumerate(team.rows):
            first = j == 0
            ws.append(
                [
                    i if first else None,
                    team.commune_text if first else None,
                    team.team_text if first else None,
                    r.name,
                    r.role,
                    r.phone,
                ]
            )
    ws.append([])
    ws.append([None, "Người lập biểu", None, None, "CHỦ TỊCH"])
    wb.save(path)
    if mtime is not None:
        ts = mtime.replace(tzinfo=dt.timezone(dt.timedelta(hours=7))).timestamp()
        os.utime(path, (ts, ts))


def hamlet_team(
    commune: str,
    hamlet: str,
    names: list[str],
    *,
    deputy: bool = True,
    phones: list[str | None] | None = None,
    prefix: str = "Tổ công nghệ số cộng đồng",
) -> Team:
    """A hamlet team: first name Tổ trưởng, second Tổ phó (unless deputy=False), then Tổ viên."""
    rows = []
    for k, nm in enumerate(names):
        role = "Tổ trưởng" if k == 0 else ("Tổ phó" if k == 1 and deputy else "Tổ viên")
        ph = phones[k] if phones is not None else mobile()
        rows.append(Row(nm, role, ph))
    return Team(commune, f"{prefix} {hamlet.replace('Ấp', 'ấp').replace('Khóm', 'khóm')}", rows)


T0 = dt.datetime(2022, 8, 20, 9, 0)


def inbox_steering(root: Path) -> Expect:
    """Càng Long / Xã Huyền Hội: two hamlet teams beside a steering group (Tổ chỉ đạo xã ...)."""
    _phone_counter[0] = 0  # fixed numbering per inbox: deterministic, distinct across inboxes
    d, c = "Huyện Càng Long", "Xã Huyền Hội"
    teams = [
        hamlet_team(
            "Xã Huyền Hội", "Ấp Bình Hội", ["Nguyễn Văn An", "Trần Thị Bích", "Lê Văn Cường", "Phạm Thị Dung"]
        ),
        hamlet_team("", "Ấp Cầu Xây", ["Võ Văn Em", "Huỳnh Thị Phượng", "Đặng Văn Giàu"]),
        Team(
            "",
            "Tổ chỉ đạo xã Huyền Hội",
            [
                Row("Thạch Văn Hải", "Tổ trưởng", mobile()),
                Row("Kim Thị Hoa", "Tổ phó", mobile()),
                Row("Sơn Văn Khánh", "Tổ viên", mobile()),
            ],
        ),
    ]
    write_mau2(root / d / "Mau 2 - Xa Huyen Hoi.xlsx", "xã Huyền Hội, huyện Càng Long", teams, T0)
    return Expect(
        files=1,
        files_processed=1,
        rows_read=10,
        accepted=10,  # SPEC §8: team_not_hamlet is a warning -> the 3 steering rows are counted
        rejected=0,
        merged=0,
        superseded=0,
        covered={(d, c, "Ấp Bình Hội"), (d, c, "Ấp Cầu Xây")},  # §8 Coverage: not the steering group
        communes_submitted=1,
        districts_submitted=1,
        teams=3,  # 2 hamlet teams + the steering group (its members are counted, see module doc)
        per_file={"Huyen Hoi": dict(read=10, accepted=10, rejected=0, merged=0, superseded=0)},
        min_warnings={"team_not_hamlet": 1},
    )


def inbox_rejects(root: Path) -> Expect:
    """Cầu Kè / Xã Hòa Ân: rejected rows that also carry warnings, a merge, landline, missing phone,
    a team without Tổ phó."""
    _phone_counter[0] = 100  # fixed numbering per inbox: deterministic, distinct across inboxes
    d, c = "Huyện Cầu Kè", "Xã Hòa Ân"
    dup_phone = mobile()
    team1 = Team(
        "Xã Hòa Ân",
        "Tổ công nghệ số cộng đồng ấp Bà My",
        [
            Row("Nguyễn Thị Lan", "Tổ trưởng", mobile()),
            Row("Trần Văn Minh", "Tổ phó", LANDLINE),  # warning phone_landline, accepted
            Row("Lê Thị Ngọc", "Tổ viên", None),  # warning phone_missing, accepted
            Row(None, "Tổ viên", LANDLINE),  # error name_missing (+ landline warning?)
            Row("Phạm Văn Oanh", "Tổ viên", mobile()),
        ],
    )
    team2 = Team(
        "",
        "Tổ CNSCĐ ấp Giồng Dầu",
        [
            Row("Võ Văn Phúc", "Tổ trưởng", mobile()),
            Row("Huỳnh Thị Quyên", "Tổ viên", dup_phone),
            Row("Đặng Văn Sang", "Tổ viên", mobile()),
            Row("HUỲNH THỊ QUYÊN", "Tổ viên", dup_phone),  # same person, same phone: merged
        ],
    )  # no Tổ phó: team_no_deputy warning
    team3 = Team(
        "Xã Không Có Thật, huyện Cầu Kè",
        "Tổ công nghệ số cộng đồng ấp Bà My",
        [
            Row("Kim Văn Tâm", "Tổ trưởng", None),  # error commune_unknown (+ phone_missing)
        ],
    )
    write_mau2(root / d / "Cau Ke - Xa Hoa An.xlsx", "xã Hòa Ân, huyện Cầu Kè", [team1, team2, team3], T0)
    return Expect(
        files=1,
        files_processed=1,
        rows_read=10,
        accepted=7,  # 4 of Bà My + 3 distinct people of Giồng Dầu
        rejected=2,  # §8 Severity: no person name; commune that cannot be resolved
        merged=1,  # §8 De-duplication: same normalised name + same phone in the commune
        superseded=0,
        covered={(d, c, "Ấp Bà My"), (d, c, "Ấp Giồng Dầu")},
        communes_submitted=1,
        districts_submitted=1,
        teams=2,
        per_file={"Hoa An": dict(read=10, accepted=7, rejected=2, merged=1, superseded=0)},
        min_warnings={"phone_landline": 1, "phone_missing": 1, "team_no_deputy": 1},
        min_errors={"name_missing": 1, "commune_unknown": 1},
    )


def inbox_resubmit(root: Path) -> Expect:
    """Châu Thành: a first file with two communes, then a corrected file (sửa lần 2) with one of them."""
    _phone_counter[0] = 200  # fixed numbering per inbox: deterministic, distinct across inboxes
    d = "Huyện Châu Thành"
    hm, lh = "Xã Hòa Minh", "Xã Long Hòa"
    a_names = ["Nguyễn Văn Út", "Trần Thị Vân", "Lê Văn Xuân"]
    a_phones = [mobile(), mobile(), mobile()]
    first = [
        hamlet_team(hm, "Ấp Chông Bát", a_names, phones=a_phones),
        # a missing phone on a row that will be superseded: wherever its warning is (or is not)
        # counted, every place must count it the same way (issue 8)
        hamlet_team(
            "",
            "Ấp Cây Da",
            ["Phạm Văn Yên", "Võ Thị Ánh", "Huỳnh Văn Bảo"],
            phones=[mobile(), None, mobile()],
        ),
        hamlet_team(lh, "Ấp Bưng Lớn A", ["Đặng Thị Châu", "Thạch Văn Dũng", "Kim Thị Duyên"]),
    ]
    write_mau2(root / d / "Chau Thanh - Mau 2.xlsx", "huyện Châu Thành", first, T0)
    second = [
        hamlet_team(hm, "Ấp Chông Bát", a_names + ["Sơn Thị Giang"], phones=a_phones + [mobile()]),
        hamlet_team("", "Ấp Nhà Thờ", ["Lý Văn Hậu", "Dương Thị Hiền", "Tăng Văn Hùng"]),
    ]
    write_mau2(
        root / d / "Chau Thanh - Mau 2 (sửa lần 2).xlsx",
        "xã Hòa Minh, huyện Châu Thành",
        second,
        T0 + dt.timedelta(days=5),
    )
    return Expect(
        files=2,
        files_processed=2,
        rows_read=16,
        accepted=10,  # Long Hòa 3 from the first file + 7 of the corrected file
        rejected=0,
        merged=0,
        superseded=6,  # §8 Supersession: the 6 Hòa Minh rows of the first file (not merges)
        covered={(d, hm, "Ấp Chông Bát"), (d, hm, "Ấp Nhà Thờ"), (d, lh, "Ấp Bưng Lớn A")},
        # Ấp Cây Da is NOT covered any more: only the newest submission of Hòa Minh counts
        communes_submitted=2,
        districts_submitted=1,
        teams=3,
        per_file={
            "Mau 2.xlsx": dict(read=9, accepted=3, rejected=0, merged=0, superseded=6),
            "sửa lần 2": dict(read=7, accepted=7, rejected=0, merged=0, superseded=0),
        },
    )


def inbox_unreadable(root: Path) -> Expect:
    """Trà Cú: one good file for Xã Hàm Tân and one garbage file named .xlsx."""
    _phone_counter[0] = 300  # fixed numbering per inbox: deterministic, distinct across inboxes
    d, c = "Huyện Trà Cú", "Xã Hàm Tân"
    teams = [
        hamlet_team(c, "Ấp Giồng Giữa", ["Thạch Thị Kiều", "Sơn Văn Lực", "Kim Thị Mỹ"]),
        hamlet_team("", "Ấp Rạch Dừa", ["Lâm Văn Nam", "Triệu Thị Nga", "Thạch Văn Nhân"]),
    ]
    write_mau2(root / d / "Tra Cu - Ham Tan.xlsx", "xã Hàm Tân, huyện Trà Cú", teams, T0)
    bad = root / d / "Tra Cu - bao cao.xlsx"
    bad.write_bytes(bytes((i * 37 + 11) % 256 for i in range(4096)))
    ts = T0.replace(tzinfo=dt.timezone(dt.timedelta(hours=7))).timestamp()
    os.utime(bad, (ts, ts))
    return Expect(
        files=2,
        files_processed=1,
        rows_read=6,
        accepted=6,
        rejected=0,
        merged=0,
        superseded=0,
        covered={(d, c, "Ấp Giồng Giữa"), (d, c, "Ấp Rạch Dừa")},
        communes_submitted=1,
        districts_submitted=1,
        teams=2,
        per_file={
            "Ham Tan": dict(read=6, accepted=6, rejected=0, merged=0, superseded=0),
            "bao cao": dict(read=0, accepted=0, rejected=0, merged=0, superseded=0),
        },
        min_errors={"file_unreadable": 1},
    )


def inbox_merges(root: Path) -> Expect:
    """Tiểu Cần: merges across teams / with a missing phone, the same person in another commune (no
    merge), an identical copy of the file; and a file at the inbox root (no district folder) for
    Xã Long Đức, which exists in one district only."""
    _phone_counter[0] = 400  # fixed numbering per inbox: deterministic, distinct across inboxes
    d, ht, hg = "Huyện Tiểu Cần", "Xã Hiếu Tử", "Xã Hiếu Trung"
    p_phat, p_que, p_rang = mobile(), mobile(), mobile()
    teams = [
        Team(
            "Xã Hiếu Tử",
            "Tổ công nghệ số cộng đồng ấp Chợ",
            [
                Row("Lâm Văn Phát", "Tổ trưởng", p_phat),
                Row("Châu Thị Quế", "Tổ phó", p_que),
                Row("Trương Văn Rạng", "Tổ viên", p_rang),
                Row("Châu Thị Quế", "Tổ viên", None),  # same name, same team, one phone missing: merged
            ],
        ),
        Team(
            "",
            "Tổ công nghệ số cộng đồng ấp Lò Ngò",
            [
                Row("Trương Văn Rạng", "Tổ trưởng", p_rang),  # same name + phone in the commune: merged,
                Row("Ông Thị Sen", "Tổ phó", mobile()),  # kept here (highest role)
                Row("Mạc Văn Tài", "Tổ viên", mobile()),
            ],
        ),
        Team(
            "Xã Hiếu Trung",
            "Tổ công nghệ số cộng đồng ấp Bình Tân",
            [
                Row("Lâm Văn Phát", "Tổ trưởng", p_phat),  # other commune: a different person, no merge
                Row("Quách Thị Uyên", "Tổ phó", mobile()),
                Row("Giang Văn Vĩnh", "Tổ viên", mobile()),
            ],
        ),
    ]
    f = root / d / "Tieu Can - Mau 2.xlsx"
    write_mau2(f, "huyện Tiểu Cần", teams, T0)
    copy = root / d / "Tieu Can - Mau 2 - ban sao.xlsx"
    copy.write_bytes(f.read_bytes())
    os.utime(copy, (f.stat().st_atime, f.stat().st_mtime + 3600))
    ld, tv = "Xã Long Đức", "Thành phố Trà Vinh"
    write_mau2(
        root / "danh sach to CNS.xlsx",
        "xã Long Đức",
        [
            hamlet_team(ld, "Ấp An Hòa", ["Hồ Văn Xuyên", "Tô Thị Yến", "Lữ Văn Ẩn"]),
            hamlet_team("", "Ấp Bến Cát", ["Ngô Thị Bé", "Mai Văn Cảnh", "Tạ Thị Đào"]),
        ],
        T0,
    )
    return Expect(
        files=3,
        files_processed=None,  # whether a duplicate copy counts as "processed" is not fixed by the SPEC
        rows_read=16,  # §8: identical files (same SHA-256) are read once -> 10 + 6
        accepted=14,
        rejected=0,
        merged=2,  # §8 De-duplication: Quế (one phone missing, same team), Rạng (same name+phone)
        superseded=0,
        covered={
            (d, ht, "Ấp Chợ"),
            (d, ht, "Ấp Lò Ngò"),
            (d, hg, "Ấp Bình Tân"),
            (tv, ld, "Ấp An Hòa"),
            (tv, ld, "Ấp Bến Cát"),
        },
        communes_submitted=3,
        districts_submitted=2,  # §8 Resolution: Xã Long Đức resolves to Thành phố Trà Vinh
        teams=5,
        per_file={
            "Tieu Can - Mau 2.xlsx": dict(read=10, accepted=8, rejected=0, merged=2, superseded=0),
            "ban sao": dict(read=0, accepted=0, rejected=0, merged=0, superseded=0),
            "danh sach to CNS": dict(read=6, accepted=6, rejected=0, merged=0, superseded=0),
        },
    )


def inbox_all(root: Path) -> Expect:
    """All of the above in one inbox (four districts)."""
    parts = [f(root) for f in (inbox_steering, inbox_rejects, inbox_resubmit, inbox_unreadable)]
    e = Expect(
        files=sum(p.files for p in parts),
        files_processed=sum(p.files_processed for p in parts),
        rows_read=sum(p.rows_read for p in parts),
        accepted=sum(p.accepted for p in parts),
        rejected=sum(p.rejected for p in parts),
        merged=sum(p.merged for p in parts),
        superseded=sum(p.superseded for p in parts),
        covered=set().union(*(p.covered for p in parts)),
        communes_submitted=sum(p.communes_submitted for p in parts),
        districts_submitted=sum(p.districts_submitted for p in parts),
        teams=sum(p.teams for p in parts),
    )
    for p in parts:
        e.per_file.update(p.per_file)
        for k, v in p.min_warnings.items():
            e.min_warnings[k] = e.min_warnings.get(k, 0) + v
        for k, v in p.min_errors.items():
            e.min_errors[k] = e.min_errors.get(k, 0) + v
    return e


INBOXES = {
    "steering": inbox_steering,
    "rejects": inbox_rejects,
    "resubmit": inbox_resubmit,
    "unreadable": inbox_unreadable,
    "merges": inbox_merges,
    "all": inbox_all,
}


# --------------------------------------------------------------------------- running the tool


@dataclass
class Run:
    name: str
    expect: Expect
    inbox: Path
    outbox: Path
    rc: int
    stdout: str
    stderr: str
    summary: dict | None = None
    csv_rows: list[dict] = field(default_factory=list)
    sheets: dict[str, list[tuple]] = field(default_factory=dict)
    feedback: dict[str, dict[str, list[tuple]]] = field(default_factory=dict)


_RUNS: dict[str, Run] = {}


def _read_book(path: Path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
    try:
        return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()


def get_run(name: str, tmp_root: Path) -> Run:
    if name in _RUNS:
        return _RUNS[name]
    root = tmp_root / name
    inbox, outbox = root / "inbox", root / "outbox"
    inbox.mkdir(parents=True)
    expect = INBOXES[name](inbox)
    arguments = ["consolidate", "--inbox", str(inbox), "--outbox", str(outbox)]
    arguments += ["--as-of", "2022-08-30", "--deadline", "2022-08-27"]
    p = CliRunner().invoke(cli, arguments)
    run = Run(name, expect, inbox, outbox, p.exit_code, p.stdout, p.stderr)
    if p.exit_code == 0:
        run.summary = json.loads((outbox / "summary.json").read_text(encoding="utf-8"))
        raw = (outbox / "danh-sach.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), "SPEC §5: danh-sach.csv is UTF-8 with BOM"
        run.csv_rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
        run.sheets = _read_book(outbox / "tong-hop.xlsx")
        for f in sorted((outbox / "phan-hoi").glob("*.xlsx")):
            run.feedback[f.stem] = _read_book(f)
    _RUNS[name] = run
    return run


@pytest.fixture(scope="module", params=list(INBOXES))
def run(request, tmp_path_factory) -> Run:
    r = get_run(request.param, tmp_path_factory.getbasetemp() / "qa_runs")
    # SPEC §4: exit code 0 = outputs written; data problems are reported in the outputs.
    assert r.rc == 0, f"[{r.name}] exit code {r.rc}\nstdout:\n{r.stdout}\nstderr:\n{r.stderr[-3000:]}"
    return r


# --------------------------------------------------------------------------- reading figures back


def _num(v) -> int | None:
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float)):
        return int(v)
    m = re.fullmatch(r"\s*(\d+)\s*", str(v))
    return int(m.group(1)) if m else None


def cli_figures(stdout: str) -> dict[str, int]:
    """Figures of the one-screen summary, found by Vietnamese keywords (matched without diacritics)."""
    t = fold(stdout)
    pats = {
        "files": r"\btep:\s*(\d+)",
        "files_processed": r"da xu ly\s*(\d+)",
        "rows_read": r"\bdong\b[^:\n]*:\s*(\d+)",
        "rows_accepted": r"\bnhan\s+(\d+)",
        "rows_rejected": r"\bloai\s+(\d+)",
        "rows_merged": r"\bgop[^\d\n,]*(\d+)",
        "rows_superseded": r"thay the\s+(\d+)",
        "districts_submitted": r"huyen da gui:\s*(\d+)",
        "communes_submitted": r"\bxa da gui:\s*(\d+)",
        "hamlets_covered": r"co to:\s*(\d+)\s*/",
        "hamlets_total": r"co to:\s*\d+\s*/\s*(\d+)",
        "teams": r"(\d+)\s+to\b(?!\s*chuc)",
        "members": r"(\d+)\s+thanh vien",
        "errors": r"\bloi:\s*(\d+)",
        "warnings": r"canh bao:\s*(\d+)",
    }
    out = {}
    for k, p in pats.items():
        m = re.search(p, t)
        if m:
            out[k] = int(m.group(1))
    return out


def overview_figures(rows: list[tuple]) -> dict[str, int]:
    """Key figures of `Tổng quan`: label in column A, number in column B, matched by keywords."""
    keys = {  # figure -> (keywords that must all be in the folded label, keywords that must not)
        "files": (("tep", "nhan"), ()),
        "files_processed": (("tep", "xu ly"), ()),
        "rows_read": (("dong", "doc"), ()),
        "rows_accepted": (("dong", "chap nhan"), ()),
        "rows_rejected": (("dong", "loai"), ()),
        "rows_merged": (("dong", "gop"), ()),
        "rows_superseded": (("dong", "thay"), ()),
        "districts_submitted": (("huyen", "da gui"), ("chua",)),
        "communes_submitted": (("xa", "da gui"), ("huyen", "chua")),
        "hamlets_covered": (("ap", "co to"), ("chua",)),
        "teams": (("so to",), ()),
        "members": (("thanh vien",), ()),
        "errors": (("loi",), ("canh bao", "dong")),
        "warnings": (("canh bao",), ()),
    }
    labelled = []
    for r in rows:
        if not r or r[0] is None or len(r) < 2:
            continue
        lab = fold(r[0])
        if lab == "huyen":  # the per-district table below the key figures starts here
            break
        if _num(r[1]) is not None:
            labelled.append((lab, _num(r[1])))
    out = {}
    for k, (need, never) in keys.items():
        hits = [
            v
            for lab, v in labelled
            if all(n in lab for n in need)
            and not any(x in lab for x in never)
            and (k != "errors" or lab.startswith("loi"))
        ]
        if len(hits) == 1:
            out[k] = hits[0]
        elif len(hits) > 1:
            raise AssertionError(f"label for {k} is ambiguous in Tổng quan: {labelled}")
    return out


def table(rows: list[tuple], header_keyword: str) -> tuple[list[str], list[tuple]]:
    """(folded header, data rows) of a sheet whose header row has a cell containing header_keyword."""
    for i, r in enumerate(rows):
        if any(header_keyword in fold(c) for c in r if c is not None):
            hdr = [fold(c) for c in r]
            data = [x for x in rows[i + 1 :] if any(c not in (None, "") for c in x)]
            return hdr, data
    raise AssertionError(f"no header with {header_keyword!r}")


def col(hdr: list[str], *need: str, never: tuple[str, ...] = ()) -> int:
    hits = [i for i, h in enumerate(hdr) if all(n in h for n in need) and not any(x in h for x in never)]
    assert len(hits) == 1, f"column {need} not unique in {hdr}"
    return hits[0]


def sev_counts(issues: list[dict]) -> dict[str, int]:
    out = {"error": 0, "warning": 0, "info": 0}
    for i in issues:
        out[i["severity"]] = out.get(i["severity"], 0) + 1
    return out


SEV_VI = {"loi": "error", "canh bao": "warning", "thong tin": "info"}


def fix_sheet_counts(rows: list[tuple]) -> tuple[dict[str, int], list[tuple]]:
    hdr, data = table(rows, "ma loi")
    c = col(hdr, "muc do")
    data = [r for r in data if fold(r[c]) in SEV_VI]  # drops a "Không có lỗi cần sửa." placeholder
    out = {"error": 0, "warning": 0, "info": 0}
    for r in data:
        out[SEV_VI[fold(r[c])]] += 1
    return out, data


# --------------------------------------------------------------------------- the checks

TOTAL_KEYS = [
    "files",
    "files_processed",
    "rows_read",
    "rows_accepted",
    "rows_rejected",
    "rows_merged",
    "rows_superseded",
    "districts_submitted",
    "communes_submitted",
    "hamlets_covered",
    "teams",
    "members",
]


def _disagreements(places: dict[str, dict[str, int]], keys) -> list[str]:
    bad = []
    for k in keys:
        seen = {p: f[k] for p, f in places.items() if k in f}
        if len(set(seen.values())) > 1:
            bad.append(f"{k}: " + ", ".join(f"{p}={v}" for p, v in seen.items()))
    return bad


def test_cli_and_overview_and_json_agree(run: Run):
    """Issue 8: every figure is computed once; CLI, summary.json totals and `Tổng quan` show the same."""
    tot = run.summary["totals"]
    issues = sev_counts(run.summary["issues"])
    json_f = {**{k: tot[k] for k in TOTAL_KEYS}, "errors": issues["error"], "warnings": issues["warning"]}
    cli = cli_figures(run.stdout)
    ov = overview_figures(run.sheets["Tổng quan"])
    # every figure must be findable where the brief says it is shown
    rows_and_people = [
        k for k in TOTAL_KEYS if k.startswith(("files", "rows_")) or k in ("hamlets_covered", "members")
    ]
    for k in [*rows_and_people, "errors", "warnings"]:
        assert k in cli, f"[{run.name}] CLI summary: no figure for {k}\n{run.stdout}"
        assert k in ov, f"[{run.name}] Tổng quan: no figure for {k}"
    bad = _disagreements({"cli": cli, "summary.json": json_f, "Tổng quan": ov}, list(json_f))
    assert not bad, f"[{run.name}] figures disagree:\n  " + "\n  ".join(bad)


def test_members_are_the_accepted_rows(run: Run):
    """members = people accepted = rows of danh-sach.csv = rows of `Danh sách tổ` (SPEC §5, §8)."""
    tot = run.summary["totals"]
    hdr, data = table(run.sheets["Danh sách tổ"], "ho ten")
    name_c = col(hdr, "ho ten")
    listed = [r for r in data if r[name_c] not in (None, "")]
    places = {
        "summary.members": tot["members"],
        "summary.rows_accepted": tot["rows_accepted"],
        "danh-sach.csv rows": len(run.csv_rows),
        "Danh sách tổ rows": len(listed),
        "Tổng quan members": overview_figures(run.sheets["Tổng quan"]).get("members"),
        "CLI members": cli_figures(run.stdout).get("members"),
    }
    assert len(set(places.values())) == 1, f"[{run.name}] members disagree: {places}"


def test_row_accounting(run: Run):
    """SPEC §8: rows_read = accepted + rejected + merged + superseded, for every file and in total;
    the per-file figures add up to the totals, and `Nguồn dữ liệu` shows the same per-file figures."""
    tot = run.summary["totals"]
    parts = ["rows_accepted", "rows_rejected", "rows_merged", "rows_superseded"]
    assert tot["rows_read"] == sum(tot[p] for p in parts), f"[{run.name}] totals: {tot}"
    for f in run.summary["files"]:
        assert f["rows_read"] == sum(f[p] for p in parts), f"[{run.name}] file {f['path']}: {f}"
    for k in ["rows_read"] + parts:
        assert sum(f[k] for f in run.summary["files"]) == tot[k], f"[{run.name}] sum of files.{k} != total"
    assert len(run.summary["files"]) == tot["files"]
    hdr, data = table(run.sheets["Nguồn dữ liệu"], "tep")
    c_file = col(hdr, "tep", never=("ngay", "sha"))
    cols = {
        "rows_read": col(hdr, "dong doc"),
        "rows_accepted": col(hdr, "chap nhan"),
        "rows_rejected": col(hdr, "loai"),
        "rows_merged": col(hdr, "gop"),
        "rows_superseded": col(hdr, "thay"),
    }
    by_path = {f["path"]: f for f in run.summary["files"]}
    assert len(data) == len(by_path), (
        f"[{run.name}] Nguồn dữ liệu lists {len(data)} files, json {len(by_path)}"
    )
    for r in data:
        f = by_path[r[c_file]]
        for k, c in cols.items():
            assert (_num(r[c]) or 0) == f[k], f"[{run.name}] Nguồn dữ liệu {r[c_file]} {k}={r[c]} json={f[k]}"


def test_issue_lists_agree_with_counts(run: Run):
    """The issues listed in `Lỗi cần sửa` are the issues of summary.json, and the error / warning
    counts shown (CLI, Tổng quan) are the numbers listed; the district feedback workbooks list the
    same issues, district by district (SPEC §5, §7; issue 8)."""
    js = sev_counts(run.summary["issues"])
    listed, data = fix_sheet_counts(run.sheets["Lỗi cần sửa"])
    cli, ov = cli_figures(run.stdout), overview_figures(run.sheets["Tổng quan"])
    places = {
        "errors": {
            "summary.json issues": js["error"],
            "Lỗi cần sửa": listed["error"],
            "Tổng quan": ov.get("errors"),
            "CLI": cli.get("errors"),
        },
        "warnings": {
            "summary.json issues": js["warning"],
            "Lỗi cần sửa": listed["warning"],
            "Tổng quan": ov.get("warnings"),
            "CLI": cli.get("warnings"),
        },
    }
    bad = [f"{k}: {v}" for k, v in places.items() if len(set(v.values())) > 1]
    assert not bad, f"[{run.name}] issue counts disagree:\n  " + "\n  ".join(bad)
    # feedback workbooks: each district's own issues, all together the province's
    fb_total = {"error": 0, "warning": 0, "info": 0}
    for book in run.feedback.values():
        sheet = next(v for k, v in book.items() if "loi" in fold(k))
        c, _ = fix_sheet_counts(sheet)
        for k in fb_total:
            fb_total[k] += c[k]
    assert fb_total["error"] == listed["error"] and fb_total["warning"] == listed["warning"], (
        f"[{run.name}] phan-hoi lists {fb_total}, Lỗi cần sửa {listed}"
    )


def test_theo_huyen_and_theo_xa_totals(run: Run):
    """Totals rows of `Theo huyện` (and `Theo xã`, or the sum of its rows when it has no totals row)
    equal the summary.json totals; district and commune rows add up to them."""
    tot = run.summary["totals"]
    want = {
        "communes_submitted": tot["communes_submitted"],
        "hamlets_covered": tot["hamlets_covered"],
        "teams": tot["teams"],
        "members": tot["members"],
        "hamlets": REGISTRY_HAMLETS,
    }
    bad = []
    for sheet, cols_spec in [
        (
            "Theo huyện",
            {
                "communes_submitted": ("xa da gui",),
                "hamlets_covered": ("co to",),
                "teams": ("so to",),
                "members": ("thanh vien",),
                "hamlets": ("so ap", "-co to"),
            },
        ),
        (
            "Theo xã",
            {
                "hamlets_covered": ("co to",),
                "teams": ("so to",),
                "members": ("thanh vien",),
                "hamlets": ("so ap", "-co to"),
            },
        ),
    ]:
        hdr, data = table(run.sheets[sheet], "thanh vien")
        cols = {
            k: col(
                hdr,
                *[n for n in need if not n.startswith("-")],
                never=tuple(n[1:] for n in need if n.startswith("-")),
            )
            for k, need in cols_spec.items()
        }
        totals = [r for r in data if any(fold(c).startswith("tong") for c in r[:3] if isinstance(c, str))]
        body = [r for r in data if r not in totals]
        for k, c in cols.items():
            s = sum(_num(r[c]) or 0 for r in body)
            if s != want[k]:
                bad.append(f"{sheet}: sum of rows {k}={s}, summary.json={want[k]}")
            for t in totals:
                if _num(t[c]) != want[k]:
                    bad.append(f"{sheet}: totals row {k}={t[c]}, summary.json={want[k]}")
    # summary.json's own per-district / per-commune lists add up to its totals
    for lst, keys in [
        ("districts", ["hamlets_covered", "teams", "members", "communes_submitted"]),
        ("communes", ["hamlets_covered", "teams", "members"]),
    ]:
        for k in keys:
            s = sum(x[k] for x in run.summary[lst])
            if s != tot[k]:
                bad.append(f"summary.json {lst}[].{k} sums to {s}, totals.{k}={tot[k]}")
    assert not bad, f"[{run.name}]\n  " + "\n  ".join(bad)


def test_per_commune_members_match_the_list(run: Run):
    """Per commune, summary.json members = rows of danh-sach.csv of that commune (members are people
    accepted, SPEC §5/§8); `Theo xã` shows the same."""
    from collections import Counter

    csv_by = Counter((r["district"], r["commune"]) for r in run.csv_rows)
    js_by = {(c["district"], c["name"]): c["members"] for c in run.summary["communes"] if c["members"]}
    hdr, data = table(run.sheets["Theo xã"], "thanh vien")
    cd, cc, cm = col(hdr, "huyen"), col(hdr, "xa"), col(hdr, "thanh vien")
    sheet_by = {(r[cd], r[cc]): _num(r[cm]) for r in data if _num(r[cm])}
    assert dict(csv_by) == js_by == sheet_by, (
        f"[{run.name}] per commune: csv={dict(csv_by)} json={js_by} Theo xã={sheet_by}"
    )


def test_gaps_agree(run: Run):
    """`Ấp chưa có tổ` rows == summary gaps == registry hamlets - hamlets covered (SPEC §8 Coverage);
    the district feedback workbooks list the same gaps."""
    tot = run.summary["totals"]
    hdr, data = table(run.sheets["Ấp chưa có tổ"], "ap/khom")
    ch = col(hdr, "ap/khom", never=("tinh trang", "ghi chu"))
    sheet_rows = [r for r in data if r[ch] not in (None, "")]
    fb = 0
    for book in run.feedback.values():
        sh = next(v for k, v in book.items() if "chua co to" in fold(k))
        h2, d2 = table(sh, "ap/khom")
        c2 = col(h2, "ap/khom", never=("tinh trang", "ghi chu"))
        fb += len([r for r in d2 if r[c2] not in (None, "")])
    places = {
        "summary.gaps": len(run.summary["gaps"]),
        "Ấp chưa có tổ rows": len(sheet_rows),
        "registry - covered": REGISTRY_HAMLETS - tot["hamlets_covered"],
        "phan-hoi gap rows": fb,
    }
    assert len(set(places.values())) == 1, f"[{run.name}] gaps disagree: {places}"


def test_duplicates_sheet_lists_every_merge(run: Run):
    """SPEC §8: a merged row is 'a duplicate of an accepted row; Trùng lặp names both'."""
    hdr, data = table(run.sheets["Trùng lặp"], "ho ten")
    assert len(data) == run.summary["totals"]["rows_merged"], (
        f"[{run.name}] Trùng lặp has {len(data)} rows, rows_merged={run.summary['totals']['rows_merged']}"
    )


# ----- against the planted truth


def test_truth_rows(run: Run):
    """The planted truth (see each inbox builder for the why, SPEC §8 Row accounting / Severity /
    De-duplication / Supersession)."""
    e, tot = run.expect, run.summary["totals"]
    got = {
        k: tot[k]
        for k in TOTAL_KEYS
        if k.startswith(("files", "rows_")) or k in ("communes_submitted", "districts_submitted")
    }
    if e.files_processed is None:
        got.pop("files_processed")
    want = dict(
        files=e.files,
        files_processed=e.files_processed,
        rows_read=e.rows_read,
        rows_accepted=e.accepted,
        rows_rejected=e.rejected,
        rows_merged=e.merged,
        rows_superseded=e.superseded,
        communes_submitted=e.communes_submitted,
        districts_submitted=e.districts_submitted,
    )
    if e.files_processed is None:
        want.pop("files_processed")
    assert got == want, f"[{run.name}]"
    for key, counts in e.per_file.items():
        fs = [
            f
            for f in run.summary["files"]
            if key in f["path"]
            and (not key.endswith("Mau 2.xlsx") or "sửa" not in unicodedata.normalize("NFC", f["path"]))
        ]
        assert len(fs) == 1, f"[{run.name}] file {key!r}: {[f['path'] for f in run.summary['files']]}"
        f = fs[0]
        got_f = dict(
            read=f["rows_read"],
            accepted=f["rows_accepted"],
            rejected=f["rows_rejected"],
            merged=f["rows_merged"],
            superseded=f["rows_superseded"],
        )
        assert got_f == counts, f"[{run.name}] file {f['path']}"


def test_truth_members_and_coverage(run: Run):
    """members = accepted people (module doc); covered hamlets are exactly the hamlet teams planted
    (SPEC §8 Coverage: a steering group and a superseded commune's old teams cover nothing)."""
    e, tot = run.expect, run.summary["totals"]
    assert tot["members"] == e.accepted, (
        f"[{run.name}] members={tot['members']}, accepted people={e.accepted}"
    )
    assert len(run.csv_rows) == e.accepted
    covered_csv = {(r["district"], r["commune"], r["hamlet"]) for r in run.csv_rows if r["hamlet"]}
    assert covered_csv == e.covered, f"[{run.name}] hamlets in danh-sach.csv"
    assert tot["hamlets_covered"] == len(e.covered)
    gaps = {(g["district"], g["commune"], g["hamlet"]) for g in run.summary["gaps"]}
    assert not (gaps & e.covered), f"[{run.name}] covered hamlets listed as gaps: {gaps & e.covered}"
    assert len(gaps) == REGISTRY_HAMLETS - len(e.covered)
    if run.name == "merges":
        # SPEC §8 De-duplication: counted once, at the listing with the highest role
        rang = [r for r in run.csv_rows if r["name"] == "Trương Văn Rạng"]
        assert [(r["role"], r["hamlet"]) for r in rang] == [("Tổ trưởng", "Ấp Lò Ngò")], rang
        # ... and different communes are different people (no merge)
        assert len([r for r in run.csv_rows if r["name"] == "Lâm Văn Phát"]) == 2
    if run.name in ("resubmit", "all"):
        # SPEC §8 Supersession: only the newest submission of Xã Hòa Minh counts -> Ấp Cây Da is a gap
        assert ("Huyện Châu Thành", "Xã Hòa Minh", "Ấp Cây Da") in gaps


def test_truth_teams(run: Run):
    """teams: the SPEC does not say whether a steering group is a team (see report).  Accept either
    the hamlet teams only or all teams with accepted members, but nothing else."""
    e, tot = run.expect, run.summary["totals"]
    hamlet_teams = len({(r["district"], r["commune"], r["team"]) for r in run.csv_rows if r["hamlet"]})
    all_teams = len({(r["district"], r["commune"], r["team"]) for r in run.csv_rows})
    assert all_teams == e.teams
    assert tot["teams"] in (hamlet_teams, all_teams), f"[{run.name}] teams={tot['teams']}"


def test_truth_issues(run: Run):
    """The planted problems are reported with their codes and severities (README code table,
    SPEC §8 Severity), and each rejected row is named by an error issue."""
    e = run.expect
    from collections import Counter

    by = Counter((i["severity"], i["code"]) for i in run.summary["issues"])
    for code, n in e.min_warnings.items():
        assert by[("warning", code)] >= n, f"[{run.name}] warning {code}: {dict(by)}"
    for code, n in e.min_errors.items():
        assert by[("error", code)] >= n, f"[{run.name}] error {code}: {dict(by)}"
    row_errors = {
        (i["file"], i["row"])
        for i in run.summary["issues"]
        if i["severity"] == "error" and i.get("row") is not None
    }
    assert len(row_errors) == run.summary["totals"]["rows_rejected"], (
        f"[{run.name}] rejected rows {run.summary['totals']['rows_rejected']} "
        f"vs rows named by errors {row_errors}"
    )


def test_per_district_figures_agree(run: Run):
    """Per district: summary.json districts[], the district table of `Tổng quan`, `Theo huyện` and
    the header of its phan-hoi workbook ("Ấp/khóm có tổ: x/y") show the same coverage; and the
    hamlet denominators add up to the registry (SPEC §6 'coverage per district', §5 feedback)."""
    js = {d["name"]: d for d in run.summary["districts"]}
    assert len(js) == 9  # SPEC §2: Trà Vinh had 9 districts in 2022
    bad = []
    # Tổng quan district table (below the key figures)
    rows = run.sheets["Tổng quan"]
    start = next(i for i, r in enumerate(rows) if r and fold(r[0]) == "huyen")
    hdr = [fold(c) for c in rows[start]]
    c_cov, c_h = col(hdr, "co to"), col(hdr, "so ap")
    for r in rows[start + 1 :]:
        if r and r[0] in js:
            d = js[r[0]]
            if (_num(r[c_cov]), _num(r[c_h])) != (d["hamlets_covered"], d["hamlets"]):
                bad.append(
                    f"Tổng quan {r[0]}: {r[c_cov]}/{r[c_h]} vs json {d['hamlets_covered']}/{d['hamlets']}"
                )
    hdr, data = table(run.sheets["Theo huyện"], "thanh vien")
    cols = {
        "communes_submitted": col(hdr, "xa da gui"),
        "hamlets": col(hdr, "so ap", never=("co to",)),
        "hamlets_covered": col(hdr, "co to"),
        "teams": col(hdr, "so to"),
        "members": col(hdr, "thanh vien"),
    }
    for r in data:
        if r[0] in js:
            for k, c in cols.items():
                if _num(r[c]) != js[r[0]][k]:
                    bad.append(f"Theo huyện {r[0]} {k}={r[c]} vs json {js[r[0]][k]}")
    for slug, book in run.feedback.items():
        sheet = next(v for k, v in book.items() if "loi" in fold(k))
        txt = " ".join(fold(c) for r in sheet[:6] for c in r if isinstance(c, str))
        m = re.search(r"co to:\s*(\d+)\s*/\s*(\d+)", txt)
        if not m:
            continue
        hit = [d for d in js.values() if (d["hamlets_covered"], d["hamlets"]) == (int(m[1]), int(m[2]))]
        if not hit:
            bad.append(f"phan-hoi/{slug}: {m[0]} matches no district of summary.json")
    assert sum(d["hamlets"] for d in js.values()) == REGISTRY_HAMLETS
    assert len(run.feedback) == 9, "SPEC §5: one feedback workbook per district"
    assert not bad, f"[{run.name}]\n  " + "\n  ".join(bad)

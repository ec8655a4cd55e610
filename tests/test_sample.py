"""The demo inbox: deterministic, realistic Mẫu 2 files, and planted facts that match what is in them."""

from __future__ import annotations

import hashlib
import os
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from pipeline.demo.sample import PlantedFact, SampleInbox, write_sample_inbox
from pipeline.vietnamese import VIETNAM

KINDS = {
    "gap", "rejected_row", "phone", "duplicate", "superseded_file", "missing_district", "landline",
    "legacy_phone", "role_unknown", "phone_multiple", "phone_missing", "phone_invalid", "name_upper",
    "duplicate_file", "late_district", "commune_not_submitted", "file", "totals",
}  # fmt: skip
HAMLETS = {
    ("Thành phố Trà Vinh", "Phường 1"): ["Khóm 1", "Khóm 2", "Khóm 3", "Khóm 4"],
    ("Thành phố Trà Vinh", "Xã Long Đức"): ["Ấp Trà Kha A", "Ấp Ba Se B", "Ấp Chợ", "Ấp Long Trị", "Ấp Sa"],
    ("Thành phố Trà Vinh", "Phường 7"): ["Khóm 1", "Khóm 2", "Khóm 3"],
    ("Huyện Càng Long", "Thị trấn Càng Long"): ["Khóm 1", "Khóm 2", "Khóm 3", "Khóm 4", "Khóm 5"],
    ("Huyện Càng Long", "Xã Đại Phước"): ["Ấp Hạ", "Ấp Long Hòa", "Ấp Nhị Hòa", "Ấp Rạch Dừa"],
    ("Thị xã Duyên Hải", "Phường 1"): ["Khóm 1", "Khóm 2", "Khóm 3"],
    ("Thị xã Duyên Hải", "Xã Long Toàn"): ["Ấp Bào", "Ấp Cây Cách", "Ấp Giồng Giếng", "Ấp Phước Trị"],
}  # fmt: skip


@pytest.fixture(scope="module")
def registry() -> pd.DataFrame:
    rows = [(d, c, h) for (d, c), hamlets in HAMLETS.items() for h in hamlets]
    return pd.DataFrame(rows, columns=["district", "commune", "hamlet"])


@pytest.fixture(scope="module")
def inbox(registry: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> SampleInbox:
    return write_sample_inbox(tmp_path_factory.mktemp("inbox"), registry)


def facts_of(inbox: SampleInbox, kind: str) -> list[PlantedFact]:
    return [fact for fact in inbox.facts if fact.kind == kind]


def one(inbox: SampleInbox, kind: str) -> PlantedFact:
    (fact,) = facts_of(inbox, kind)
    return fact


def cell_row(inbox: SampleInbox, fact: PlantedFact) -> dict[str, object]:
    """Returns the cells of the fact's row keyed by the header of its table."""
    sheet = openpyxl.load_workbook(inbox.root / fact.file)[fact.sheet]
    header_row = next(
        row[0].row
        for row in sheet.iter_rows(max_row=15)
        if any(c.value in ("Họ tên", "Họ và tên") for c in row)
    )
    headers = [cell.value for cell in sheet[header_row]]
    return dict(zip(headers, (cell.value for cell in sheet[fact.row]), strict=True))


def digest(root: Path) -> dict[str, tuple[str, float]]:
    return {
        path.relative_to(root).as_posix(): (
            hashlib.sha256(path.read_bytes()).hexdigest(),
            path.stat().st_mtime,
        )
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_same_seed_gives_byte_identical_files_and_facts(registry: pd.DataFrame, tmp_path: Path) -> None:
    first = write_sample_inbox(tmp_path / "a", registry, seed=7)
    second = write_sample_inbox(tmp_path / "b", registry, seed=7)
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert first.facts == second.facts and first.files == second.files
    write_sample_inbox(tmp_path / "c", registry, seed=8)
    assert digest(tmp_path / "c") != digest(tmp_path / "a")


def test_every_planted_kind_is_present(inbox: SampleInbox) -> None:
    assert {fact.kind for fact in inbox.facts} == KINDS
    for kind in KINDS - {"gap", "phone", "file", "rejected_row", "commune_not_submitted"}:
        one(inbox, kind)
    assert sorted(fact.detail["code"] for fact in facts_of(inbox, "rejected_row")) == [
        "name_invalid",
        "name_missing",
    ]


def test_inbox_lists_the_files_on_disk(inbox: SampleInbox) -> None:
    on_disk = sorted(path.relative_to(inbox.root).as_posix() for path in inbox.root.rglob("*.xlsx"))
    assert list(inbox.files) == on_disk
    assert sorted(fact.file for fact in facts_of(inbox, "file")) == on_disk
    assert len(on_disk) == 4  # two districts, one correction, one file dropped twice


def test_missing_district_has_no_folder_and_all_its_hamlets_are_gaps(inbox: SampleInbox) -> None:
    assert one(inbox, "missing_district").detail == {"district": "Thị xã Duyên Hải"}
    folders = {Path(path).parts[0] for path in inbox.files}
    assert folders == {"TP Tra Vinh", "Huyen Cang Long"}
    missing_gaps = [f.detail for f in facts_of(inbox, "gap") if f.detail["district"] == "Thị xã Duyên Hải"]
    assert len(missing_gaps) == 7 and {gap["reason"] for gap in missing_gaps} == {"district_missing"}


def test_files_open_with_openpyxl_and_have_merged_ranges(inbox: SampleInbox) -> None:
    layouts = {}
    for path in inbox.files:
        workbook = openpyxl.load_workbook(inbox.root / path)
        assert workbook.properties.created == workbook.properties.modified == datetime(2022, 8, 20)
        layouts[path] = workbook
    first = layouts["TP Tra Vinh/Mau 2 - TP Tra Vinh.xlsx"]
    assert first.sheetnames == ["Tổng hợp", "Phường 1", "Xã Long Đức", "Phường 7"]
    sheet = first["Xã Long Đức"]
    merged = {str(cell_range) for cell_range in sheet.merged_cells.ranges}
    assert {"A4:F4", "D8:F8", "A8:A9", "B8:B9"} <= merged  # title, two-row header
    assert [sheet.cell(10, column).value for column in range(1, 7)] == [1, 2, 3, 4, 5, 6]
    assert any(
        r.min_col == 2 and r.min_row >= 11 and r.max_row > r.min_row for r in sheet.merged_cells.ranges
    )
    assert sheet["B11"].value == "UBND xã Long Đức, thành phố Trà Vinh"
    assert sheet["C11"].value.endswith("ấp Trà Kha A")
    summary = first["Tổng hợp"]
    assert "Họ tên" not in {cell.value for row in summary.iter_rows() for cell in row}
    second = layouts["Huyen Cang Long/Mẫu 2 danh sách Tổ CNSCĐ Huyện Càng Long.xlsx"]["DS To CNS"]
    assert [cell.value for cell in second[8]] == [
        "STT", "Họ và tên", "Chức danh", "SĐT", "Đơn vị", "Ấp/Khóm", "Tên tổ", "Ghi chú",
    ]  # fmt: skip
    assert not [r for r in second.merged_cells.ranges if r.min_row >= 8]  # commune and team left blank below
    assert second["E9"].value == "TT Càng Long"
    footer = [
        cell.value for row in second.iter_rows(min_row=second.max_row - 6) for cell in row if cell.value
    ]
    assert "Người lập biểu" in footer and "CHỦ TỊCH" in footer
    assert "Càng Long, ngày 30 tháng 8 năm 2022" in footer  # the date it was sent, late


def test_phone_facts_match_the_cells(inbox: SampleInbox) -> None:
    phones = facts_of(inbox, "phone")
    assert any(fact.detail["cell_type"] == "number" for fact in phones)  # the leading zero lost
    for fact in phones + [one(inbox, kind) for kind in ("landline", "legacy_phone", "phone_multiple")]:
        cells = cell_row(inbox, fact)
        phone = next(
            value for key, value in cells.items() if key in ("SĐT", "Điện thoại di động (đã đăng ký Zalo)")
        )
        assert phone == fact.detail["raw"]
        assert fact.detail["e164"].startswith("+84") and fact.detail["national"].startswith("0")
        assert fact.detail["e164"][3:] == fact.detail["national"].replace(" ", "")[1:]
    legacy = one(inbox, "legacy_phone").detail
    assert legacy["raw"].startswith("0168 ") and legacy["e164"].startswith("+8438")
    assert one(inbox, "landline").detail["national"].startswith("0294 ")


def test_rejected_and_unknown_role_rows_are_where_the_facts_say(inbox: SampleInbox) -> None:
    for fact in facts_of(inbox, "rejected_row"):
        name = cell_row(inbox, fact)["Họ và tên"]
        assert name == fact.detail.get("value")  # None for a missing name; a phone number otherwise
    unknown = one(inbox, "role_unknown")
    assert cell_row(inbox, unknown)["Chức danh"] == unknown.detail["raw"] == "Hỗ trợ kỹ thuật"
    shouting = one(inbox, "name_upper")
    assert cell_row(inbox, shouting)["Họ và tên"] == shouting.detail["raw"] == shouting.detail["name"].upper()


def test_duplicate_person_repeats_name_and_number_in_the_same_commune(inbox: SampleInbox) -> None:
    fact = one(inbox, "duplicate")
    first = cell_row(inbox, PlantedFact("", fact.file, fact.sheet, fact.detail["first_row"], {}))
    again = cell_row(inbox, fact)
    assert first["Họ và tên"] == again["Họ và tên"] == fact.detail["name"]
    assert str(first["SĐT"]) != str(again["SĐT"])  # written in another notation
    digits = {"".join(ch for ch in str(cell["SĐT"]) if ch.isdigit())[-9:] for cell in (first, again)}
    assert digits == {fact.detail["e164"][3:]}


def test_duplicate_file_is_a_byte_identical_copy(inbox: SampleInbox) -> None:
    fact = one(inbox, "duplicate_file")
    copy, original = inbox.root / fact.file, inbox.root / fact.detail["original"]
    assert copy != original and copy.parent == original.parent
    assert copy.read_bytes() == original.read_bytes()


def test_correction_is_newer_and_supersedes_one_commune(inbox: SampleInbox) -> None:
    fact = one(inbox, "superseded_file")
    correction = inbox.root / fact.detail["by"]
    assert (
        correction.name.endswith("(sửa lần 2).xlsx") and correction.parent == (inbox.root / fact.file).parent
    )
    assert os.path.getmtime(correction) - os.path.getmtime(inbox.root / fact.file) == 86400
    assert openpyxl.load_workbook(correction).sheetnames == [fact.detail["commune"]]
    assert (fact.detail["district"], fact.detail["commune"]) == ("Thành phố Trà Vinh", "Xã Long Đức")
    covered_later = set(HAMLETS[("Thành phố Trà Vinh", "Xã Long Đức")])
    gaps = {f.detail["hamlet"] for f in facts_of(inbox, "gap") if f.detail["commune"] == "Xã Long Đức"}
    assert not gaps & covered_later  # the correction lists every hamlet


def test_dates_are_fixed_and_one_district_is_late(inbox: SampleInbox) -> None:
    deadline = datetime(2022, 8, 28, tzinfo=VIETNAM).timestamp()  # end of 27/8/2022, Vietnam time
    late = one(inbox, "late_district")
    assert late.detail["district"] == "Huyện Càng Long"
    for path in inbox.files:
        modified = datetime.fromtimestamp(os.path.getmtime(inbox.root / path), VIETNAM)
        assert (modified.year, modified.month) == (2022, 8)
        assert (modified.timestamp() > deadline) == (Path(path).parent == Path(late.file).parent)


def test_gaps_and_totals_agree_with_the_registry(inbox: SampleInbox) -> None:
    gaps = {(f.detail["district"], f.detail["commune"], f.detail["hamlet"]) for f in facts_of(inbox, "gap")}
    not_sent = one(inbox, "commune_not_submitted").detail
    assert not_sent == {"district": "Huyện Càng Long", "commune": "Xã Đại Phước"}
    assert {
        ("Huyện Càng Long", "Xã Đại Phước", hamlet) for hamlet in HAMLETS[("Huyện Càng Long", "Xã Đại Phước")]
    } <= gaps
    assert ("Huyện Càng Long", "Thị trấn Càng Long", "Khóm 5") in gaps  # the commune with the planted rows
    totals = one(inbox, "totals").detail
    assert totals["hamlets"] == sum(len(hamlets) for hamlets in HAMLETS.values())
    assert totals["hamlets_covered"] == totals["hamlets"] - len(gaps)
    assert (totals["rows_rejected"], totals["rows_merged"], totals["files"]) == (2, 1, 4)
    files = {fact.file: fact.detail for fact in facts_of(inbox, "file")}
    read = sum(detail["rows"] for detail in files.values() if detail["status"] == "processed")
    assert totals["rows_read"] == read
    assert totals["rows_superseded"] == one(inbox, "superseded_file").detail["rows"]
    assert totals["rows_accepted"] == read - 2 - 1 - totals["rows_superseded"]


def test_both_phuong_1_present_when_another_district_is_missing(
    registry: pd.DataFrame, tmp_path: Path
) -> None:
    inbox = write_sample_inbox(tmp_path, registry, missing_district="Huyện Càng Long")
    assert {Path(path).parts[0] for path in inbox.files} == {"TP Tra Vinh", "TX Duyen Hai"}
    sheet = openpyxl.load_workbook(
        tmp_path / "TX Duyen Hai" / "Mẫu 2 danh sách Tổ CNSCĐ Thị xã Duyên Hải.xlsx"
    )
    assert "P.1" in {cell.value for cell in sheet["DS To CNS"]["E"]}
    assert one(inbox, "missing_district").detail == {"district": "Huyện Càng Long"}
    assert write_sample_inbox(tmp_path / "all", registry, missing_district=None).files


@pytest.mark.xdist_group("sample")
def test_real_registry_gives_a_whole_province(sample_inbox: SampleInbox) -> None:
    inbox = sample_inbox  # written on the embedded registry (conftest)
    assert one(inbox, "missing_district").detail == {"district": "Thị xã Duyên Hải"}
    folders = {Path(path).parts[0] for path in inbox.files}
    assert {"TP Tra Vinh", "Huyen Cang Long"} <= folders and len(folders) == 8
    assert not any("Duyen Hai" in folder and folder.startswith("TX") for folder in folders)
    totals = one(inbox, "totals").detail
    assert totals["districts_submitted"] == 8 and totals["rows_read"] > 2000
    assert {fact.kind for fact in inbox.facts} == KINDS
    assert len({fact.detail["raw"] for fact in facts_of(inbox, "phone")}) == 8  # every notation once

"""Tests of the registry: the embedded Trà Vinh 2022 list, province files, the two-level structure."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from fixtures_mau2 import encode_text

from pipeline.places.registry import Registry, RegistryError, load_registry, registry_summary
from pipeline.text import canonical_tones

TWO_LEVEL = Path(__file__).parent / "data" / "registry_two_level_vinh_long.csv"


@pytest.fixture(scope="module")
def embedded(embedded_registry: Registry) -> Registry:
    return embedded_registry  # loaded once per session (conftest)


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_embedded_registry_holds_the_2022_districts_and_communes(embedded: Registry) -> None:
    assert embedded.has_districts
    assert embedded.source.startswith("embedded: Trà Vinh 2022")
    assert len(embedded.districts) == 9
    assert embedded.commune_count == 106
    assert embedded.districts[0] == "Thành phố Trà Vinh"
    assert len(embedded.communes_of("Huyện Trà Cú")) == 17
    assert {"Thị trấn Định An", "Xã Định An"} <= set(embedded.communes_of("Huyện Trà Cú"))


def test_phuong_1_and_2_exist_in_two_districts(embedded: Registry) -> None:
    for district in ("Thành phố Trà Vinh", "Thị xã Duyên Hải"):
        assert {"Phường 1", "Phường 2"} <= set(embedded.communes_of(district))


def test_embedded_hamlets_say_where_they_come_from(embedded: Registry) -> None:
    table = embedded.table
    assert {"district", "commune", "hamlet", "source", "aliases"} <= set(table.columns)
    assert set(table["source"]) == {"wikipedia", "sample"}
    assert (table["source"] == "wikipedia").sum() == 131  # the rows of tra_vinh_hamlets_partial.csv
    assert embedded.sample_hamlets == (table["source"] == "sample").sum() == embedded.hamlet_count - 131
    per_commune = table.groupby(["district", "commune"]).size()
    assert per_commune.min() >= 5 and per_commune.max() <= 12
    assert embedded.hamlets_of("Thành phố Trà Vinh", "Phường 9")[:2] == ("Khóm 1", "Khóm 2")


def test_embedded_names_use_one_tone_placement(embedded: Registry) -> None:
    names = set(embedded.table[["district", "commune", "hamlet"]].to_numpy().ravel())
    assert [name for name in names if name != canonical_tones(name)] == []
    assert "Xã Hòa Tân" in embedded.communes_of("Huyện Cầu Kè")  # the package writes "Hoà Tân"


def test_summary_counts_sample_hamlets(embedded: Registry) -> None:
    summary = registry_summary(embedded)
    assert "9 huyện/thị xã/thành phố, 106 xã/phường/thị trấn" in summary
    assert f"Trong đó {embedded.sample_hamlets} ấp/khóm là dữ liệu mẫu" in summary
    assert "- Huyện Trà Cú: 17 xã/phường/thị trấn" in summary


def test_csv_with_vietnamese_headers(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "danh-muc.csv",
        "Huyện,Xã,Ấp/Khóm,Tên khác\n"
        "Huyện Cầu Kè,Xã Hòa Ân,Ấp Bà My,Ấp Bà Mi\n"
        "Huyện Cầu Kè,Xã Hòa Ân,Ấp Giồng Lớn,\n",
    )
    registry = load_registry(path)
    assert registry.source == str(path)
    assert registry.districts == ("Huyện Cầu Kè",)
    assert registry.hamlets_of("Huyện Cầu Kè", "Xã Hòa Ân") == ("Ấp Bà My", "Ấp Giồng Lớn")
    assert list(registry.table["aliases"]) == ["Ấp Bà Mi", ""]
    assert list(registry.table["source"]) == ["official", "official"]  # a province's own list
    assert registry.sample_hamlets == 0


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1258", "utf-16", "utf-16-le"])
def test_csv_saved_with_semicolons_in_any_encoding_excel_writes(tmp_path: Path, encoding: str) -> None:
    text = (
        "DANH MỤC ẤP, KHÓM\r\n"  # a title line above the header: the delimiter is judged on the table
        "Huyện;Xã;Ấp/Khóm;Tên khác\r\n"
        "Huyện Cầu Kè;Xã Hòa Ân;Ấp Bà My;Ấp Bà Mi, Bà Mi\r\n"
        "Huyện Cầu Kè;Xã Hòa Ân;Ấp Giồng Lớn;\r\n"
    )
    path = tmp_path / "danh-muc.csv"
    path.write_bytes(encode_text(text, encoding))  # "utf-16-le": UTF-16 without a byte order mark
    registry = load_registry(path)
    assert registry.districts == ("Huyện Cầu Kè",)
    assert registry.hamlets_of("Huyện Cầu Kè", "Xã Hòa Ân") == ("Ấp Bà My", "Ấp Giồng Lớn")
    assert list(registry.table["aliases"]) == ["Ấp Bà Mi, Bà Mi", ""]


def test_xlsx_with_title_rows(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["DANH MỤC ẤP, KHÓM TỈNH TRÀ VINH"])
    sheet.append([])
    sheet.append(["TT", "Tên huyện", "Tên xã", "Tên ấp/khóm"])
    sheet.append([1, "Thành phố Trà Vinh", "Phường 9", "Khóm 1"])
    sheet.append([2, "Thành phố Trà Vinh", "Phường 9", "Khóm 2"])
    sheet.append([3, "Thị xã Duyên Hải", "Phường 1", "Khóm 1"])
    workbook.save(tmp_path / "danh-muc.xlsx")
    registry = load_registry(tmp_path / "danh-muc.xlsx")
    assert registry.districts == ("Thành phố Trà Vinh", "Thị xã Duyên Hải")
    assert registry.commune_count == 2 and registry.hamlet_count == 3


def test_file_with_problems_names_each_of_them(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "loi.csv",
        "district,commune,hamlet\n"
        "Huyện Cầu Kè,Xã Hòa Ân,Ấp Bà My\n"
        "Huyện Cầu Kè,Xã Hòa Ân,ấp bà my\n"  # the same hamlet, typed differently
        "Huyện Cầu Kè,Xã Phong Phú,\n"  # a commune without any hamlet
        ",Xã Tam Ngãi,Ấp Chợ\n",  # no district
    )
    with pytest.raises(RegistryError) as caught:
        load_registry(path)
    assert caught.value.problems == [
        'Dòng 3: ấp/khóm "ấp bà my" của Xã Hòa Ân trùng với dòng 2; xóa dòng thừa hoặc sửa lại tên.',
        "Dòng 4: Xã Phong Phú thiếu tên ấp/khóm; mỗi dòng ghi một ấp/khóm, xã nào cũng phải có.",
        "Dòng 5: thiếu tên huyện của Xã Tam Ngãi; ghi tên huyện/thị xã/thành phố vào cột huyện.",
    ]
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("district,commune\nHuyện Cầu Kè,Xã Hòa Ân\n", "Không tìm thấy dòng tiêu đề"),
        ("commune,hamlet\n", "Danh mục không có dòng dữ liệu nào"),
        ("Xã,Ấp,Xã/Phường\nA,B,C\n", "Có nhiều cột cùng là xã/phường/thị trấn (commune)"),
        ("commune,hamlet,source\nXã A,Ấp B,web\n", 'Dòng 2: nguồn "web" không hợp lệ'),
    ],
)
def test_unusable_files_are_explained(tmp_path: Path, text: str, problem: str) -> None:
    with pytest.raises(RegistryError) as caught:
        load_registry(write_csv(tmp_path / "danh-muc.csv", text))
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].startswith(problem)


def test_missing_file_is_a_registry_error(tmp_path: Path) -> None:
    with pytest.raises(RegistryError) as caught:
        load_registry(tmp_path / "khong-co.xlsx")
    assert caught.value.problems == [
        f"Không tìm thấy tệp {tmp_path / 'khong-co.xlsx'}; kiểm tra lại đường dẫn."
    ]


def test_two_level_registry_has_no_districts() -> None:
    registry = load_registry(TWO_LEVEL)
    assert not registry.has_districts
    assert registry.districts == ()
    assert registry.commune_count == 124 and registry.hamlet_count == 248
    assert set(registry.table["district"]) == {""}
    assert set(registry.table["province"]) == {"Tỉnh Vĩnh Long"}
    assert "Xã Cầu Kè" in registry.communes_of(None)
    assert registry.hamlets_of(None, "Phường Trà Vinh") == ("Khóm Mẫu 1", "Khóm Mẫu 2")
    assert "Không có cấp huyện" in registry_summary(registry)

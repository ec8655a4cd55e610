from datetime import date

from pipeline.places.registry import EMBEDDED_SOURCE
from pipeline.report.labels import deadline_text, district_status_line, district_timing, registry_source

DEADLINE = date(2022, 8, 27)


def test_deadline_text_counts_days_left_says_the_last_day_and_days_overdue():
    assert [deadline_text(date(2022, 8, day), DEADLINE) for day in (26, 27, 28)] == [
        "còn 1 ngày",
        "hôm nay là hạn cuối",
        "đã quá hạn 1 ngày",
    ]


def test_a_missing_district_on_the_deadline_day_is_told_it_is_the_last_day():
    assert district_timing("missing", None, DEADLINE, DEADLINE) == "Chưa gửi, hôm nay là hạn cuối"


def test_district_status_line_gives_the_date_and_delay_of_a_late_district():
    assert district_status_line("on_time", date(2022, 8, 20), DEADLINE) == "Trạng thái: Đúng hạn"
    assert (
        district_status_line("late", date(2022, 9, 1), DEADLINE)
        == "Trạng thái: Trễ hạn (gửi ngày 01/09/2022, trễ 5 ngày)"
    )
    assert district_status_line("missing", None, DEADLINE) == "Trạng thái: Chưa gửi danh sách"


def test_registry_source_names_the_embedded_list_in_vietnamese_and_keeps_a_path():
    assert registry_source(EMBEDDED_SOURCE) == (
        "Danh mục có sẵn trong phần mềm: Trà Vinh 2022 "
        "(huyện, xã: vietnam-provinces 0.5.0; ấp/khóm: Wikipedia và dữ liệu mẫu)"
    )
    assert registry_source("/srv/danh-muc/embedded: x.csv") == "/srv/danh-muc/embedded: x.csv"

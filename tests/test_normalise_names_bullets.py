"""A list's bullets before a name are not part of it (found by the blind QA corpus: "- Phạm Thị Chín"
was read, "+ Lê Văn Tám", written as Mẫu 1 writes "+ Ông/Bà:", was refused as an invalid name)."""

import pytest

from pipeline.normalise import canonical_name, name_problem


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("+ Ông Lê Văn Tám", "Lê Văn Tám"),
        ("+Lê Văn Tám", "Lê Văn Tám"),
        ("- Bà Phạm Thị Chín", "Phạm Thị Chín"),
        ("• Nguyễn Văn An", "Nguyễn Văn An"),
        ("* Trần Thị Bé", "Trần Thị Bé"),
    ],
)
def test_a_bullet_before_a_name_is_dropped(typed, name):
    assert (canonical_name(typed), name_problem(typed)) == (name, None)


@pytest.mark.parametrize("typed", ["@Võ Văn Mười", "=SUM(A1)", "+84912345678"])
def test_what_is_not_a_bullet_stays_an_invalid_name(typed):
    assert name_problem(typed) == "name_invalid"

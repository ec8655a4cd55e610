import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.codes import make_issue
from pipeline.merge import file_accounting, settle_rows, submission_order
from pipeline.model import FileStatus, SourceFile


def _file(path, modified):
    return SourceFile(path=path, sha256=path, size=1, modified=modified, status=FileStatus.PROCESSED)


def _rows(records):
    return pd.DataFrame(
        [
            {
                "source_file": f,
                "source_sheet": "DS",
                "source_row": r,
                "commune_key": c,
                "team_key": c + "|" + t,
                "name_key": n,
                "phone": p,
                "role": role[0] if role else "Tổ viên",
                "district": "",
                "file_district": "",
            }
            for f, r, c, t, n, p, *role in records
        ]
    )


def test_newest_file_supersedes_per_commune_and_errors_reject():
    rows = _rows(
        [
            ("old.xlsx", 5, "A", "t1", "an", "+84912345678"),
            ("old.xlsx", 6, "B", "t1", "binh", "+84912345679"),
            ("new.xlsx", 5, "A", "t1", "an", "+84912345678"),
            ("new.xlsx", 6, "A", "t1", "", "+84912345670"),
        ]
    )
    order = submission_order([_file("old.xlsx", 1.0), _file("new.xlsx", 2.0)])
    error = make_issue("name_missing", file="new.xlsx", sheet="DS", row=6)
    settled = settle_rows(rows, [error], order).rows
    assert settled["outcome"].tolist() == ["superseded", "accepted", "accepted", "rejected"]
    assert settled.loc[0, "superseded_by"] == "new.xlsx"


def test_same_person_merges_and_same_name_other_phone_does_not():
    rows = _rows(
        [
            ("a.xlsx", 5, "A", "t1", "an", "+84912345678"),
            ("a.xlsx", 6, "A", "t2", "an", "+84912345678", "Tổ trưởng"),  # same person, another team
            ("a.xlsx", 7, "A", "t1", "an", ""),  # same name, same team, phone missing: merge
            ("a.xlsx", 8, "A", "t3", "an", "+84987654321"),  # same name, other phone, other team: a namesake
            ("a.xlsx", 9, "B", "t1", "an", "+84912345678"),  # another commune: not merged
        ]
    )
    merged = settle_rows(rows, [], {"a.xlsx": 0})
    # One real person is counted once in the commune (SPEC §8); the listing as team leader is the one kept,
    # and the phone-less repeat in team t1 follows its team's listing there.
    assert merged.rows["outcome"].tolist() == ["merged", "accepted", "merged", "accepted", "accepted"]
    assert sorted(merged.duplicates.values.tolist()) == [[0, 1], [2, 1]]


def test_the_listing_with_a_phone_is_the_one_kept():
    rows = _rows(
        [
            ("a.xlsx", 5, "A", "t1", "an", ""),
            ("a.xlsx", 6, "A", "t1", "an", "+84912345678"),
            ("a.xlsx", 7, "A", "t1", "an", "+84912345678"),
            ("a.xlsx", 8, "A", "t1", "ba", ""),
            ("a.xlsx", 9, "A", "t1", "ba", ""),
        ]
    )
    merged = settle_rows(rows, [], {"a.xlsx": 0})
    assert merged.rows["outcome"].tolist() == ["merged", "accepted", "merged", "accepted", "merged"]
    assert sorted(merged.duplicates.values.tolist()) == [[0, 1], [2, 1], [4, 3]]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["f1", "f2", "f3"]),
            st.sampled_from(["A", "B"]),
            st.sampled_from(["t1", "t2"]),
            st.sampled_from(["an", "ba", ""]),
            st.sampled_from(["", "+84912345678", "+84987654321"]),
            st.booleans(),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_every_row_has_exactly_one_outcome(records):
    rows = _rows([(f, i + 1, c, t, n, p) for i, (f, c, t, n, p, _) in enumerate(records)])
    errors = [
        make_issue("name_missing", file=f, sheet="DS", row=i + 1)
        for i, (f, *_, bad) in enumerate(records)
        if bad
    ]
    files = [_file(name, modified) for modified, name in enumerate(["f1", "f2", "f3"])]
    settled = settle_rows(rows, errors, submission_order(files)).rows
    accounting = file_accounting(settled)
    assert (
        accounting[["accepted", "rejected", "merged", "superseded"]].sum(axis=1) == accounting["read"]
    ).all()
    assert accounting["read"].sum() == len(rows)


def test_a_leader_listed_without_phone_stays_the_leader_when_merged():
    rows = _rows(
        [
            ("a.xlsx", 5, "A", "t1", "an", "", "Tổ trưởng"),
            ("a.xlsx", 6, "A", "t1", "an", "+84912345601", "Tổ viên"),
            ("a.xlsx", 7, "A", "t2", "an", "+84912345601", "Tổ phó"),
        ]
    )
    settled = settle_rows(rows, [], {"a.xlsx": 0}).rows
    assert settled["outcome"].tolist() == ["merged", "accepted", "merged"]
    assert settled.loc[1, "kept_role"] == "Tổ trưởng"  # the person is counted once, as what they lead
    assert settled.loc[1, "role"] == "Tổ viên"  # what the row itself says stays as it was


def _in_districts(rows, districts):
    """Returns the rows with (district, file's district) per row."""
    return rows.assign(
        district=[district for district, _ in districts], file_district=[own for _, own in districts]
    )


def test_another_districts_file_never_replaces_a_districts_own_rows():
    # B's own list of commune X (older) against A's newer file whose row names "X, huyện B" in its text
    rows = _in_districts(
        _rows(
            [
                ("b.xlsx", 5, "X", "t1", "an", "+84912345678"),
                ("a.xlsx", 5, "X", "t2", "binh", "+84912345679"),
            ]
        ),
        [("B", "B"), ("B", "A")],
    )
    order = submission_order([_file("b.xlsx", 1.0), _file("a.xlsx", 2.0)])
    settled = settle_rows(rows, [], order).rows
    assert settled["outcome"].tolist() == ["accepted", "superseded"]
    assert settled.loc[1, "superseded_by"] == "b.xlsx"


def test_another_districts_rows_count_until_the_district_sends_its_own():
    rows = _in_districts(_rows([("a.xlsx", 5, "X", "t2", "binh", "+84912345679")]), [("B", "A")])
    assert settle_rows(rows, [], {"a.xlsx": 0}).rows["outcome"].tolist() == ["accepted"]
    own = _in_districts(
        _rows(
            [("a.xlsx", 5, "X", "t2", "binh", "+84912345679"), ("b.xlsx", 5, "X", "t1", "an", "+84912345678")]
        ),
        [("B", "A"), ("B", "B")],
    )
    order = submission_order([_file("a.xlsx", 1.0), _file("b.xlsx", 2.0)])  # B's own, sent later, replaces
    assert settle_rows(own, [], order).rows["outcome"].tolist() == ["superseded", "accepted"]


def test_two_other_districts_files_never_replace_each_other():
    # Cầu Ngang's and Châu Thành's files both name "Xã Tân Hùng, huyện Tiểu Cần"; Tiểu Cần sent nothing
    rows = _in_districts(
        _rows(
            [("a.xlsx", 5, "X", "t1", "an", "+84912345678"), ("b.xlsx", 5, "X", "t2", "binh", "+84912345679")]
        ),
        [("B", "A"), ("B", "C")],
    )
    order = submission_order([_file("a.xlsx", 1.0), _file("b.xlsx", 2.0)])
    assert settle_rows(rows, [], order).rows["outcome"].tolist() == ["accepted", "accepted"]

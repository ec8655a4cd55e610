from pathlib import Path

from pipeline.codes import CODES, markdown_table

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_shows_the_issue_code_table_as_the_code_has_it():
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- issue-codes:start -->\n") + len("<!-- issue-codes:start -->\n")
    end = text.index("\n<!-- issue-codes:end -->")
    assert text[start:end] == markdown_table()


def test_readme_gives_the_two_setup_commands():
    text = README.read_text(encoding="utf-8")
    assert "make demo" in text and "make test" in text


def test_every_code_has_a_vietnamese_action():
    for entry in CODES.values():
        assert entry.message and entry.action

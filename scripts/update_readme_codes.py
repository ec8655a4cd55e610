"""Rewrites the issue-code table in README.md from pipeline/codes.py (run after changing a code)."""

import re
from pathlib import Path

from pipeline.codes import markdown_table

README = Path(__file__).resolve().parents[1] / "README.md"
text = README.read_text(encoding="utf-8")
table = f"<!-- issue-codes:start -->\n{markdown_table()}\n<!-- issue-codes:end -->"
README.write_text(
    re.sub(r"<!-- issue-codes:start -->.*<!-- issue-codes:end -->", lambda _: table, text, flags=re.S),
    encoding="utf-8",
)

"""Report: the only writers of the outbox (tong-hop.xlsx, summary.json, danh-sach.csv, phan-hoi/).

Each writer takes a finished `RunResult` and formats it; none computes a figure of its own.
"""

from .feedback import write_feedback
from .member_list import write_member_list
from .summary import build_summary, write_summary
from .workbook import write_workbook

__all__ = ["build_summary", "write_feedback", "write_member_list", "write_summary", "write_workbook"]

"""How dates and numbers are written for Vietnamese readers: dd/mm/yyyy and a decimal comma.

The one home of these forms, for the terminal, messages and the workbook's cell formats alike.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

VIETNAM = timezone(timedelta(hours=7))  # all dates of a run are Vietnam dates (UTC+7)

# Excel number formats of the workbooks
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
PERCENT_FORMAT = "0.0%"
WHOLE_PERCENT_FORMAT = "0%"


def vietnam_date(timestamp: float) -> date:
    """Returns the Vietnam calendar date of a POSIX time."""
    return datetime.fromtimestamp(timestamp, VIETNAM).date()


def vietnam_today() -> date:
    """Returns today's date in Vietnam."""
    return datetime.now(VIETNAM).date()


def date_text(day: date) -> str:
    """Returns a date as Vietnamese write it: 27/08/2022."""
    return day.strftime("%d/%m/%Y")


def number_text(number: int) -> str:
    """Returns a whole number with the Vietnamese thousands separator: 100.000."""
    return f"{number:,}".replace(",", ".")


def decimal_text(number: float, digits: int = 1) -> str:
    """Returns a number with a decimal comma: 88,6."""
    return f"{number:.{digits}f}".replace(".", ",")


def percent_text(part: int, whole: int) -> str:
    """Returns part of whole as a percentage with a decimal comma ("88,6%"); "0,0%" of nothing."""
    return decimal_text(100 * part / whole if whole else 0) + "%"


def size_text(size: int) -> str:
    """Returns a file size the way Vietnamese write it: "1,5 MB", "12 KB"."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return decimal_text(size / 1024 / 1024) + " MB"

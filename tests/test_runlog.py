"""The log's escaping: every unsafe character of a value shown as an escape, readable text kept."""

from pipeline.runtime.runlog import escaped


def test_unsafe_characters_are_escaped_and_vietnamese_text_is_kept():
    assert escaped("a\nb\r\tc\x1b[31m\x00\x85") == "a\\nb\\r\\tc\\x1b[31m\\x00\\x85"
    assert escaped("line\u2028break \u202eevil\u202c \udce1") == "line\\u2028break \\u202eevil\\u202c \\udce1"
    assert escaped("C:\\new") == "C:\\\\new"  # a real backslash is never mistaken for an escape
    assert escaped("Danh sách xã Đại Phước \ufffd.xlsx") == "Danh sách xã Đại Phước \ufffd.xlsx"

"""Reading invitations CSV files as spreadsheets write them; what cannot be read is refused with a line and a remedy."""

from __future__ import annotations

import codecs

import pytest

from services.invitation_csv import COLUMN_NAMES, MAX_ROWS, TEMPLATE, InvitationSheet, read_sheet


def rows_of(sheet: InvitationSheet) -> list[tuple[int, str, str]]:
    assert sheet.problem is None, sheet.problem
    return [(row.line, row.cell("email"), row.cell("role")) for row in sheet.rows]


def test_the_template_reads_as_two_invitations_with_every_column() -> None:
    sheet = read_sheet(TEMPLATE.encode())
    assert rows_of(sheet) == [
        (2, "jo.reviewer@example.com", "reviewer"),
        (3, "pat.manager@example.com", "property_manager"),
    ]
    assert sheet.rows[1].properties == ("Elm Court", "Oak House")
    assert sheet.rows[1].cell("company") == "Acme Lettings" and sheet.rows[1].cell("valid_days") == "14"
    assert set(sheet.rows[0].cells) == set(COLUMN_NAMES)


@pytest.mark.parametrize(
    ("encoded", "delimiter"),
    [
        pytest.param(codecs.BOM_UTF8 + "email,role,first_name\r\na@x.com,qa,José\r\n".encode(), ",", id="utf8-bom"),
        pytest.param("email;role;first_name\na@x.com;qa;José\n".encode(), ";", id="utf8-semicolon"),
        pytest.param("email\trole\tfirst_name\na@x.com\tqa\tJosé\n".encode("utf-16"), "\t", id="utf16-tabs"),
        pytest.param("email;role;first_name\na@x.com;qa;José\n".encode("utf-32"), ";", id="utf32"),
    ],
)
def test_encodings_marks_and_delimiters_are_recognised(encoded: bytes, delimiter: str) -> None:
    sheet = read_sheet(encoded)
    assert sheet.delimiter == delimiter
    assert rows_of(sheet) == [(2, "a@x.com", "qa")]
    assert sheet.rows[0].cell("first_name") == "José"  # the mark is not glued to the first header cell either


def test_headers_are_matched_loosely_and_quoted_cells_keep_delimiters_and_line_breaks() -> None:
    text = (
        "\n"
        "E-mail ; Role ; First Name ; Last name ; Properties\n"
        '"a@x.com";"reviewer";"Jo; Junior";"O""Brien";\n'
        "\n"
        ";;;;\n"  # a spreadsheet's row of empty cells
        'b@x.com;qa;"two\nlines";Smith;"P-A1 | Alder Two"\n'
        "c@x.com;qa\n"  # fewer cells than the header: the rest are empty
    )
    sheet = read_sheet(text.encode())
    assert rows_of(sheet) == [(3, "a@x.com", "reviewer"), (6, "b@x.com", "qa"), (8, "c@x.com", "qa")]
    assert sheet.rows[0].cell("first_name") == "Jo; Junior" and sheet.rows[0].cell("last_name") == 'O"Brien'
    assert sheet.rows[1].cell("first_name") == "two\nlines" and sheet.rows[1].properties == ("P-A1", "Alder Two")
    assert sheet.rows[2].cell("last_name") == "" and all(row.problem is None for row in sheet.rows)


def test_a_row_with_more_cells_than_the_header_is_kept_and_marked() -> None:
    sheet = read_sheet(b"email,role,first_name\na@x.com,qa,Smith, Jo\nb@x.com,qa,Bo\n")
    assert rows_of(sheet) == [(2, "a@x.com", "qa"), (3, "b@x.com", "qa")]
    assert sheet.rows[0].problem is not None and "4 cells where the header has 3" in sheet.rows[0].problem
    assert sheet.rows[1].problem is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"", "The file is empty", id="empty"),
        pytest.param(b"\n\n  \n", "The file is empty", id="blank"),
        pytest.param(b"email,role\n\n", "a header but no invitations", id="header-only"),
        pytest.param(
            b"email,first_name\na@x.com,Jo\n", "Line 1: the header lacks the required column role", id="no-role"
        ),
        pytest.param(
            b"\nname,mail\nJo,a@x.com\n", "Line 2: the columns 'name', 'mail' are not one", id="unknown-columns"
        ),
        pytest.param(
            b"email,role,teams\na@x.com,qa,X\n", "the column 'teams' is not one Ruling Desk reads", id="misspelt"
        ),
        pytest.param(b"email,role,Email\na@x.com,qa,b@x.com\n", "the column 'email' appears twice", id="twice"),
        pytest.param(b'email,role\na@x.com,qa\nb@x.com,"q"a\n', "Line 3: ',' expected after '\"'", id="stray-quote"),
        pytest.param(b'email,role\na@x.com,"qa\n', "unexpected end of data", id="unclosed-quote"),
        pytest.param(
            "email,role\na@x.com,qa\nb@x.com,José\n".encode("cp1252"), "Line 3 is not UTF-8 text", id="cp1252"
        ),
        pytest.param(b"PK\x03\x04\x14\x00rest of a workbook", "This is an Excel workbook", id="xlsx"),
        pytest.param("email,role\n".encode("utf-16-le"), "not text (it contains NUL bytes)", id="utf16-without-mark"),
    ],
)
def test_a_file_that_cannot_be_read_gives_one_clear_message_and_no_rows(data: bytes, message: str) -> None:
    sheet = read_sheet(data)
    assert sheet.rows == ()
    assert sheet.problem is not None and message in sheet.problem, sheet.problem


def test_too_many_rows_are_refused_rather_than_cut() -> None:
    data = ("email,role\n" + "".join(f"p{n}@x.com,qa\n" for n in range(MAX_ROWS + 1))).encode()
    sheet = read_sheet(data)
    assert sheet.rows == () and sheet.problem is not None and f"more than {MAX_ROWS}" in sheet.problem
    assert len(read_sheet(data[: data.rindex(b"p")]).rows) == MAX_ROWS

"""Reading an invitations CSV file: text, delimiter, header and rows, before anything is checked against the database.

Spreadsheets write CSV in more than one way, and an administrator should
not have to know which: a UTF-8 byte-order mark (Excel's "CSV UTF-8"),
UTF-16 with its mark (Excel's "Unicode text"), ``;`` instead of ``,``
(European Excel), tabs, quoted fields with commas or line breaks, blank
lines and rows of empty cells at the end. All of that is read here with
the standard library's :mod:`csv` (the delimiter by :class:`csv.Sniffer`,
checked against the header).

What cannot be read is refused with a message that says where and what
to do, never guessed: text that is not UTF-8 (a legacy code page would
turn "José" into something else without anyone noticing), an Excel
workbook chosen by mistake, unbalanced quotes, a header that lacks a
required column or has one Ruling Desk does not read (a misspelt ``team``
column would otherwise be dropped silently). Such a file yields no rows at
all. A row with more cells than the header is kept but marked: its cells
cannot be trusted to be in their columns.

This module uses the standard library only, so the workstation's dialog
can show the columns and offer the template without reaching the
database layer; :mod:`services.invitation_import` checks the rows.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from typing import Final

MAX_BYTES: Final = 2_000_000
"""About 20,000 invitations; a larger file is far more likely the wrong file."""
MAX_ROWS: Final = 5_000
"""One import is one transaction: beyond this, split the file."""
PROPERTY_SEPARATOR: Final = "|"
"""Between property names in the ``properties`` cell (``,`` and ``;`` are field delimiters)."""
_SNIFF_BYTES: Final = 64_000
_DELIMITERS: Final = ",;\t"


@dataclass(frozen=True, slots=True)
class Column:
    """One column the file may have: its header name, whether it must be there, and what to write in it."""

    name: str
    required: bool
    meaning: str


COLUMNS: Final = (
    Column("email", True, "the invitee's address; one row per address"),
    Column(
        "role",
        True,
        "reviewer, senior_reviewer, qa, staff_admin, company_admin, user, property_manager, owner_admin or "
        "owner_viewer (admin with a company is company_admin)",
    ),
    Column("first_name", False, "optional"),
    Column("last_name", False, "optional"),
    Column("company", False, "name or short id; needed for company roles, empty for review staff"),
    Column("team", False, "the reviewer team's name (optional)"),
    Column("owner", False, "the owner's name, for owner_admin and owner_viewer"),
    Column("properties", False, f"names or short ids of the company's properties, separated by {PROPERTY_SEPARATOR}"),
    Column("valid_days", False, "how long the code works, 1 to 30 days (default 7)"),
)
"""Every column, in the template's order; header names are matched ignoring case, spaces and hyphens."""
COLUMN_NAMES: Final = tuple(column.name for column in COLUMNS)
_ALIASES: Final = {
    "e_mail": "email",
    "email_address": "email",
    "firstname": "first_name",
    "lastname": "last_name",
    "surname": "last_name",
    "property": "properties",
    "valid_for_days": "valid_days",
}

TEMPLATE: Final = (
    "email,first_name,last_name,role,company,team,owner,properties,valid_days\r\n"
    "jo.reviewer@example.com,Jo,Reviewer,reviewer,,Fraud Detection,,,7\r\n"
    'pat.manager@example.com,Pat,Manager,property_manager,Acme Lettings,,,"Elm Court|Oak House",14\r\n'
)
"""A file to start from: one reviewer, one property manager of two properties."""


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One data row as written (cells stripped), with the file line it starts on."""

    line: int
    cells: dict[str, str]
    """Column name → cell text; every column of :data:`COLUMNS` is present ("" when absent or empty)."""
    problem: str | None = None
    """Why the row cannot be trusted as it stands (more cells than the header has), if so."""

    def cell(self, column: str) -> str:
        return self.cells[column]

    @property
    def properties(self) -> tuple[str, ...]:
        return tuple(name.strip() for name in self.cells["properties"].split(PROPERTY_SEPARATOR) if name.strip())


@dataclass(frozen=True, slots=True)
class InvitationSheet:
    """What the file holds: rows, or the one reason it cannot be read (then no rows)."""

    rows: tuple[SheetRow, ...]
    problem: str | None = None
    delimiter: str = ","


class UnreadableSheet(Exception):
    """The file cannot be read as an invitations CSV; ``str()`` says why and what to do."""


def read_sheet(data: bytes) -> InvitationSheet:
    """Parse an invitations CSV file's bytes; a file that cannot be read comes back with ``problem`` set."""
    try:
        text = _decoded(data)
        delimiter = _sniffed_delimiter(text)
        return InvitationSheet(tuple(_rows(text, delimiter)), delimiter=delimiter)
    except UnreadableSheet as unreadable:
        return InvitationSheet((), str(unreadable))


def _decoded(data: bytes) -> str:
    """The file's text: UTF-8 (with or without its byte-order mark) or UTF-16/32 with theirs; nothing else."""
    if len(data) > MAX_BYTES:
        raise UnreadableSheet(
            f"The file is {len(data) / 1_000_000:.1f} MB; an import takes at most {MAX_BYTES / 1_000_000:.0f} MB"
            f" ({MAX_ROWS} invitations). Split it into smaller files."
        )
    if data.startswith(b"PK\x03\x04"):
        raise UnreadableSheet(
            "This is an Excel workbook (or another zip file), not a CSV file. "
            "In Excel use File → Save As → “CSV UTF-8 (comma delimited)” and choose that file."
        )
    for mark, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(mark):
            return _decode(data, encoding)
    if b"\x00" in data:
        raise UnreadableSheet("The file is not text (it contains NUL bytes). Choose a CSV file saved as UTF-8.")
    return _decode(data, "utf-8")


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as failure:
        line = data[: failure.start].count(b"\n") + 1
        raise UnreadableSheet(
            f"Line {line} is not {encoding.removesuffix('-sig').upper()} text (byte 0x{data[failure.start]:02X}). "
            "Save the file as “CSV UTF-8” (in Excel: File → Save As) and choose it again."
        ) from None


def _sniffed_delimiter(text: str) -> str:
    """``,``, ``;`` or tab: :class:`csv.Sniffer`'s guess if the header reads right with it, else the one that does."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    if not header:
        raise UnreadableSheet("The file is empty: it needs a header row (email, role, …) and one row per invitation.")
    sample = text[:_SNIFF_BYTES]
    try:
        guess = csv.Sniffer().sniff(sample[: sample.rfind("\n") + 1] or sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        guess = ","
    candidates = [guess, *(delimiter for delimiter in _DELIMITERS if delimiter != guess)]
    return max(candidates, key=lambda delimiter: _known_columns(header, delimiter))  # max keeps the first of ties


def _known_columns(header: str, delimiter: str) -> int:
    cells = next(csv.reader([header], delimiter=delimiter, skipinitialspace=True), [])
    return sum(1 for cell in cells if _column_name(cell) in COLUMN_NAMES)


def _column_name(header_cell: str) -> str:
    name = "_".join(header_cell.strip().lower().replace("-", " ").replace("_", " ").split())
    return _ALIASES.get(name, name)


def _rows(text: str, delimiter: str) -> list[SheetRow]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True, strict=True)
    rows: list[SheetRow] = []
    header: list[str] | None = None
    try:
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            if not any(cell.strip() for cell in cells):
                continue  # a blank line, or a spreadsheet's row of empty cells
            if header is None:
                header = _header(start, cells)
                continue
            if len(rows) == MAX_ROWS:
                raise UnreadableSheet(f"The file has more than {MAX_ROWS} invitations; split it into smaller files.")
            rows.append(_row(start, header, cells))
    except csv.Error as failure:
        raise UnreadableSheet(
            f"Line {reader.line_num}: {failure}. A cell with a comma, semicolon, quote or line break must be"
            ' in double quotes, with its own quotes doubled ("").'
        ) from None
    if header is None:
        raise UnreadableSheet("The file is empty: it needs a header row (email, role, …) and one row per invitation.")
    if not rows:
        raise UnreadableSheet("The file has a header but no invitations below it.")
    return rows


def _header(line: int, cells: list[str]) -> list[str]:
    names = [_column_name(cell) for cell in cells]
    unknown = [cell.strip() for cell, name in zip(cells, names, strict=True) if name and name not in COLUMN_NAMES]
    if unknown:
        raise UnreadableSheet(
            f"Line {line}: the column{'s' if len(unknown) > 1 else ''} {', '.join(repr(name) for name in unknown)}"
            f" {'are' if len(unknown) > 1 else 'is'} not one Ruling Desk reads. The columns are: "
            f"{', '.join(COLUMN_NAMES)}."
        )
    twice = sorted({name for name in names if name and names.count(name) > 1})
    if twice:
        raise UnreadableSheet(f"Line {line}: the column {twice[0]!r} appears twice.")
    missing = [column.name for column in COLUMNS if column.required and column.name not in names]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        raise UnreadableSheet(
            f"Line {line}: the header lacks the required column{plural} {' and '.join(missing)}"
            f" (it reads: {', '.join(cell.strip() for cell in cells)})."
        )
    return names


def _row(line: int, header: list[str], cells: list[str]) -> SheetRow:
    values = dict.fromkeys(COLUMN_NAMES, "")
    for name, cell in zip(header, cells, strict=False):
        if name:
            values[name] = cell.strip()
    extra = [cell for cell in cells[len(header) :] if cell.strip()]
    problem = None
    if extra:
        problem = (
            f"has {len(cells)} cells where the header has {len(header)}: a name with a comma or semicolon needs"
            " double quotes"
        )
    return SheetRow(line, values, problem)

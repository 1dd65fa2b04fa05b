"""Writes a table to .xlsx (formatted, constant memory) or to a CSV that German Excel opens correctly."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sozialkoordination.core.formatting import display_text
from sozialkoordination.core.progress import Progress, check
from sozialkoordination.documents.files import WriteError, write_atomically

# Excel and LibreOffice treat a cell starting with one of these as a formula (CSV/DDE injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_TRIGGER_SET = frozenset(FORMULA_TRIGGERS)
SUPPORTED = (".xlsx", ".csv")
_REPORT_EVERY = 1000


# Text that looks like a number to a spreadsheet: "01067" would become 1067, a phone number without spaces a number.
TEXT_KINDS = frozenset({"postcode", "phone"})


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"  # text (wrapped in its cell)|wrap (the same)|int|date|money|postcode|phone
    width: int = 18


ExportError = WriteError  # the name the exports have always raised


def neutralise(value: str) -> str:
    """A CSV cell that would start a formula gets a leading apostrophe, which Excel shows as text."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def write_table(
    path: Path,
    columns: list[Column],
    rows: Iterable[list],
    total: int,
    sheet_name: str = "Liste",
    progress: Progress | None = None,
) -> int:
    """Write rows to `path` (format by suffix). The file appears only when complete; returns the row count."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise ExportError(
            f"Das Format „{suffix or path.name}“ wird nicht unterstützt. Bitte wählen Sie .xlsx oder .csv."
        )
    writer = _write_xlsx if suffix == ".xlsx" else _write_csv
    return write_atomically(path, lambda partial: writer(partial, columns, rows, total, sheet_name, progress), "Excel")


def _write_csv(path, columns, rows, total, _sheet, progress) -> int:
    count = 0
    as_text = [i for i, c in enumerate(columns) if c.kind in TEXT_KINDS]
    # UTF-8 with BOM and ";" is what German Excel expects when a CSV is opened by double-click.
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_MINIMAL)
        writer.writerow([c.label for c in columns])
        for row in rows:
            if as_text:
                row = list(row)
                for i in as_text:
                    row[i] = _kept_as_text(row[i])
            # Plain text that cannot start a formula is the common cell: written as it is, without a call.
            writer.writerow([v if v.__class__ is str and v[:1] not in _TRIGGER_SET else _csv_cell(v) for v in row])
            count += 1
            if count % _REPORT_EVERY == 0:
                check(progress, count, total, f"{count} von {total} Zeilen geschrieben")
    check(progress, count, total, f"{count} Zeilen geschrieben")
    return count


class _TextFormula(str):
    """A cell the app itself wrote as ="digits": not user text, so not neutralised."""


def _kept_as_text(value):
    """German Excel reads a CSV cell of digits as a number (01067 → 1067). ="01067" is a formula it shows as the
    text 01067; harmless, as the value is digits only. Grouped phone numbers ("0551 123456") are text already."""
    if value.__class__ is str and value.isdigit():
        return _TextFormula(f'="{value}"')
    return value


def _csv_cell(value) -> str:
    if value.__class__ is _TextFormula:
        return str(value)
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, float):
        return f"{value:.10g}".replace(".", ",")  # full precision, German decimal comma, no grouping
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return display_text(value)


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: list[Column]
    rows: Iterable[list]
    total: int


def write_workbook(path: Path, sheets: list[Sheet], progress: Progress | None = None) -> int:
    """Several tables as the sheets of one .xlsx (e.g. minutes: tasks and attendance); returns all rows written."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ExportError(
            f"Das Format „{path.suffix or path.name}“ wird hier nicht unterstützt. Bitte wählen Sie .xlsx."
        )
    return write_atomically(path, lambda partial: _write_sheets(partial, sheets, progress), "Excel")


def _write_xlsx(path, columns, rows, total, sheet_name, progress) -> int:
    return _write_sheets(path, [Sheet(sheet_name, columns, rows, total)], progress)


def _write_sheets(path, sheets: list[Sheet], progress) -> int:
    import xlsxwriter  # here, not at the top: 12 ms of every start of the window for a list not yet exported

    # strings_to_* off: user text is always text, never a formula, number or link.
    workbook = xlsxwriter.Workbook(
        str(path),
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False},
    )
    written = 0
    try:
        header = workbook.add_format(
            {"bold": True, "bg_color": "#DCE6F0", "bottom": 1, "text_wrap": True, "valign": "top"}
        )
        # Every cell aligned to the top, long text wrapped: a printed list shows all of an e-mail address or a note.
        text = {"text_wrap": True, "valign": "top"}
        formats = {
            "text": workbook.add_format(text),
            "date": workbook.add_format({"num_format": "dd.mm.yyyy", "valign": "top"}),
            "money": workbook.add_format({"num_format": '#,##0.00 "€"', "valign": "top"}),
            "int": workbook.add_format({"valign": "top"}),
            # "@" is Excel's text format: a postcode or number typed into the sheet later stays text too.
            "postcode": workbook.add_format({"num_format": "@", "valign": "top"}),
            "phone": workbook.add_format({"num_format": "@", "valign": "top"}),
            "wrap": workbook.add_format(text),
        }
        for table in sheets:
            written += _write_sheet(workbook, table, header, formats, progress)
    finally:
        workbook.close()
    return written


def _write_sheet(workbook, table: Sheet, header, formats: dict, progress) -> int:
    columns, total, sheet_name = table.columns, table.total, table.name
    date_format = formats["date"]
    sheet = workbook.add_worksheet(sheet_name[:31])
    for col, column in enumerate(columns):
        sheet.set_column(col, col, column.width, formats.get(column.kind, formats["text"]))
        sheet.write_string(0, col, column.label, header)
    sheet.freeze_panes(1, 0)
    # No green "number stored as text" triangles on postcodes and phone numbers: they are text on purpose.
    sheet.ignore_errors({"number_stored_as_text": "A1:XFD1048576"})
    # Lists get printed for meetings: landscape, one page wide, header row on every page, page numbers.
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.set_margins(left=0.5, right=0.5, top=0.7, bottom=0.7)
    title = sheet_name.replace("&", "&&")
    sheet.set_header(f'&L&"-,Bold"{title}&RStand {date.today():%d.%m.%Y}')
    sheet.set_footer("&CSeite &P von &N")
    count = 0
    write_string = sheet.write_string
    cell_formats = [formats.get(c.kind, formats["text"]) for c in columns]
    for count, row in enumerate(table.rows, start=1):
        for col, value in enumerate(row):
            if value.__class__ is str:  # the common cell first
                if value:
                    write_string(count, col, value, cell_formats[col] if col < len(cell_formats) else None)
                continue
            if value is None:
                continue
            if isinstance(value, datetime | date):
                sheet.write_datetime(count, col, value, date_format)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                sheet.write_number(count, col, value, formats.get(columns[col].kind) if col < len(columns) else None)
            else:
                sheet.write_string(count, col, str(value))
        if count % _REPORT_EVERY == 0:
            check(progress, count, total, f"{count} von {total} Zeilen geschrieben")
    sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
    check(progress, count, total, f"{count} Zeilen geschrieben")
    return count

"""Reads the spreadsheets partners send (.xlsx, .xlsm, .xls, .ods, CSV) safely and forgivingly into rows of cells."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import logging
import mmap
import re
import struct
import sys
import xml.sax
import zipfile
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from xml.etree.ElementTree import ParseError
from xml.sax.handler import ContentHandler, feature_namespaces

import defusedxml.ElementTree
import defusedxml.sax
import python_calamine
from defusedxml import DefusedXmlException

from sozialkoordination.core.errors import DomainError
from sozialkoordination.core.progress import Cancelled, Progress, check

log = logging.getLogger(__name__)

MB = 1024 * 1024
MAX_FILE_BYTES = 150 * MB
MAX_UNZIPPED_BYTES = 300 * MB
MAX_MEMBER_BYTES = 200 * MB
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_ABOVE = 1 * MB
MAX_ZIP_MEMBERS = 10_000
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
# python-calamine holds a sheet as one dense block of ~32 bytes per cell and aborts the whole process when that
# allocation fails; a 5 KB file with entries in A1 and XFD1048576 is enough. Ten million cells stay near 320 MB.
MAX_CELLS = 10_000_000
SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".txt")

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Formats people pick by mistake that a text check alone would not catch (PDF and RTF are mostly ASCII).
_NOT_TABLE_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"{\\rtf", b"\x1f\x8b", b"Rar!")
_CHUNK = MB  # a multiple of the 128-byte OLE directory entry, see _ole_streams
_HEAD_BYTES = 64 * 1024
_SNIFF_RECORDS = 50
_DELIMITERS = (";", "\t", ",", "|")  # order breaks ties: German Excel writes ";"
_REPORT_EVERY = 1000
_MAX_SMALL_PART = 16 * MB
_ENDOFCHAIN = 0xFFFFFFFE
_DIFSECT = 0xFFFFFFFC
_FIRST_SPECIAL_SECTOR = 0xFFFFFFFA
_MINI_STREAM_CUTOFF = 4096
_MAX_MINIFAT_SECTORS = 1024  # 8 MB of small streams; calamine also reserves a buffer from this header field
_BIFF_RECORD = struct.Struct("<HH")
# Number, Label, BoolErr, RK, LabelSst, MulRk, Formula: the xls records that put a value in a cell for calamine.
_BIFF_CELLS = frozenset({0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x00BD, 0x0006})

_XLSX_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": "xlsx",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": "xlsm",
    "application/vnd.ms-excel.template.macroEnabled.main+xml": "xlsm",
}
_XLSB_MAIN_TYPE = "application/vnd.ms-excel.sheet.binary.macroEnabled.main"
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_ODF_NS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_ODF_NS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def _loose(word: bytes) -> bytes:
    """A pattern for `word` that also matches its UTF-16 form (a NUL byte between the characters)."""
    return b"\x00?".join(re.escape(word[i : i + 1]) for i in range(len(word)))


_XML_DECLARATION = re.compile(b"(?:" + _loose(b"<!DOCTYPE") + b"|" + _loose(b"<!ENTITY") + b")", re.IGNORECASE)
_COUNT_ATTRIBUTE = re.compile(rb"""count\s*=\s*["']?([0-9]+)""", re.IGNORECASE)
_OVERLAP = 64  # bytes of the previous chunk searched again, so that nothing hides across a chunk boundary
_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"  # quick-xml, and so calamine, matches elements by local name
_QUOTED = rb"""\s*=\s*(?:"([^"]*)"|'([^']*)')"""
_ROW_OPEN = re.compile(rb"<" + _PREFIX + rb"row\b([^>]*)>")
_ROW_CLOSE = re.compile(rb"</" + _PREFIX + rb"row\s*>")
_ROW_OR_CELL = re.compile(rb"<(/?)" + _PREFIX + rb"(row|c)\b([^>]*)>")
_ATTRIBUTE = re.compile(rb"([^\s=]+)" + _QUOTED)
_SINGLE_QUOTED = re.compile(rb"=\s*'")  # a value in '…' could hide a fake r="…" from the fast path
# A cell start tag with a readable reference: (column letters, row digits).
_CELL_REF = re.compile(rb"<" + _PREFIX + rb"c\s(?:[^>]*?\s)?r\s*=\s*[\"']([A-Za-z]{1,3})([0-9]{1,9})[\"']")
_FAST_R = re.compile(rb'\sr\s*=\s*"([^"]*)"')
# Row and cell tags as Excel, LibreOffice, openpyxl and XlsxWriter write them: no prefix, the reference first and
# in double quotes, any other attribute double-quoted with no quote, "<" or ">" in its value.
_PLAIN_ROW = re.compile(rb'<row r="([1-9][0-9]{0,8})"(?:\s+[A-Za-z_][\w:.-]*="[^"\'<>]*")*\s*(/?)>')
_UNUSUAL_ROW = re.compile(rb'<row(?! r="[1-9][0-9]{0,8}"(?:\s+[A-Za-z_][\w:.-]*="[^"\'<>]*")*\s*/?>)')
_PLAIN_CELL = re.compile(rb'<c r="([A-Za-z]{1,3})([0-9]{1,9})"')
_UNUSUAL_CELL = re.compile(rb'<c(?! r="[A-Za-z]{1,3}[0-9]{1,9}")')
_REFERENCE = re.compile(rb"([A-Za-z]{1,3})([0-9]{1,9})")

_TEXT_BYTES = bytes({7, 8, 9, 10, 11, 12, 13, 26, 27} | set(range(0x20, 0x100)) - {0x7F})
_MARKUP_STARTS = ("<?xml", "<html", "<!doctype", "<table", "<head", "<body", "<meta", "<style")

_MSG_EMPTY = "Die Datei ist leer. Bitte prüfen Sie, ob Sie die richtige Datei ausgewählt haben."
_MSG_CORRUPT = (
    "Die Datei ist beschädigt oder unvollständig und kann nicht gelesen werden. Bitte öffnen Sie sie in Excel oder "
    "LibreOffice, speichern Sie sie neu und versuchen Sie es erneut (oder lassen Sie sie sich noch einmal schicken)."
)
_MSG_PASSWORD_EXCEL = (
    "Die Arbeitsmappe ist mit einem Kennwort geschützt. "
    "Bitte speichern Sie sie in Excel ohne Kennwort und versuchen Sie es erneut."
)
_MSG_PASSWORD_ODS = (
    "Die Tabelle ist mit einem Kennwort geschützt. "
    "Bitte speichern Sie sie in LibreOffice ohne Kennwort und versuchen Sie es erneut."
)
_MSG_XML = (
    "Die Datei enthält unzulässige XML-Konstrukte (DOCTYPE/ENTITY) und wird aus Sicherheitsgründen nicht geöffnet. "
    "Bitte öffnen Sie sie in Excel oder LibreOffice, speichern Sie sie neu und versuchen Sie es erneut."
)
_MSG_XLSB = (
    "Das Excel-Binärformat (.xlsb) wird nicht unterstützt. Bitte speichern Sie die Datei in Excel als "
    "„Excel-Arbeitsmappe (.xlsx)“ und versuchen Sie es erneut."
)
_SUPPORTED_TEXT = ".xlsx, .xlsm, .xls, .ods, .csv, .tsv und .txt"


class SpreadsheetError(DomainError):
    """A file that cannot be read; the German message says what is wrong and what to do."""


@dataclass(frozen=True)
class CsvOptions:
    encoding: str | None = None  # None = detect
    delimiter: str | None = None  # None = detect


@dataclass(frozen=True)
class FileInfo:
    path: Path
    kind: str  # "xlsx" | "xlsm" | "xls" | "ods" | "csv" (csv also for .tsv/.txt)
    sheet_names: list[str]  # visible sheets first, in workbook order; the file stem for text files
    encoding: str | None  # text files: the encoding used
    delimiter: str | None  # text files: the delimiter used
    size: int  # bytes


@dataclass(frozen=True)
class SheetData:
    name: str
    rows: list[list[object]]  # str, int, float, bool, date, datetime, time or None; empty rows kept as []
    hidden_rows: frozenset[int]  # 0-based indexes into rows that are hidden in the file


def inspect_file(path: Path | str, csv_options: CsvOptions | None = None) -> FileInfo:
    """Type, sheets and (for text files) encoding and delimiter of a file, checked to be safe to read."""
    path = Path(path)
    with _guard():
        found = _examine(path, csv_options, None, scan_sheets=False)
        if found.kind == "csv":
            return FileInfo(path, "csv", [path.stem], found.encoding, found.delimiter, found.size)
        with _open_workbook(path) as workbook:
            names = _sheet_names(workbook)
        return FileInfo(path, found.kind, names, None, None, found.size)


def read_sheet(
    path: Path | str,
    sheet: str | None = None,
    csv_options: CsvOptions | None = None,
    progress: Progress | None = None,
) -> SheetData:
    """All rows of one sheet (None = the first visible one) as they are in the file, merged cells filled."""
    path = Path(path)
    with _guard():
        found = _examine(path, csv_options, progress, scan_sheets=True)
        if found.kind == "csv":
            _choose_sheet([path.stem], sheet)
            return _read_csv(path, found, progress)
        with _open_workbook(path) as workbook:
            name = _choose_sheet(_sheet_names(workbook), sheet)
            hidden, merged = _precheck_sheet(found, name)
            check(progress, 0, 0, f"Tabellenblatt „{name}“ wird geöffnet")
            calamine_sheet = workbook.get_sheet_by_name(name)
            rows = _sheet_rows(calamine_sheet, name, progress)
            if merged is None:
                merged = calamine_sheet.merged_cell_ranges or []
        _fill_merged(rows, merged)
        return SheetData(name, rows, frozenset(index for index in hidden if index < len(rows)))


# --- what the file is -------------------------------------------------------------------------------------------


@dataclass
class _Examined:
    kind: str
    size: int
    encoding: str | None = None
    decode_errors: str = "replace"
    delimiter: str | None = None
    worksheet_scans: dict[str, _SheetScan] = field(default_factory=dict)  # xlsx: zip member → scan of it
    sheet_parts: dict[str, str] = field(default_factory=dict)  # xlsx: sheet name → zip member calamine reads
    ods_scans: list[_OdsScan] = field(default_factory=list)  # ods: content.xml (normally exactly one)


def _examine(path: Path, csv_options: CsvOptions | None, progress: Progress | None, scan_sheets: bool) -> _Examined:
    size = _file_size(path)
    with path.open("rb") as file:
        head = file.read(_HEAD_BYTES)
    if head.startswith(_ZIP_MAGIC):
        return _examine_zip(path, size, progress, scan_sheets)
    if head.startswith(_OLE_MAGIC):
        return _examine_ole(path, size)
    if head.startswith(_NOT_TABLE_MAGIC):
        raise _not_a_table(path)
    return _examine_text(path, size, head, csv_options or CsvOptions())


def _file_size(path: Path) -> int:
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise SpreadsheetError(
            f"Die Datei „{path}“ wurde nicht gefunden. Bitte prüfen Sie, ob sie verschoben oder umbenannt wurde."
        ) from None
    if path.is_dir():
        raise SpreadsheetError(f"„{path}“ ist ein Ordner und keine Datei. Bitte wählen Sie eine Tabellendatei aus.")
    if stat.st_size > MAX_FILE_BYTES:
        raise SpreadsheetError(
            f"Die Datei ist zu groß ({stat.st_size / MB:.0f} MB, höchstens {MAX_FILE_BYTES // MB} MB). Bitte entfernen "
            "Sie nicht benötigte Tabellenblätter oder teilen Sie die Daten auf mehrere Dateien auf."
        )
    if stat.st_size == 0:
        raise SpreadsheetError(_MSG_EMPTY)
    return stat.st_size


def _not_a_table(path: Path) -> SpreadsheetError:
    suffix = path.suffix.lower()
    if suffix and suffix not in SUPPORTED_SUFFIXES:
        return SpreadsheetError(
            f"Die Datei „{path.name}“ ist keine Tabelle (Excel, LibreOffice oder CSV); das Format „{suffix}“ wird "
            f"nicht unterstützt. Bitte wählen Sie eine Datei im Format {_SUPPORTED_TEXT}."
        )
    return SpreadsheetError(
        f"Die Datei „{path.name}“ ist keine Tabelle (Excel, LibreOffice oder CSV), sondern zum Beispiel ein PDF, "
        "ein Bild oder eine beschädigte Datei. Bitte wählen Sie die Tabellendatei aus oder lassen Sie sie sich als "
        "Excel- oder CSV-Datei schicken."
    )


def _not_a_spreadsheet(what: str) -> SpreadsheetError:
    return SpreadsheetError(
        f"Die Datei ist kein Tabellendokument, sondern {what}. "
        f"Bitte wählen Sie eine Tabelle im Format {_SUPPORTED_TEXT}."
    )


# --- zip containers: xlsx, xlsm, ods ----------------------------------------------------------------------------


def _examine_zip(path: Path, size: int, progress: Progress | None, scan_sheets: bool) -> _Examined:
    _check_central_directory(path, size)
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        _check_zip_limits(infos)
        found = _Examined(_zip_kind(archive), size)
        # python-calamine finds parts case-insensitively and with "\\" read as "/", taking the first match.
        normalized = {info.filename: info.filename.replace("\\", "/").lower() for info in infos}
        consumers: dict[str, Callable[[bytes], None]] = {}
        if found.kind == "ods":
            for name, plain in normalized.items():
                if plain == "content.xml":
                    found.ods_scans.append(_OdsScan())
                    consumers[name] = found.ods_scans[-1].feed
        elif scan_sheets:
            for name, plain in normalized.items():
                if plain.startswith("xl/worksheets/"):
                    found.worksheet_scans[name] = _SheetScan()
                    consumers[name] = found.worksheet_scans[name].feed
        _scan_xml_parts(archive, infos, consumers, progress)
        for ods in found.ods_scans:
            ods.close()
            for table in ods.tables.values():  # calamine builds every table when it opens the file
                _check_extent(table.name, table.max_row, table.max_col)
        if found.worksheet_scans:
            found.sheet_parts = _xlsx_sheet_parts(archive)
    return found


def _check_central_directory(path: Path, size: int) -> None:
    """Refuse a zip with too many members before zipfile builds an object for each of them."""
    with path.open("rb") as file:
        file.seek(max(0, size - (22 + 65535)))
        tail = file.read()
    end = tail.rfind(b"PK\x05\x06")
    if end < 0 or end + 22 > len(tail):
        raise SpreadsheetError(_MSG_CORRUPT)
    members, directory_size = struct.unpack("<HI", tail[end + 10 : end + 16])
    if members == 0xFFFF or directory_size == 0xFFFFFFFF:
        locator = tail.rfind(b"PK\x06\x07", 0, end)
        if locator < 0 or locator + 20 > len(tail):
            raise SpreadsheetError(_MSG_CORRUPT)
        (record_offset,) = struct.unpack("<Q", tail[locator + 8 : locator + 16])
        with path.open("rb") as file:
            file.seek(record_offset)
            record = file.read(56)
        if len(record) < 56 or not record.startswith(b"PK\x06\x06"):
            raise SpreadsheetError(_MSG_CORRUPT)
        members, directory_size = struct.unpack("<QQ", record[32:48])
    if members > MAX_ZIP_MEMBERS or directory_size > MAX_ZIP_MEMBERS * 1024:
        raise _zip_bomb(f"sie besteht aus mehr als {_n(MAX_ZIP_MEMBERS)} Teilen")


def _check_zip_limits(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ZIP_MEMBERS:
        raise _zip_bomb(f"sie besteht aus mehr als {_n(MAX_ZIP_MEMBERS)} Teilen")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_MEMBER_BYTES:
            raise _zip_bomb(
                f"ein Teil entpackt sich auf {info.file_size / MB:.0f} MB (höchstens {MAX_MEMBER_BYTES // MB} MB)"
            )
        if info.file_size > RATIO_CHECKED_ABOVE and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            raise _zip_bomb(f"ein Teil ist mehr als {MAX_COMPRESSION_RATIO}-fach komprimiert, wie bei einer ZIP-Bombe")
    if total > MAX_UNZIPPED_BYTES:
        raise _zip_bomb(f"sie entpackt sich auf {total / MB:.0f} MB (höchstens {MAX_UNZIPPED_BYTES // MB} MB)")


def _zip_bomb(reason: str) -> SpreadsheetError:
    return SpreadsheetError(
        f"Die Datei wird aus Sicherheitsgründen nicht geöffnet: {reason}. Bitte öffnen Sie sie in Excel oder "
        "LibreOffice, entfernen Sie nicht benötigte Inhalte und speichern Sie sie neu."
    )


def _read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > _MAX_SMALL_PART:
        raise SpreadsheetError(_MSG_CORRUPT)
    data = archive.read(info)
    if _XML_DECLARATION.search(data):
        raise SpreadsheetError(_MSG_XML)
    return data


def _zip_kind(archive: zipfile.ZipFile) -> str:
    """ "xlsx", "xlsm" or "ods", or an error saying what the zip is instead."""
    names = set(archive.namelist())
    if "mimetype" in names:
        mimetype = _read_part(archive, "mimetype").strip()
        if mimetype.startswith(_ODS_MIMETYPE):
            manifest = _calamine_member(archive, "META-INF/manifest.xml")
            if manifest is not None and b"encryption-data" in _read_part(archive, manifest):
                raise SpreadsheetError(_MSG_PASSWORD_ODS)
            return "ods"
        if b"opendocument.text" in mimetype:
            raise _not_a_spreadsheet("ein Textdokument (Writer)")
        if b"opendocument.presentation" in mimetype:
            raise _not_a_spreadsheet("eine Präsentation")
        raise _not_a_spreadsheet("ein anderes Dokument oder ein ZIP-Archiv")
    if "[Content_Types].xml" in names:
        root = defusedxml.ElementTree.fromstring(_read_part(archive, "[Content_Types].xml"), forbid_dtd=True)
        for element in root:
            content_type = element.get("ContentType", "")
            if content_type in _XLSX_MAIN_TYPES:
                return _XLSX_MAIN_TYPES[content_type]
            if content_type.startswith(_XLSB_MAIN_TYPE):
                raise SpreadsheetError(_MSG_XLSB)
        if "xl/workbook.bin" in names:
            raise SpreadsheetError(_MSG_XLSB)
        if "xl/workbook.xml" in names:
            return "xlsx"
        if any(name.startswith("word/") for name in names):
            raise _not_a_spreadsheet("ein Word-Dokument")
        if any(name.startswith("ppt/") for name in names):
            raise _not_a_spreadsheet("eine PowerPoint-Präsentation")
    raise _not_a_spreadsheet("ein anderes Dokument oder ein ZIP-Archiv")


def _scan_xml_parts(
    archive: zipfile.ZipFile,
    infos: list[zipfile.ZipInfo],
    consumers: dict[str, Callable[[bytes], None]],
    progress: Progress | None,
) -> None:
    """Stream every XML part once: refuse DTD/entity declarations, let the consumers see their part.

    Reading each part to its end also makes zipfile verify the declared size and CRC, so a member that lies
    about its size never reaches python-calamine.
    """
    parts = [
        info
        for info in infos
        if not info.is_dir() and (info.filename.lower().endswith((".xml", ".rels")) or info.filename in consumers)
    ]
    total = sum(info.file_size for info in parts)
    done = 0
    for info in parts:
        consumer = consumers.get(info.filename)
        # calamine reserves memory for counts such as <sst uniqueCount="…"> before reading what they count.
        count_limit = max(info.file_size // 4, MAX_CELLS)
        tail = b""
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                window = tail + chunk
                # Both forms of the declaration start with "<!" (UTF-16: "<\0!"); finding neither is ten times faster.
                if (b"<!" in window or b"<\x00!" in window) and _XML_DECLARATION.search(window):
                    log.warning("%s: DOCTYPE/ENTITY in %s", archive.filename, info.filename)
                    raise SpreadsheetError(_MSG_XML)
                if b"ount" in window and any(int(n) > count_limit for n in _COUNT_ATTRIBUTE.findall(window)):
                    log.warning("%s: implausible count in %s", archive.filename, info.filename)
                    raise SpreadsheetError(_MSG_CORRUPT)
                tail = chunk[-_OVERLAP:]
                if consumer is not None:
                    consumer(chunk)
                done += len(chunk)
                check(progress, done, total, "Datei wird geprüft")


def _xlsx_sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the zip member python-calamine will read for it, resolved the way calamine does."""
    rels_name = _calamine_member(archive, "xl/_rels/workbook.xml.rels")
    workbook_name = _calamine_member(archive, "xl/workbook.xml")
    if rels_name is None or workbook_name is None:
        return {}
    targets = {}
    for element in defusedxml.ElementTree.fromstring(_read_part(archive, rels_name), forbid_dtd=True):
        target = element.get("Target", "")
        if target.startswith("/xl/"):
            target = target[1:]
        elif not target.startswith("xl/"):
            target = "xl/" + target
        targets[element.get("Id")] = _calamine_member(archive, target)
    parts = {}
    for element in defusedxml.ElementTree.fromstring(_read_part(archive, workbook_name), forbid_dtd=True).iter():
        if element.tag.rpartition("}")[2] != "sheet":
            continue
        relation = next((value for key, value in element.attrib.items() if key.rpartition("}")[2] == "id"), None)
        member = targets.get(relation)
        if element.get("name") is not None and member is not None:
            parts[element.get("name")] = member
    return parts


def _calamine_member(archive: zipfile.ZipFile, path: str) -> str | None:
    for name in archive.namelist():
        if name.replace("\\", "/").lower() == path.lower():
            return name
    return None


class _SheetScan:
    """Streams one xlsx worksheet part without building a tree: hidden rows and the last used row and column.

    Cell positions follow python-calamine: r="B7" if the cell has it, otherwise the column after the previous cell,
    in the row of the last <row r=…> plus one per closed row. Files that write r on every cell (Excel, LibreOffice,
    openpyxl, XlsxWriter) take a fast path through a few regular expressions per block; blocks whose tags are all
    written the usual way (`_plain`) skip even the Python step per row.
    """

    def __init__(self) -> None:
        self.hidden: list[int] = []
        self.max_row = 0  # 1-based, 0 = no cell
        self.max_col = 0
        self._next_row = 1  # the row Excel means by a <row> without r
        self._row = 0  # calamine's 0-based row and column for the next cell without r
        self._col = 0
        self._markup = False  # comments or CDATA could hide or fake tags from the regular expressions
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        data = self._tail + chunk
        cut = data.rfind(b">") + 1
        self._tail = data[cut:]
        if len(self._tail) > 4 * _CHUNK:
            raise SpreadsheetError(_MSG_CORRUPT)
        block = data[:cut]
        self._markup = self._markup or b"<!" in block
        single_quoted = _SINGLE_QUOTED.search(block) is not None
        if not single_quoted and self._plain(block):
            return
        last_row_start = None
        for match in _ROW_OPEN.finditer(block):
            attributes = match.group(1)
            _check_quotes(attributes)
            if single_quoted:
                number = _attribute(b"r", attributes)
            else:  # only "…" values: the first r="…" is the attribute itself
                number = (found := _FAST_R.search(attributes)) and found.group(1)
            row = _row_number(number) if number is not None else self._next_row
            if b"hidden" in attributes and _attribute(b"hidden", attributes) in (b"1", b"true"):
                self.hidden.append(row - 1)
            self._next_row = row + 1
            if number is not None and not attributes.endswith(b"/"):
                last_row_start = (match.end(), row - 1)
        # Every cell start tag contains "<c" or ":c"; counting <cols>, <cfRule> or text too only costs speed.
        cells = block.count(b"<c") + block.count(b":c")
        refs = _CELL_REF.findall(block)
        if cells == len(refs) and not single_quoted:
            self._explicit(block, refs, last_row_start)
        else:
            self._simulate(block)

    def _plain(self, block: bytes) -> bool:
        """What the general way below does, for a block whose row and cell tags are all plain (see _PLAIN_ROW), but
        without a Python step per row (0.9 s of a 100,000-row list). False, with nothing done, for any other block.

        In such a block every row tag has its r, no row is hidden, no quotes are unbalanced, and the cell references
        are exactly those _CELL_REF finds, so the general way would call _explicit with the same arguments."""
        if b"hidden" in block or b":row" in block or b":c" in block:
            return False
        if _UNUSUAL_ROW.search(block) or _UNUSUAL_CELL.search(block):
            return False
        # Only the last row tags matter: the last one for the next row number, the last one that is not empty
        # (<row r="9"/>) for the position of cells without r in a later block.
        rows = []
        position = len(block)
        while (position := block.rfind(b"<row", 0, position)) >= 0:
            rows.append(_PLAIN_ROW.match(block, position))  # every "<row" matches, see _UNUSUAL_ROW
            if not rows[-1].group(2):
                break
        if rows:
            self._next_row = int(rows[0].group(1)) + 1
        last_row_start = None if not rows or rows[-1].group(2) else (rows[-1].end(), int(rows[-1].group(1)) - 1)
        self._explicit(block, _PLAIN_CELL.findall(block), last_row_start)
        return True

    def _explicit(self, block: bytes, refs: list[tuple[bytes, bytes]], last_row_start) -> None:
        """Every cell in the block has a readable r: the extent comes straight from the references.

        Empty cells (<c r="X9" s="1"/>, only formatted) count too, although calamine skips them: one pattern
        for both is much faster, and formatting far outside the data is rare.
        """
        if refs:
            rows = {int(row) for row in {row for _, row in refs}}
            if 0 in rows:
                raise SpreadsheetError(_MSG_CORRUPT)
            self.max_row = max(self.max_row, max(rows))
            self.max_col = max(self.max_col, max(_column_number(col) for col in {col for col, _ in refs}))
        # Carry calamine's position over in case a later block has cells without r. Only the closing tags after the
        # last row start matter, and the last one before it: a close cannot overlap the row tag.
        if last_row_start is None:
            closes = [match.start() for match in _ROW_CLOSE.finditer(block)]
            self._row += len(closes)
        else:
            position, row = last_row_start
            closes = [match.start() for match in _ROW_CLOSE.finditer(block, position)]
            self._row = row + len(closes)
            if not closes:
                closes = _last_row_close(block, position)
        last_close = closes[-1] if closes else 0
        tail = [
            match
            for match in _CELL_REF.finditer(block, last_close)
            if block[block.find(b">", match.end()) - 1] != ord("/")  # calamine skips empty cells
        ]
        if tail:
            self._col = _column_number(tail[-1].group(1))
        elif closes:
            self._col = 0

    def _simulate(self, block: bytes) -> None:
        """Some cells lack r: follow calamine's row and column counting tag by tag."""
        if self._markup:
            raise SpreadsheetError(_MSG_CORRUPT)
        for match in _ROW_OR_CELL.finditer(block):
            closing, name, attributes = match.groups()
            _check_quotes(attributes)
            if attributes.endswith(b"/"):
                continue  # calamine skips empty elements
            if name == b"row":
                if closing:
                    self._row += 1
                    self._col = 0
                elif (number := _attribute(b"r", attributes)) is not None:
                    self._row = _row_number(number) - 1
            elif not closing:
                reference = _attribute(b"r", attributes)
                row, col = (self._row, self._col) if reference is None else _cell_position(reference)
                self._col = col + 1
                self.max_row = max(self.max_row, row + 1)
                self.max_col = max(self.max_col, col + 1)


def _last_row_close(block: bytes, end: int) -> list[int]:
    """[start of the last row closing tag before `end`], or [] if there is none."""
    position = end
    while (position := block.rfind(b"</", 0, position)) >= 0:
        if _ROW_CLOSE.match(block, position):
            return [position]
    return []


def _attribute(name: bytes, attributes: bytes) -> bytes | None:
    """One attribute's value, tokenizing from the left so that a value cannot pass for another attribute."""
    for match in _ATTRIBUTE.finditer(attributes):
        if match.group(1) == name:
            return match.group(2) if match.group(2) is not None else match.group(3)
    return None


def _check_quotes(attributes: bytes) -> None:
    """A ">" inside an attribute value cuts the tag short for the regular expressions; real files never have one."""
    if attributes.count(b'"') % 2 or attributes.count(b"'") % 2:
        raise SpreadsheetError(_MSG_CORRUPT)


def _row_number(text: bytes) -> int:
    if not text.isdigit() or len(text) > 9 or int(text) == 0:
        raise SpreadsheetError(_MSG_CORRUPT)
    return int(text)


def _cell_position(reference: bytes) -> tuple[int, int]:
    """0-based (row, column) of "B7"; anything calamine might read differently is refused."""
    match = _REFERENCE.fullmatch(reference)
    if match is None:
        raise SpreadsheetError(_MSG_CORRUPT)
    return _row_number(match.group(2)) - 1, _column_number(match.group(1)) - 1


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter & 0xDF) - 64  # calamine reads lowercase letters like uppercase
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class _OdsTable:
    name: str
    hidden: list[tuple[int, int]] = field(default_factory=list)  # (first row, number of rows)
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    max_row: int = 0  # 1-based last row and column with content, 0 = empty
    max_col: int = 0


class _OdsScan(ContentHandler):
    """Streams an ODS content.xml: per table the hidden rows, merged cells and the used area (repeats counted)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, _OdsTable] = {}
        self._table: _OdsTable | None = None
        self._row = 0
        self._row_repeat = 1
        self._row_last_col = 0
        self._col = 0
        self._cell_repeat = 0  # > 0 while inside a cell
        self._cell_filled = False
        self._cell_depth = 0
        self._nested_tables = 0  # tables inside a table (e.g. in shapes) count towards the outer one
        self._parser = defusedxml.sax.make_parser()
        self._parser.forbid_dtd = True
        self._parser.setFeature(feature_namespaces, True)
        self._parser.setContentHandler(self)

    def feed(self, chunk: bytes) -> None:
        self._parser.feed(chunk)

    def close(self) -> None:
        self._parser.close()

    def startElementNS(self, name, qname, attrs) -> None:  # noqa: N802 - SAX API
        uri, local = name
        if self._cell_repeat:
            self._cell_filled = True  # any child (text:p, annotation …) counts as content
            self._cell_depth += 1
        elif uri != _ODF_NS_TABLE:
            return
        elif self._table is None:
            if local == "table":
                table_name = attrs.get((_ODF_NS_TABLE, "name"), "")
                self._table = self.tables.setdefault(table_name, _OdsTable(table_name))
                self._row = 0
        elif local == "table":
            self._nested_tables += 1
        elif local == "table-row":
            self._row_repeat = _repeat(attrs.get((_ODF_NS_TABLE, "number-rows-repeated")))
            if attrs.get((_ODF_NS_TABLE, "visibility")) in ("collapse", "filter"):
                self._table.hidden.append((self._row, self._row_repeat))
            self._col = 0
            self._row_last_col = 0
        elif local in ("table-cell", "covered-table-cell"):
            self._cell_repeat = _repeat(attrs.get((_ODF_NS_TABLE, "number-columns-repeated")))
            self._cell_filled = attrs.get((_ODF_NS_OFFICE, "value-type")) is not None
            self._cell_depth = 0
            rows = _repeat(attrs.get((_ODF_NS_TABLE, "number-rows-spanned")))
            cols = _repeat(attrs.get((_ODF_NS_TABLE, "number-columns-spanned")))
            if local == "table-cell" and (rows > 1 or cols > 1):
                first = (self._row, self._col)
                self._table.merged.append((first, (self._row + rows - 1, self._col + cols - 1)))

    def endElementNS(self, name, qname) -> None:  # noqa: N802 - SAX API
        if self._table is None:
            return
        if self._cell_repeat:
            if self._cell_depth:
                self._cell_depth -= 1
                return
            self._col += self._cell_repeat
            if self._cell_filled:
                self._row_last_col = self._col
            self._cell_repeat = 0
            return
        uri, local = name
        if uri != _ODF_NS_TABLE:
            return
        if local == "table-row":
            self._row += self._row_repeat
            if self._row_last_col:
                self._table.max_row = self._row
                self._table.max_col = max(self._table.max_col, self._row_last_col)
        elif local == "table":
            if self._nested_tables:
                self._nested_tables -= 1
            else:
                self._table = None


def _repeat(value: str | None) -> int:
    try:
        return min(max(int(value or 1), 1), 2**31)
    except ValueError:
        return 1


def _check_extent(sheet: str, max_row: int, max_col: int) -> None:
    """Refuse a sheet whose used area (counted from A1) would not fit in memory before a reader allocates it."""
    if max_row > MAX_ROWS or max_col > MAX_COLUMNS:
        raise SpreadsheetError(
            f"Das Tabellenblatt „{sheet}“ hat mehr als {_n(MAX_ROWS)} Zeilen oder {_n(MAX_COLUMNS)} Spalten und kann "
            "nicht gelesen werden. Bitte entfernen Sie überzählige Zeilen und Spalten und speichern Sie die Datei neu."
        )
    if max_row * max_col > MAX_CELLS:
        raise SpreadsheetError(
            f"Das Tabellenblatt „{sheet}“ ist zu groß: Der benutzte Bereich reicht von A1 bis "
            f"{_column_letters(max_col)}{max_row} ({_n(max_row)} Zeilen × {_n(max_col)} Spalten). Vermutlich stehen "
            "weit unten oder rechts einzelne Einträge; bitte löschen Sie diese in Excel oder LibreOffice und speichern "
            "Sie die Datei neu."
        )


# --- OLE2 containers: xls or a password-protected xlsx ---------------------------------------------------------


def _examine_ole(path: Path, size: int) -> _Examined:
    streams = _ole_streams(path, ("EncryptedPackage", "Workbook", "Book", "WordDocument", "PowerPoint Document"))
    if "EncryptedPackage" in streams:
        raise SpreadsheetError(_MSG_PASSWORD_EXCEL)
    if not streams & {"Workbook", "Book"}:
        if "WordDocument" in streams:
            raise _not_a_spreadsheet("ein Word-Dokument")
        if "PowerPoint Document" in streams:
            raise _not_a_spreadsheet("eine PowerPoint-Präsentation")
    with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
        workbook = _CompoundFile(data).workbook_stream()
    if workbook is not None:
        _check_biff(workbook)
    return _Examined("xls", size)


class _CompoundFile:
    """Just enough of MS-CFB to check every sector number python-calamine's xls reader will follow.

    calamine trusts them blindly: a number far beyond the end of the file makes it allocate gigabytes and a cycle
    makes it read forever; both end the whole process, which a garbled e-mail attachment must never do.
    """

    def __init__(self, data: mmap.mmap) -> None:
        if len(data) < 512:
            raise SpreadsheetError(_MSG_CORRUPT)
        shift, mini_shift = struct.unpack_from("<HH", data, 30)
        if shift not in (9, 12) or mini_shift != 6:
            raise SpreadsheetError(_MSG_CORRUPT)
        self._data = data
        self._size = 1 << shift
        self._count = max(0, -(-(len(data) - self._size) // self._size))  # sectors after the header
        directory_sectors, fat_sectors, directory_start = struct.unpack_from("<III", data, 40)
        minifat_start, minifat_sectors, difat_start = struct.unpack_from("<III", data, 60)
        if max(directory_sectors, fat_sectors) > self._count or minifat_sectors > _MAX_MINIFAT_SECTORS:
            raise SpreadsheetError(_MSG_CORRUPT)
        self._fat = self._read_fat(difat_start)
        self._fat_ends = _chain_ends(self._fat, self._count)
        directory = self._chain(directory_start, self._fat, self._fat_ends, self._sector)
        self._entries = [directory[offset : offset + 128] for offset in range(0, len(directory) - 127, 128)]
        if not self._entries:
            raise SpreadsheetError(_MSG_CORRUPT)
        self._mini = b""
        self._minifat = _u32(b"")
        if minifat_sectors:
            root_start, root_length = self._entry(self._entries[0])
            if root_length > len(data):
                raise SpreadsheetError(_MSG_CORRUPT)
            self._mini = self._chain(root_start, self._fat, self._fat_ends, self._sector)[:root_length]
            table = self._chain(minifat_start, self._fat, self._fat_ends, self._sector)
            self._minifat = _u32(table[: minifat_sectors * self._size])
        self._mini_ends = _chain_ends(self._minifat, -(-len(self._mini) // 64))
        for entry in self._entries[1:]:
            start, length = self._entry(entry)
            if entry[66] == 2 and length and not self._valid_stream(start, length):
                raise SpreadsheetError(_MSG_CORRUPT)

    def workbook_stream(self) -> bytes | None:
        """The stream calamine parses ("Workbook", or "Book" in Excel 95 files), None if there is none."""
        for wanted in ("Workbook", "Book"):
            for entry in self._entries:
                if entry[:64].decode("utf-16-le", "ignore").split("\0")[0] == wanted:
                    start, length = self._entry(entry)
                    if not self._valid_stream(start, length):
                        raise SpreadsheetError(_MSG_CORRUPT)
                    if length < _MINI_STREAM_CUTOFF:
                        return self._chain(start, self._minifat, self._mini_ends, self._mini_sector)[:length]
                    return self._chain(start, self._fat, self._fat_ends, self._sector)[:length]
        return None

    def _read_fat(self, difat_start: int) -> array:
        difat = _u32(self._data[76:512])
        seen = set()
        link = difat_start
        while link < _FIRST_SPECIAL_SECTOR:  # the loop condition calamine uses
            if link >= self._count or link in seen:
                raise SpreadsheetError(_MSG_CORRUPT)
            seen.add(link)
            numbers = _u32(self._full_sector(link))
            difat.extend(numbers[:-1])
            link = numbers[-1]
        fat_sectors = [number for number in difat if number < _DIFSECT]
        if len(fat_sectors) > self._count or any(number >= self._count for number in fat_sectors):
            raise SpreadsheetError(_MSG_CORRUPT)
        fat = _u32(b"")
        for number in fat_sectors:
            fat.extend(_u32(self._full_sector(number)))
        return fat

    def _valid_stream(self, start: int, length: int) -> bool:
        ends = self._mini_ends if length < _MINI_STREAM_CUTOFF else self._fat_ends
        return length <= len(self._data) and (start == _ENDOFCHAIN or (start < len(ends) and ends[start] == 2))

    def _entry(self, entry: bytes) -> tuple[int, int]:
        start, length = struct.unpack_from("<IQ" if self._size == 4096 else "<II", entry, 116)
        return start, length

    def _sector(self, number: int) -> bytes:
        return self._data[(number + 1) * self._size : (number + 2) * self._size]

    def _full_sector(self, number: int) -> bytes:
        sector = self._sector(number)
        if len(sector) < self._size:
            raise SpreadsheetError(_MSG_CORRUPT)
        return sector

    def _mini_sector(self, number: int) -> bytes:
        return self._mini[number * 64 : (number + 1) * 64]

    @staticmethod
    def _chain(start: int, table: array, ends: bytearray, read: Callable[[int], bytes]) -> bytes:
        if start == _ENDOFCHAIN:
            return b""
        if start >= len(ends) or ends[start] != 2:
            raise SpreadsheetError(_MSG_CORRUPT)
        parts = []
        while start != _ENDOFCHAIN:
            parts.append(read(start))
            start = table[start]
        return b"".join(parts)


def _u32(data: bytes) -> array:
    numbers = array("I")
    numbers.frombytes(data[: len(data) - len(data) % 4])
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers


def _chain_ends(table: array, count: int) -> bytearray:
    """Per sector: 2 if the chain from it ends in ENDOFCHAIN within the file, 3 if it leaves it or loops."""
    limit = min(len(table), count)
    state = bytearray(limit)  # 0 not yet known, 1 on the path being followed
    for first in range(limit):
        if state[first]:
            continue
        path = []
        current = first
        while True:
            if current == _ENDOFCHAIN:
                result = 2
                break
            if current >= limit or state[current] == 1:
                result = 3
                break
            if state[current]:
                result = state[current]
                break
            state[current] = 1
            path.append(current)
            current = table[current]
        for number in path:
            state[number] = result
    return state


def _check_biff(stream: bytes) -> None:
    """Refuse xls records that would make python-calamine allocate more than the file can hold.

    calamine builds every sheet when it opens the file: one dense block spanning all cell positions, plus a
    reservation for what DIMENSIONS claims (a BIFF8 sheet has at most 65,536 × 256 cells) and for the number of
    strings SST announces (each takes at least three bytes). Records are walked from the offsets calamine uses.
    """
    view = memoryview(stream)
    sheets: dict[int, str] = {}
    for kind, body in _biff_records(view, 0):
        if kind == 0x0085 and len(body) >= 8:  # BoundSheet8: where a sheet's records start, and its name
            sheets.setdefault(struct.unpack_from("<I", body)[0], _biff_sheet_name(body))
        elif kind == 0x00FC and len(body) >= 8:  # SST
            (strings,) = struct.unpack_from("<i", body, 4)
            if strings < 0 or strings > len(stream) // 3:
                raise SpreadsheetError(_MSG_CORRUPT)
    for start, name in sorted(sheets.items()):
        last_row = last_col = -1
        for kind, body in _biff_records(view, start):
            if kind in _BIFF_CELLS and len(body) >= 4:
                row, col = struct.unpack_from("<HH", body)
                if kind == 0x00BD:  # MulRk: one value per six bytes, from col onwards
                    col += max(0, (len(body) - 6) // 6 - 1)
                last_row, last_col = max(last_row, row), max(last_col, col)
            elif kind == 0x0200 and len(body) in (10, 14):  # DIMENSIONS
                layout = "<HHHH" if len(body) == 10 else "<IIHH"
                first_row, end_row, first_col, end_col = struct.unpack_from(layout, body)
                rows, cols = end_row - first_row, end_col - first_col  # calamine's u32 arithmetic wraps below 0
                if end_row >= 1 and end_col >= 1 and (rows < 0 or cols < 0 or rows * cols > 65_536 * 256):
                    raise SpreadsheetError(_MSG_CORRUPT)
        if last_row >= 0:
            _check_extent(name, last_row + 1, last_col + 1)


def _biff_sheet_name(body: memoryview) -> str:
    """The name in a BoundSheet8 record, good enough for a message (Excel 95 files come out slightly off)."""
    length, flags = body[6], body[7]
    raw = bytes(body[8:])
    return raw[: 2 * length].decode("utf-16-le", "replace") if flags & 1 else raw[:length].decode("cp1252", "replace")


def _biff_records(view: memoryview, position: int) -> Iterator[tuple[int, memoryview]]:
    """(record type, body) from `position` up to and including the next EOF record."""
    while position + 4 <= len(view):
        kind, length = _BIFF_RECORD.unpack_from(view, position)
        yield kind, view[position + 4 : position + 4 + length]
        if kind == 0x000A:
            return
        position += 4 + length


def _ole_streams(path: Path, wanted: tuple[str, ...]) -> set[str]:
    """Which of the wanted names an OLE2 file holds, found as 128-byte-aligned directory entries.

    A directory entry starts with the UTF-16LE name and has the name's byte length (with the terminating NUL) at
    offset 64; checking both keeps a cell text that happens to contain the name from counting.
    """
    patterns = {name: (name.encode("utf-16-le"), struct.pack("<H", 2 * len(name) + 2)) for name in wanted}
    found: set[str] = set()
    offset = 0
    with path.open("rb") as file:
        while chunk := file.read(_CHUNK):
            for name, (pattern, length) in patterns.items():
                start = chunk.find(pattern)
                while start >= 0 and name not in found:
                    if (offset + start) % 128 == 0 and chunk[start + 64 : start + 66] == length:
                        found.add(name)
                    start = chunk.find(pattern, start + 1)
            offset += len(chunk)
    return found


# --- text files: csv, tsv, txt ----------------------------------------------------------------------------------


def _examine_text(path: Path, size: int, head: bytes, options: CsvOptions) -> _Examined:
    if options.encoding is not None:
        encoding, errors = _valid_encoding(options.encoding), "strict"
    else:
        encoding, errors = _detect_encoding(path, head), "replace"
        if encoding in ("utf-8", "cp1252") and not _looks_like_text(head):
            raise _not_a_table(path)
    with path.open(encoding=encoding, errors=errors, newline="") as file:
        try:
            sample = file.read(_HEAD_BYTES)
        except UnicodeDecodeError:
            raise _undecodable(encoding) from None
    complete = size <= _HEAD_BYTES or len(sample) < _HEAD_BYTES
    stripped = sample.lstrip("\ufeff \t\r\n").lower()
    if complete and not stripped.strip():
        raise SpreadsheetError(_MSG_EMPTY)
    if stripped.startswith(_MARKUP_STARTS):
        raise SpreadsheetError(
            f"Die Datei „{path.name}“ ist keine Tabelle (Excel, LibreOffice oder CSV), sondern eine Webseite oder "
            "XML-Datei, wie sie manche Online-Portale als „Excel-Export“ liefern. Bitte öffnen Sie sie in Excel oder "
            "LibreOffice und speichern Sie sie als .xlsx oder .csv."
        )
    if options.delimiter is not None:
        delimiter = _valid_delimiter(options.delimiter)
    else:
        prefer_tab = encoding.startswith("utf-16") or path.suffix.lower() == ".tsv"
        delimiter = _detect_delimiter(sample, complete, prefer_tab)
    log.debug("%s: CSV, %s, delimiter %r", path.name, encoding, delimiter)
    return _Examined("csv", size, encoding=encoding, decode_errors=errors, delimiter=delimiter)


def _valid_encoding(name: str) -> str:
    try:
        codec = codecs.lookup(name)
    except LookupError:
        codec = None
    if codec is None or not getattr(codec, "_is_text_encoding", True):
        raise SpreadsheetError(
            f"Die Zeichenkodierung „{name}“ ist unbekannt. Bitte wählen Sie zum Beispiel „utf-8“ oder „cp1252“ "
            "(Windows/Excel)."
        )
    return codec.name


def _valid_delimiter(delimiter: str) -> str:
    if len(delimiter) != 1 or delimiter in '"\r\n':
        raise SpreadsheetError(
            f"„{delimiter}“ kann nicht als Trennzeichen verwendet werden. Bitte wählen Sie ein einzelnes Zeichen wie "
            "„;“, „,“ oder den Tabulator."
        )
    return delimiter


def _undecodable(encoding: str) -> SpreadsheetError:
    return SpreadsheetError(
        f"Die Datei lässt sich mit der Zeichenkodierung „{encoding}“ nicht lesen. Bitte wählen Sie eine andere "
        "Zeichenkodierung, zum Beispiel „cp1252“ (Windows/Excel) oder „utf-8“."
    )


def _detect_encoding(path: Path, head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[:4096]
    even, odd = sample[0::2], sample[1::2]
    if len(sample) >= 4:
        # UTF-16 without BOM: mostly ASCII text, so every second byte is NUL.
        if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
            return "utf-16-le"
        if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "utf-16-be"
    return "utf-8" if _is_utf8(path) else "cp1252"


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    return len(head.translate(None, _TEXT_BYTES)) <= len(head) // 100


def _is_utf8(path: Path) -> bool:
    """Strict UTF-8 check of the whole file in chunks, so one umlaut near the end cannot be garbled."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        with path.open("rb") as file:
            while chunk := file.read(_CHUNK):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _detect_delimiter(sample: str, complete: bool, prefer_tab: bool) -> str:
    """csv.Sniffer's guess, accepted only if no other delimiter gives more rows with a consistent field count."""
    order = ("\t", ";", ",", "|") if prefer_tab else _DELIMITERS
    scores = {delimiter: _consistency(sample, delimiter, complete) for delimiter in order}
    best = max(order, key=lambda delimiter: (scores[delimiter], -order.index(delimiter)))
    if scores[best] == (0, 0):
        return order[0]
    try:
        lines = "\n".join(sample.splitlines()[:_SNIFF_RECORDS])
        sniffed = csv.Sniffer().sniff(lines, delimiters="".join(order)).delimiter
    except csv.Error:
        sniffed = None
    return sniffed if sniffed in scores and scores[sniffed] == scores[best] else best


def _consistency(sample: str, delimiter: str, complete: bool) -> tuple[int, int]:
    """(how many rows share the most common field count above one, that count) for one delimiter."""
    try:
        records = list(itertools.islice(csv.reader(io.StringIO(sample), delimiter=delimiter), _SNIFF_RECORDS + 1))
    except csv.Error:
        return (0, 0)
    if len(records) > _SNIFF_RECORDS:
        records.pop()
    elif not complete and records:
        records.pop()  # the sample may end in the middle of this record
    counts = [len(record) for record in records if len(record) > 1 and any(cell.strip() for cell in record)]
    if not counts:
        return (0, 0)
    count, frequency = Counter(counts).most_common(1)[0]
    return (frequency, count)


def _read_csv(path: Path, found: _Examined, progress: Progress | None) -> SheetData:
    assert found.encoding is not None and found.delimiter is not None
    rows: list[list[object]] = []
    cells = 0
    with path.open("rb") as raw, io.TextIOWrapper(raw, found.encoding, found.decode_errors, newline="") as text:
        reader = csv.reader(text, delimiter=found.delimiter)
        try:
            for record in reader:
                if len(rows) % _REPORT_EVERY == 0:
                    check(progress, raw.tell(), found.size, f"Zeile {_n(len(rows))} gelesen")
                if len(rows) >= MAX_ROWS or len(record) > MAX_COLUMNS:
                    _check_extent(path.stem, len(rows) + 1, len(record))
                cells += len(record)
                if cells > MAX_CELLS:
                    raise SpreadsheetError(
                        f"Die CSV-Datei ist zu groß (mehr als {_n(MAX_CELLS)} Zellen). Bitte teilen Sie die Daten auf "
                        "mehrere Dateien auf."
                    )
                rows.append(_trimmed([cell if cell != "" else None for cell in record]))
        except csv.Error as error:
            log.warning("%s: CSV error in line %s: %s", path.name, reader.line_num, error)
            raise SpreadsheetError(
                f"Die CSV-Datei ist ab Zeile {_n(reader.line_num)} fehlerhaft (vermutlich fehlt ein schließendes "
                "Anführungszeichen). Bitte prüfen Sie die Datei oder öffnen Sie sie in Excel und speichern Sie sie neu."
            ) from error
        except UnicodeDecodeError:
            raise _undecodable(found.encoding) from None
    if rows and rows[0] and isinstance(rows[0][0], str) and rows[0][0].startswith("\ufeff"):
        rows[0][0] = rows[0][0][1:] or None  # a BOM left by an explicitly chosen "utf-8"
        rows[0] = _trimmed(rows[0])
    if not any(rows):
        raise SpreadsheetError(_MSG_EMPTY)
    check(progress, found.size, found.size, f"Zeile {_n(len(rows))} gelesen")
    return SheetData(path.stem, rows, frozenset())


# --- workbooks through python-calamine --------------------------------------------------------------------------


@contextmanager
def _open_workbook(path: Path) -> Iterator[python_calamine.CalamineWorkbook]:
    # from_filelike looks at the content; from_path trusts the extension and fails on an xlsx saved as .xls.
    with path.open("rb") as file:
        workbook = python_calamine.CalamineWorkbook.from_filelike(file)
    try:
        yield workbook
    finally:
        workbook.close()


def _sheet_names(workbook: python_calamine.CalamineWorkbook) -> list[str]:
    sheets = [meta for meta in workbook.sheets_metadata if meta.typ == python_calamine.SheetTypeEnum.WorkSheet]
    visible = [meta.name for meta in sheets if meta.visible == python_calamine.SheetVisibleEnum.Visible]
    hidden = [meta.name for meta in sheets if meta.visible != python_calamine.SheetVisibleEnum.Visible]
    return visible + hidden


def _choose_sheet(names: list[str], wanted: str | None) -> str:
    if not names:
        raise SpreadsheetError("Die Datei enthält kein Tabellenblatt mit Daten. Bitte prüfen Sie die Datei.")
    if wanted is None:
        return names[0]
    if wanted in names:
        return wanted
    similar = [name for name in names if name.strip().casefold() == wanted.strip().casefold()]
    if len(similar) == 1:
        return similar[0]
    available = ", ".join(f"„{name}“" for name in names)
    raise SpreadsheetError(
        f"Das Tabellenblatt „{wanted}“ gibt es in der Datei nicht. Vorhanden: {available}. "
        "Bitte wählen Sie eines davon aus."
    )


def _precheck_sheet(found: _Examined, name: str) -> tuple[set[int], list | None]:
    """Hidden rows and (for ods) merged ranges of the sheet; refuses it if its used area is too large."""
    if found.ods_scans:
        table = found.ods_scans[0].tables.get(name)
        if table is None:
            return set(), None
        hidden = {row for first, count in table.hidden for row in range(first, min(first + count, table.max_row))}
        return hidden, table.merged
    if found.kind == "xls":
        return set(), None
    scan = found.worksheet_scans.get(found.sheet_parts.get(name, ""))
    if scan is None:
        # Could not tell which part calamine will read: every worksheet part has to pass.
        log.warning("no worksheet part found for sheet %r; checking all of them", name)
        for other in found.worksheet_scans.values():
            _check_extent(name, other.max_row, other.max_col)
        return set(), None
    _check_extent(name, scan.max_row, scan.max_col)
    return set(scan.hidden), None


def _sheet_rows(sheet: python_calamine.CalamineSheet, name: str, progress: Progress | None) -> list[list[object]]:
    if sheet.height == 0 or sheet.start is None or sheet.end is None:
        check(progress, 0, 0, "Zeile 0 von 0 gelesen")
        return []
    end_row, end_col = sheet.end
    _check_extent(name, end_row + 1, end_col + 1)  # xls gets its only check here
    total = end_row + 1
    # python-calamine 0.9 yields the empty rows above the data but leaves out the empty columns to its left, and
    # sheet.height counts only the rows with data; padding each row up to the end column works either way.
    rows: list[list[object]] = []
    for index, values in enumerate(sheet.iter_rows()):
        if index % _REPORT_EVERY == 0:
            check(progress, index, total, f"Zeile {_n(index)} von {_n(total)} gelesen")
        # Inline rather than _cell per value: 700,000 calls were half the time of this loop.
        row = [_cell(v) if v.__class__ is timedelta else None if v == "" else v for v in values]
        if len(row) <= end_col:
            row[:0] = [None] * (end_col + 1 - len(row))
        rows.append(_trimmed(row))
    rows[:0] = [[] for _ in range(total - len(rows))]
    check(progress, total, total, f"Zeile {_n(total)} von {_n(total)} gelesen")
    return rows


def _cell(value: object) -> object:
    if value == "":  # calamine's empty cell, and also what it returns for error cells such as #DIV/0!
        return None
    if isinstance(value, timedelta):  # a duration format such as [h]:mm
        if timedelta(0) <= value < timedelta(days=1):
            return (datetime.min + value).time()
        seconds = int(value.total_seconds())
        sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
        return f"{sign}{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    return value


def _trimmed(row: list[object]) -> list[object]:
    end = len(row)
    while end and row[end - 1] is None:
        end -= 1
    return row if end == len(row) else row[:end]


def _fill_merged(rows: list[list[object]], ranges: list) -> None:
    """Give every cell of a merged range the top-left value, within the rows and columns the sheet uses."""
    if not ranges or not rows:
        return
    last_col = max(len(row) for row in rows) - 1
    for (first_row, first_col), (last_row, end_col) in ranges:
        if first_row >= len(rows) or first_col >= len(rows[first_row]):
            continue
        value = rows[first_row][first_col]
        if value is None:
            continue
        end_col = min(end_col, max(last_col, first_col))
        for index in range(first_row, min(last_row, len(rows) - 1) + 1):
            row = rows[index]
            if len(row) <= end_col:
                row.extend([None] * (end_col + 1 - len(row)))
            for col in range(first_col, end_col + 1):
                row[col] = value


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")


# --- turning every failure into a SpreadsheetError --------------------------------------------------------------


@contextmanager
def _guard() -> Iterator[None]:
    try:
        yield
    except (SpreadsheetError, Cancelled):
        raise
    except python_calamine.PasswordError as error:
        raise SpreadsheetError(_MSG_PASSWORD_EXCEL) from error
    except python_calamine.CalamineError as error:
        log.warning("python-calamine could not read the file: %s", error)
        raise SpreadsheetError(_MSG_CORRUPT) from error
    except DefusedXmlException as error:
        raise SpreadsheetError(_MSG_XML) from error
    except PermissionError as error:
        raise SpreadsheetError(
            "Die Datei kann nicht geöffnet werden (Zugriff verweigert). Ist sie noch in einem anderen Programm "
            "geöffnet? Bitte schließen Sie sie dort und versuchen Sie es erneut."
        ) from error
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        zlib.error,
        NotImplementedError,  # zipfile's answer to a compression method it cannot unpack (e.g. Deflate64)
        RuntimeError,  # zipfile's answer to an encrypted member
        struct.error,
        ParseError,
        xml.sax.SAXException,
    ) as error:
        log.warning("unreadable file: %r", error)
        raise SpreadsheetError(_MSG_CORRUPT) from error
    except OSError as error:
        raise SpreadsheetError(
            f"Die Datei konnte nicht gelesen werden ({error.strerror or error}). Bitte prüfen Sie, ob sie noch "
            "vorhanden ist und ob das Laufwerk erreichbar ist."
        ) from error
    except MemoryError as error:
        raise SpreadsheetError(
            "Die Datei ist zu groß für den verfügbaren Arbeitsspeicher. Bitte teilen Sie die Daten auf mehrere "
            "Dateien auf."
        ) from error
    except Exception as error:
        log.exception("unexpected error while reading a spreadsheet")
        raise SpreadsheetError(_MSG_CORRUPT) from error
    except BaseException as error:
        # A Rust panic inside python-calamine arrives as pyo3's PanicException, which is no Exception.
        if type(error).__name__ != "PanicException":
            raise
        log.error("python-calamine panicked: %s", error)
        raise SpreadsheetError(_MSG_CORRUPT) from error

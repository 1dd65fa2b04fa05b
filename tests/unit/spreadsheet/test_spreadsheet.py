"""Reading partner spreadsheets: CSV dialects, xlsx/xlsm/xls/ods layouts, and files that must be refused safely."""

import csv
import re
import struct
import time
import zipfile
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from sozialkoordination.core.progress import Cancelled
from sozialkoordination.spreadsheet import reader as spreadsheet
from sozialkoordination.spreadsheet.reader import CsvOptions, SpreadsheetError, inspect_file, read_sheet

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
HEADER = ["Einrichtung", "Ansprechpartner/in", "Str./Hausnr.", "PLZ Ort", "Tel.", "E-Mail-Adresse"]
ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
)


class FakeProgress:
    def __init__(self, cancelled: bool = False):
        self.cancelled = cancelled
        self.reports: list[tuple[int, int, str]] = []

    def report(self, done: int, total: int, text: str = "") -> None:
        self.reports.append((done, total, text))


@pytest.fixture
def calamine_calls(monkeypatch):
    """Records every attempt to hand the file to python-calamine (and refuses it)."""
    calls = []

    def refuse(path):
        calls.append(path)
        raise AssertionError("python-calamine must not see this file")

    monkeypatch.setattr(spreadsheet, "_open_workbook", refuse)
    return calls


class RecordingWorkbook:
    def __init__(self, workbook, loads: list[str]):
        self._workbook = workbook
        self._loads = loads

    def get_sheet_by_name(self, name: str):
        self._loads.append(name)
        return self._workbook.get_sheet_by_name(name)

    def __getattr__(self, name: str):
        return getattr(self._workbook, name)


@pytest.fixture
def sheet_loads(monkeypatch):
    """Records which sheets python-calamine is asked to load: the step that allocates the whole used range."""
    loads: list[str] = []
    original = spreadsheet._open_workbook

    @contextmanager
    def recording(path):
        with original(path) as workbook:
            yield RecordingWorkbook(workbook, loads)

    monkeypatch.setattr(spreadsheet, "_open_workbook", recording)
    return loads


def xlsx_with_sheet_data(tmp_path: Path, sheet_data: str) -> Path:
    """An xlsx whose only sheet "Daten" has exactly this <sheetData> content."""
    workbook = openpyxl.Workbook()
    workbook.active.title = "Daten"
    plain = tmp_path / "plain.xlsx"
    workbook.save(plain)
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{sheet_data}</sheetData></worksheet>"
    )
    return rewrite_zip(plain, tmp_path / "daten.xlsx", {"xl/worksheets/sheet1.xml": xml.encode()})


def write_text(path: Path, text: str, encoding: str) -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def rewrite_zip(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.get(info.filename, old.read(info)))
    return target


def ods_file(path: Path, table_xml: str, name: str = "Akteure") -> Path:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NAMESPACES} office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{name}">{table_xml}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST)
    return path


def ods_cell(value: str, extra: str = "") -> str:
    return f'<table:table-cell office:value-type="string"{extra}><text:p>{value}</text:p></table:table-cell>'


def ole_file(path: Path, *streams: str) -> Path:
    """A minimal OLE2 compound file: header plus one directory sector naming the streams."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    directory = bytearray(512)
    for index, name in enumerate(["Root Entry", *streams]):
        encoded = name.encode("utf-16-le")
        directory[index * 128 : index * 128 + len(encoded)] = encoded
        struct.pack_into("<HB", directory, index * 128 + 64, len(encoded) + 2, 5 if index == 0 else 2)
    path.write_bytes(bytes(header) + bytes(directory))
    return path


@pytest.fixture
def partner_xlsx(tmp_path) -> Path:
    """A typical partner list: title, empty row and column, hidden row, merged "Träger", notes, more sheets."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Akteure"
    sheet["A1"] = "Adressliste Familienzentren, Stand 03/2026"
    sheet.append([])
    sheet.append(["Träger", None, "Einrichtung", "PLZ", "Seit"])
    sheet.append(["AWO", None, "Familienzentrum Löwenzahn", 37120, date(2019, 4, 1)])
    sheet.append([None, None, "Kita Sonnenblume", 37073])
    sheet.append([None, None, "Krabbelgruppe (aufgelöst)", 37073])
    sheet.append(["Diakonie", None, "Mehrgenerationenhaus Süd", 37075])
    sheet.merge_cells("A4:A6")
    sheet.row_dimensions[6].hidden = True
    sheet["A9"] = "Stand: März 2026"
    workbook.create_sheet("Notizen")["B2"] = "nur intern"
    workbook.create_sheet("Listen", 0).sheet_state = "hidden"
    path = tmp_path / "partner.xlsx"
    workbook.save(path)
    return path


# --- CSV ----------------------------------------------------------------------------------------------------------


def test_german_excel_csv_in_cp1252_with_semicolons(tmp_path):
    text = "Name;Straße;PLZ\r\nJürgen Müller;Hauptstraße 12;37120\r\nÄnne Weiß;Groner Landstraße 9;37081\r\n"
    path = write_text(tmp_path / "liste.csv", text, "cp1252")

    info = inspect_file(path)
    data = read_sheet(path)

    assert (info.kind, info.encoding, info.delimiter, info.sheet_names) == ("csv", "cp1252", ";", ["liste"])
    assert info.size == path.stat().st_size
    assert data.name == "liste"
    assert data.rows == [
        ["Name", "Straße", "PLZ"],
        ["Jürgen Müller", "Hauptstraße 12", "37120"],
        ["Änne Weiß", "Groner Landstraße 9", "37081"],
    ]
    assert data.hidden_rows == frozenset()


def test_an_umlaut_far_behind_the_sample_still_decides_the_encoding(tmp_path):
    text = "Name;Ort\n" + "Meier;Dransfeld\n" * 6000 + "Müller;Göttingen\n"
    path = write_text(tmp_path / "lang.csv", text, "cp1252")

    assert inspect_file(path).encoding == "cp1252"
    assert read_sheet(path).rows[-1] == ["Müller", "Göttingen"]


@pytest.mark.parametrize(("encoding", "expected"), [("utf-8-sig", "utf-8-sig"), ("utf-8", "utf-8")])
def test_utf8_with_and_without_bom(tmp_path, encoding, expected):
    path = write_text(tmp_path / "liste.csv", "Name;Ort\nMüller;Göttingen\n", encoding)

    assert inspect_file(path).encoding == expected
    assert read_sheet(path).rows == [["Name", "Ort"], ["Müller", "Göttingen"]]


@pytest.mark.parametrize(("delimiter", "suffix"), [(",", ".csv"), ("\t", ".tsv"), ("\t", ".txt"), ("|", ".csv")])
def test_other_delimiters_are_detected(tmp_path, delimiter, suffix):
    path = tmp_path / f"liste{suffix}"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=delimiter)
        writer.writerow(["Name", "Ort", "Telefon"])
        writer.writerow(["Müller", "Göttingen", "0551 123"])
        writer.writerow(["Schulz", "Bovenden", ""])

    assert inspect_file(path).delimiter == delimiter
    assert read_sheet(path).rows == [
        ["Name", "Ort", "Telefon"],
        ["Müller", "Göttingen", "0551 123"],
        ["Schulz", "Bovenden"],
    ]


def test_excel_unicode_text_is_utf16_with_tabs(tmp_path):
    path = write_text(tmp_path / "unicode.txt", "Name\tOrt\r\nMüller\tGöttingen\r\n", "utf-16")

    info = inspect_file(path)

    assert (info.encoding, info.delimiter) == ("utf-16", "\t")
    assert read_sheet(path).rows == [["Name", "Ort"], ["Müller", "Göttingen"]]


def test_quoted_fields_keep_delimiters_and_line_breaks(tmp_path):
    text = 'Name;Adresse;Notiz\r\n"Müller; Jürgen";"Hauptstraße 1\r\n37120 Bovenden";"sagt ""ja"""\r\nSchulz;;\r\n'
    path = write_text(tmp_path / "quoted.csv", text, "cp1252")

    assert inspect_file(path).delimiter == ";"
    assert read_sheet(path).rows == [
        ["Name", "Adresse", "Notiz"],
        ["Müller; Jürgen", "Hauptstraße 1\r\n37120 Bovenden", 'sagt "ja"'],
        ["Schulz"],
    ]


def test_title_lines_empty_rows_and_notes_are_kept(tmp_path):
    text = "Adressliste Familienzentren, Stand 03/2026\n\n;Name;Ort;\nx;Müller;Göttingen;\n;;;\nStand: März 2026\n"
    path = write_text(tmp_path / "liste.csv", text, "utf-8")

    assert read_sheet(path).rows == [
        ["Adressliste Familienzentren, Stand 03/2026"],
        [],
        [None, "Name", "Ort"],
        ["x", "Müller", "Göttingen"],
        [],
        ["Stand: März 2026"],
    ]


def test_csv_options_override_detection(tmp_path):
    path = write_text(tmp_path / "liste.csv", "Name,Ort;Nr\nMüller,Göttingen;1\n", "cp1252")

    info = inspect_file(path, CsvOptions(encoding="latin-1", delimiter=","))
    data = read_sheet(path, csv_options=CsvOptions(encoding="latin-1", delimiter=","))

    assert (info.encoding, info.delimiter) == ("iso8859-1", ",")
    assert data.rows == [["Name", "Ort;Nr"], ["Müller", "Göttingen;1"]]


def test_bad_csv_options_are_explained(tmp_path):
    path = write_text(tmp_path / "liste.csv", "Name;Ort\nMüller;Göttingen\n", "cp1252")

    with pytest.raises(SpreadsheetError, match="Zeichenkodierung „klingonisch“ ist unbekannt"):
        inspect_file(path, CsvOptions(encoding="klingonisch"))
    with pytest.raises(SpreadsheetError, match="nicht lesen"):
        read_sheet(path, csv_options=CsvOptions(encoding="utf-8"))
    with pytest.raises(SpreadsheetError, match="Trennzeichen"):
        read_sheet(path, csv_options=CsvOptions(delimiter=";;"))


def test_csv_with_an_unclosed_quote_is_refused_with_its_line(tmp_path):
    path = write_text(tmp_path / "kaputt.csv", 'Name;Notiz\nMüller;"offen\n' + "x" * 200_000 + "\n", "utf-8")

    with pytest.raises(SpreadsheetError, match="ab Zeile .* fehlerhaft"):
        read_sheet(path)


def test_csv_saved_as_xlsx_is_read_as_csv(tmp_path):
    path = write_text(tmp_path / "export.xlsx", "Name;Ort\nMüller;Göttingen\n", "cp1252")

    assert inspect_file(path).kind == "csv"
    assert read_sheet(path).rows[1] == ["Müller", "Göttingen"]


def test_web_page_saved_as_xls_is_explained(tmp_path):
    path = write_text(
        tmp_path / "portal.xls", "<html><body><table><tr><td>Name</td></tr></table></body></html>", "utf-8"
    )

    with pytest.raises(SpreadsheetError, match="Webseite"):
        inspect_file(path)


# --- workbooks ----------------------------------------------------------------------------------------------------


def test_xlsx_layout_is_kept_as_in_the_file(partner_xlsx):
    info = inspect_file(partner_xlsx)
    data = read_sheet(partner_xlsx)

    assert info.kind == "xlsx"
    assert info.sheet_names == ["Akteure", "Notizen", "Listen"]  # the hidden sheet comes after the visible ones
    assert (info.encoding, info.delimiter) == (None, None)
    assert data.name == "Akteure"
    assert data.rows == [
        ["Adressliste Familienzentren, Stand 03/2026"],
        [],
        ["Träger", None, "Einrichtung", "PLZ", "Seit"],
        ["AWO", None, "Familienzentrum Löwenzahn", 37120.0, date(2019, 4, 1)],
        ["AWO", None, "Kita Sonnenblume", 37073.0],
        ["AWO", None, "Krabbelgruppe (aufgelöst)", 37073.0],
        ["Diakonie", None, "Mehrgenerationenhaus Süd", 37075.0],
        [],
        ["Stand: März 2026"],
    ]
    assert isinstance(data.rows[3][3], float)  # postcodes stored as numbers: the caller decides
    assert data.hidden_rows == frozenset({5})


def test_other_sheets_by_name(partner_xlsx):
    assert read_sheet(partner_xlsx, "Notizen").rows == [[], [None, "nur intern"]]
    assert read_sheet(partner_xlsx, " notizen ").name == "Notizen"
    assert read_sheet(partner_xlsx, "Listen").rows == []


def test_unknown_sheet_names_the_available_ones(partner_xlsx):
    with pytest.raises(SpreadsheetError, match="„Adressen“ gibt es .* „Akteure“, „Notizen“, „Listen“"):
        read_sheet(partner_xlsx, "Adressen")


def test_data_starting_away_from_a1_keeps_its_position(tmp_path):
    path = tmp_path / "versetzt.xlsx"
    with xlsxwriter.Workbook(path) as workbook:
        sheet = workbook.add_worksheet("Daten")
        sheet.write("C3", "Name")
        sheet.write("D4", "Müller")
        sheet.write_formula("E4", "=1/0", None, "#DIV/0!")

    assert read_sheet(path).rows == [[], [], [None, None, "Name"], [None, None, None, "Müller"]]


def test_xlsm_is_read_like_xlsx(tmp_path, partner_xlsx):
    with zipfile.ZipFile(partner_xlsx) as archive:
        types = archive.read("[Content_Types].xml").replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        )
    path = rewrite_zip(partner_xlsx, tmp_path / "makro.xlsm", {"[Content_Types].xml": types})

    assert inspect_file(path).kind == "xlsm"
    assert read_sheet(path).rows[3][0] == "AWO"


@pytest.mark.parametrize("name", ["partnerliste.xls", "partnerliste.ods"])
def test_libreoffice_fixtures(name):
    info = inspect_file(FIXTURES / name)
    data = read_sheet(FIXTURES / name)

    assert info.kind == name.rsplit(".", 1)[1]
    assert info.sheet_names == ["partnerliste"]
    assert data.rows[0] == ["Adressliste Familienzentren, Stand 03/2026"]
    assert data.rows[1] == []
    assert data.rows[2] == HEADER
    assert data.rows[3] == [
        "Familienzentrum Löwenzahn",
        "Jürgen Müller",
        "Hauptstraße 12",
        "37120 Bovenden",
        "0551 8123-45",
        "loewenzahn@example.org",
    ]
    assert [row[1] for row in data.rows[4:7]] == ["Ännchen Weiß", "Özlem Yılmaz", "Hans-Peter Groß"]
    assert data.rows[-1] == ["Stand: März 2026"]
    assert data.hidden_rows == frozenset()


def test_xls_content_with_xlsx_name_is_read_as_xls(tmp_path):
    path = tmp_path / "falsch.xlsx"
    path.write_bytes((FIXTURES / "partnerliste.xls").read_bytes())

    assert inspect_file(path).kind == "xls"
    assert read_sheet(path).rows[2] == HEADER


def test_ods_hidden_rows_and_merged_cells(tmp_path):
    merged_down = ' table:number-rows-spanned="2"'
    rows = (
        f"<table:table-row>{ods_cell('Träger')}{ods_cell('Name')}</table:table-row>"
        f"<table:table-row>{ods_cell('AWO', merged_down)}{ods_cell('A')}</table:table-row>"
        f'<table:table-row table:visibility="collapse"><table:covered-table-cell/>{ods_cell("B")}</table:table-row>'
        '<table:table-row table:number-rows-repeated="1048573"><table:table-cell table:number-columns-repeated="9"/>'
        "</table:table-row>"
    )
    path = ods_file(tmp_path / "liste.ods", rows)

    data = read_sheet(path)

    assert data.rows == [["Träger", "Name"], ["AWO", "A"], ["AWO", "B"]]
    assert data.hidden_rows == frozenset({2})


def test_progress_is_reported_and_cancel_stops(partner_xlsx, tmp_path):
    progress = FakeProgress()
    read_sheet(partner_xlsx, progress=progress)
    assert progress.reports[-1] == (9, 9, "Zeile 9 von 9 gelesen")

    with pytest.raises(Cancelled):
        read_sheet(partner_xlsx, progress=FakeProgress(cancelled=True))
    csv_path = write_text(tmp_path / "liste.csv", "Name;Ort\nMüller;Göttingen\n", "utf-8")
    with pytest.raises(Cancelled):
        read_sheet(csv_path, progress=FakeProgress(cancelled=True))


# --- files that are refused ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"  \r\n\t\r\n", "\ufeff \r\n".encode("utf-16")])
def test_empty_files(tmp_path, content):
    path = tmp_path / "leer.csv"
    path.write_bytes(content)

    with pytest.raises(SpreadsheetError, match="Die Datei ist leer"):
        inspect_file(path)
    with pytest.raises(SpreadsheetError, match="Die Datei ist leer"):
        read_sheet(path)


def test_missing_file(tmp_path):
    with pytest.raises(SpreadsheetError, match="nicht gefunden"):
        inspect_file(tmp_path / "gibtsnicht.xlsx")


def test_word_document_is_not_a_spreadsheet(tmp_path):
    path = tmp_path / "brief.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    renamed = tmp_path / "brief.xlsx"
    renamed.write_bytes(path.read_bytes())

    for candidate in (path, renamed):
        with pytest.raises(SpreadsheetError, match="kein Tabellendokument, sondern ein Word-Dokument"):
            inspect_file(candidate)


@pytest.mark.parametrize(("name", "hint"), [("flyer.pdf", "nicht unterstützt"), ("flyer.xlsx", "PDF")])
def test_pdf_is_no_table(tmp_path, name, hint):
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n")

    with pytest.raises(SpreadsheetError, match=f"ist keine Tabelle \\(Excel, LibreOffice oder CSV\\).*{hint}"):
        read_sheet(path)


def test_binary_garbage_is_no_table(tmp_path):
    path = tmp_path / "daten.csv"
    path.write_bytes(bytes(range(256)) * 20)

    with pytest.raises(SpreadsheetError, match="ist keine Tabelle"):
        inspect_file(path)


def test_truncated_xlsx_is_corrupt(tmp_path, partner_xlsx):
    path = tmp_path / "abgeschnitten.xlsx"
    path.write_bytes(partner_xlsx.read_bytes()[:1500])

    with pytest.raises(SpreadsheetError, match="Die Datei ist beschädigt"):
        read_sheet(path)


def test_damaged_member_data_is_corrupt(tmp_path, partner_xlsx):
    data = bytearray(partner_xlsx.read_bytes())
    with zipfile.ZipFile(partner_xlsx) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    path = tmp_path / "bitfehler.xlsx"
    path.write_bytes(bytes(data))

    with pytest.raises(SpreadsheetError, match="Die Datei ist beschädigt"):
        read_sheet(path)


def test_zip_bomb_is_refused_before_calamine(tmp_path, calamine_calls):
    path = tmp_path / "bombe.xlsx"
    zeros = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(250):
                member.write(zeros)
    assert path.stat().st_size < 2 * 1024 * 1024

    started = time.perf_counter()
    with pytest.raises(SpreadsheetError, match="Sicherheitsgründen"):
        read_sheet(path)
    with pytest.raises(SpreadsheetError, match="Sicherheitsgründen"):
        inspect_file(path)
    assert time.perf_counter() - started < 1
    assert calamine_calls == []


def test_highly_compressed_member_is_refused(tmp_path, calamine_calls):
    path = tmp_path / "dicht.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/sharedStrings.xml", b" " * (20 * 1024 * 1024))

    with pytest.raises(SpreadsheetError, match="100-fach komprimiert"):
        inspect_file(path)
    assert calamine_calls == []


def test_too_many_zip_members_are_refused(tmp_path, calamine_calls):
    path = tmp_path / "viele.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for index in range(spreadsheet.MAX_ZIP_MEMBERS + 1):
            archive.writestr(f"x/{index}", b"")

    with pytest.raises(SpreadsheetError, match="mehr als 10.000 Teilen"):
        inspect_file(path)
    assert calamine_calls == []


def test_file_larger_than_150_mb_is_refused(tmp_path):
    path = tmp_path / "riesig.csv"
    with path.open("wb") as file:
        file.truncate(151 * 1024 * 1024)  # sparse: takes no disk space

    with pytest.raises(SpreadsheetError, match="zu groß .*151 MB"):
        inspect_file(path)


def test_billion_laughs_is_refused(tmp_path, partner_xlsx, calamine_calls):
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>'
    )
    path = rewrite_zip(partner_xlsx, tmp_path / "lol.xlsx", {"xl/worksheets/sheet2.xml": laughs})

    with pytest.raises(SpreadsheetError, match="unzulässige XML-Konstrukte"):
        inspect_file(path)
    with pytest.raises(SpreadsheetError, match="unzulässige XML-Konstrukte"):
        read_sheet(path)
    assert calamine_calls == []


def test_password_protected_xlsx(tmp_path, calamine_calls):
    path = ole_file(tmp_path / "geheim.xlsx", "EncryptionInfo", "EncryptedPackage")

    with pytest.raises(SpreadsheetError) as error:
        read_sheet(path)
    assert str(error.value) == (
        "Die Arbeitsmappe ist mit einem Kennwort geschützt. "
        "Bitte speichern Sie sie in Excel ohne Kennwort und versuchen Sie es erneut."
    )
    assert calamine_calls == []


def test_word_97_document_is_not_a_spreadsheet(tmp_path):
    with pytest.raises(SpreadsheetError, match="Word-Dokument"):
        inspect_file(ole_file(tmp_path / "alt.xls", "WordDocument"))


def test_xls_with_looping_sector_chain_is_refused_before_calamine(tmp_path, calamine_calls):
    path = ole_file(tmp_path / "kaputt.xls", "Workbook")  # its DIFAT chain points back to itself

    with pytest.raises(SpreadsheetError, match="Die Datei ist beschädigt"):
        read_sheet(path)
    assert calamine_calls == []


def test_xls_cell_far_outside_is_refused_before_calamine(tmp_path, calamine_calls):
    data = bytearray((FIXTURES / "partnerliste.xls").read_bytes())
    record = data.find(b"\xfd\x00\x0a\x00")  # the first LabelSst cell record
    struct.pack_into("<HH", data, record + 4, 0xFFFF, 0xFFFF)  # python-calamine would allocate 137 GB here
    path = tmp_path / "verbogen.xls"
    path.write_bytes(bytes(data))

    with pytest.raises(SpreadsheetError, match="„partnerliste“ hat mehr als"):
        inspect_file(path)
    assert calamine_calls == []


def test_stray_entry_far_away_is_refused_before_calamine_loads_the_sheet(tmp_path, sheet_loads):
    path = tmp_path / "weit.xlsx"
    with xlsxwriter.Workbook(path) as workbook:
        sheet = workbook.add_worksheet("Daten")
        sheet.write("A1", "Name")
        sheet.write("XFD1048576", "x")  # python-calamine would abort the process allocating this range

    assert inspect_file(path).sheet_names == ["Daten"]
    with pytest.raises(SpreadsheetError, match="reicht von A1 bis XFD1048576"):
        read_sheet(path)
    assert sheet_loads == []


def test_cells_without_reference_are_placed_like_calamine_does(tmp_path):
    sheet_data = (
        "<row r='2' hidden='1'><c><v>5</v></c><c t=\"inlineStr\"><is><t>Müller</t></is></c></row>"
        '<row><c r="B3"><v>7</v></c><c><v>8</v></c></row>'
    )
    data = read_sheet(xlsx_with_sheet_data(tmp_path, sheet_data))

    assert data.rows == [[], [5.0, "Müller"], [None, 7.0, 8.0]]
    assert data.hidden_rows == frozenset({1})


@pytest.mark.parametrize(
    ("sheet_data", "message"),
    [
        ('<row r="1">' + "<c><v>1</v></c>" * 16_385 + "</row>", "mehr als 1.048.576 Zeilen oder 16.384 Spalten"),
        ('<row r="2000">' + "<c><v>1</v></c>" * 6_000 + "</row>", "reicht von A1 bis HVT2000"),
        ('<row r="1"><c foo=\'x r="A1"\' r="XFD1048576"><v>1</v></c></row>', "reicht von A1 bis XFD1048576"),
        ('<row r="1"><c foo=">" r="XFD1048576"><v>1</v></c></row>', "beschädigt"),
        ('<!-- <row r="1"> --><row r="900000"><c><v>1</v></c></row>', "beschädigt"),
        ('<row r="1"><c r="A0"><v>1</v></c></row>', "beschädigt"),
    ],
    ids=["no-r-too-wide", "no-r-far-down", "decoy-in-quotes", "gt-in-attribute", "comment", "row-zero"],
)
def test_crafted_sheet_xml_is_refused_before_calamine_loads_it(tmp_path, sheet_loads, sheet_data, message):
    with pytest.raises(SpreadsheetError, match=message):
        read_sheet(xlsx_with_sheet_data(tmp_path, sheet_data))
    assert sheet_loads == []


def _scanned(blocks: list[bytes], plain: bool = True):
    scan = spreadsheet._SheetScan()
    if not plain:
        scan._plain = lambda block: False  # the general way, tag by tag
    for block in blocks:
        scan.feed(block)
    return (scan.hidden, scan.max_row, scan.max_col, scan._next_row, scan._row, scan._col)


_PLAIN_ROWS = "".join(
    f'<row r="{n}" spans="1:3" x14ac:dyDescent="0.25"><c r="A{n}" t="s"><v>1</v></c><c r="C{n}"/></row>'
    for n in range(3, 9)
)


@pytest.mark.parametrize(
    "sheet_data",
    [
        _PLAIN_ROWS,
        _PLAIN_ROWS + '<row r="9"></row><row r="10"/>',
        _PLAIN_ROWS + '<row r="9"><c r="B9"><v>1</v></c><c r="D9"/>',  # the block ends inside a row
        _PLAIN_ROWS + '<row r="9" hidden="1"><c r="B9"><v>1</v></c></row>',
        _PLAIN_ROWS + "<row r='9'><c r=\"B9\"><v>1</v></c></row>",
        _PLAIN_ROWS + '<row r="9"><c r="B9" t=\'s\'><v>1</v></c></row>',
        _PLAIN_ROWS + '<row r="09"><c r="AB9"><v>1</v></c></row>',
        _PLAIN_ROWS + '<row r="9" x="O\'Brien"><c r="B9"><v>1</v></c></row>',
        _PLAIN_ROWS + '<row r="9"><c s="1" r="B9"><v>1</v></c><c><v>2</v></c></row>',
        _PLAIN_ROWS + '<x:row r="9"><x:c r="B9"><v>1</v></x:c></x:row>',
    ],
    ids=[
        "plain",
        "empty-rows",
        "open-row",
        "hidden",
        "single-quoted-row",
        "single-quoted-cell",
        "leading-zero",
        "apostrophe",
        "cell-without-r",
        "prefixed",
    ],
)
@pytest.mark.parametrize("split", [None, 40, 333])
def test_sheet_scan_without_a_step_per_row_finds_what_the_general_way_finds(sheet_data, split):
    data = f"<sheetData>{sheet_data}".encode()
    blocks = [data] if split is None else [data[:split], data[split:]]
    blocks.append(b"<row><c><v>1</v></c><c><v>2</v></c></row></sheetData>")  # placed after the last position

    try:
        expected = _scanned(blocks, plain=False)
    except SpreadsheetError as error:
        with pytest.raises(SpreadsheetError, match=re.escape(str(error))):
            _scanned(blocks)
    else:
        assert _scanned(blocks) == expected


def test_sheet_scan_counts_an_empty_row_at_the_end_of_a_block():
    # python-calamine puts a cell without r after <row r="2000"></row> into row 2001 (see the test of cells without
    # reference above); the scan said 2000 when the closing tag came right after the row tag at a block's end.
    blocks = [b'<sheetData><row r="2000"></row>', b"<row>" + b"<c><v>1</v></c>" * 3 + b"</row></sheetData>"]

    assert _scanned(blocks)[1:3] == (2001, 3)
    assert _scanned(blocks, plain=False)[1:3] == (2001, 3)


def test_implausible_shared_string_count_is_refused_before_calamine(tmp_path, calamine_calls):
    path = tmp_path / "strings.xlsx"
    with xlsxwriter.Workbook(path) as workbook:
        workbook.add_worksheet("Daten").write("A1", "Müller")
    with zipfile.ZipFile(path) as archive:
        strings = archive.read("xl/sharedStrings.xml")
    strings = re.sub(rb'uniqueCount="\d+"', b'uniqueCount="4294967296"', strings)  # calamine reserves 100 GB
    bad = rewrite_zip(path, tmp_path / "viele.xlsx", {"xl/sharedStrings.xml": strings})

    with pytest.raises(SpreadsheetError, match="beschädigt"):
        inspect_file(bad)
    assert calamine_calls == []


def test_ods_repeat_bomb_is_refused_before_calamine(tmp_path, calamine_calls):
    row = '<table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/>'
    path = ods_file(
        tmp_path / "bombe.ods", f'<table:table-row table:number-rows-repeated="1048576">{row}</table:table-row>'
    )

    with pytest.raises(SpreadsheetError, match="zu groß"):
        inspect_file(path)
    assert calamine_calls == []

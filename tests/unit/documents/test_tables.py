"""Table exports read back: postcodes and phone numbers stay text in .xlsx and in the CSV German Excel opens, and
a printed list fits the page width (landscape, one page wide, long text wrapped)."""

import csv

import openpyxl

from sozialkoordination.documents.tables import Column, write_table

COLUMNS = [
    Column("Name", "text", 30),
    Column("PLZ", "postcode", 7),
    Column("Telefon", "phone", 18),
    Column("E-Mail", "text", 30),
    Column("Personen", "int", 9),
]
ROWS = [
    ["Familienzentrum Löwenzahn", "01067", "0551 123456", "sehr.lange.adresse.der.einrichtung@familienzentrum.de", 3],
    ["Jugendhaus", "37073", "112", "", 0],
    ["Verein Übersee", "37120", "+43 1 234567", "info@verein.de", 12],
]


def test_xlsx_keeps_postcodes_and_phones_as_text_and_prints_one_page_wide(tmp_path):
    out = tmp_path / "liste.xlsx"
    write_table(out, COLUMNS, [list(r) for r in ROWS], total=len(ROWS), sheet_name="Organisationen")
    ws = openpyxl.load_workbook(out).active
    postcodes = [ws.cell(row, 2) for row in range(2, 5)]
    assert [c.value for c in postcodes] == ["01067", "37073", "37120"]
    assert all(c.data_type == "s" and c.number_format == "@" for c in postcodes)
    phones = [ws.cell(row, 3) for row in range(2, 5)]
    assert [c.value for c in phones] == ["0551 123456", "112", "+43 1 234567"]
    assert all(c.data_type == "s" for c in phones)
    assert ws["E2"].value == 3 and ws["E2"].data_type == "n"  # counts stay numbers
    # Printing: landscape A4, fitted to one page wide (any number of pages tall), header row on every page.
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1)  # 1 is the default of the file format, so left out
    assert ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$1:$1"
    # A long e-mail address wraps in its cell instead of being cut off at the column edge.
    assert ws["D2"].alignment.wrap_text
    assert ws["A2"].alignment.vertical == "top"


def test_csv_keeps_postcodes_as_text_for_german_excel(tmp_path):
    out = tmp_path / "liste.csv"
    write_table(out, COLUMNS, [list(r) for r in ROWS], total=len(ROWS))
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0] == ["Name", "PLZ", "Telefon", "E-Mail", "Personen"]
    # ="01067" is shown by Excel as the text 01067; without it the leading zero would be lost.
    assert [r[1] for r in rows[1:]] == ['="01067"', '="37073"', '="37120"']
    # Grouped numbers contain a space and are text to Excel as they are; a bare number of digits gets ="…" too.
    assert [r[2] for r in rows[1:]] == ["0551 123456", '="112"', "'+43 1 234567"]
    assert rows[1][3] == "sehr.lange.adresse.der.einrichtung@familienzentrum.de"
    assert rows[3][4] == "12"

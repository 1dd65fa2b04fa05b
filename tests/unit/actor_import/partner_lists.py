"""Partner lists as they are really delivered (issue 19), written into tmp_path by the tests that need them."""

import re

import openpyxl

from tests.dbutil import query

BERLIN_HEADER = "id,name,phone_number,places,type,sponsor_id,sponsor_name,street,zip_code,lat,lon"
BERLIN_ROWS = [
    "1,Kita Sonnenkäfer,030 1234567,45,Kita,77,Kinderwelt gGmbH,Müllerstraße 12,13353,52.5412,13.3601",
    "2,Kita Zwergenland,030 7654321,30,Kita,77,Kinderwelt gGmbH,Seestraße 3,13353,52.5501,13.3512",
    '3,"Kita ""Pünktchen""",030 2223344,12,Elterninitiative,91,Pünktchen e.V.,Amrumer Str. 7,13353,52.5433,13.3477',
]
SH_HEADER = "name\tcity\tzipcode\tstreet\thouse_number\ttelephone\tfax\temail\twebsite\tlongitude\tlatitude"
SH_ROWS = [
    "Grundschule Lütjenburg\tLütjenburg\t24321\tSchulstraße\t5\t04381 1234\t04381 1235\tgs@luetjenburg.de\t"
    "https://gs-luetjenburg.de\t10.5893\t54.2941",
    "Gemeinschaftsschule Kühlungsborn-Süd\tPlön\t24306\tAm See\t12a\t04522 9988\t\tgems@ploen.de\t\t10.4211\t54.1611",
]
VEREIN_ROWS = [
    "Verein;Vorsitzende(r);Straße;PLZ Ort;Telefon;E-Mail",
    "Sportverein Grün-Weiß Rosdorf e.V.;Frau Gisela Kühne;Am Sportplatz 2;37124 Rosdorf;0551 78899;info@gw-rosdorf.de",
    "Heimatverein Adelebsen;Herr Dr. Jürgen Öhlmann;Burgstraße 1;37139 Adelebsen;05506 123;",
    "Förderverein Grundschule Bovenden;Frau Özlem Yildirim;Schulstr. 4;37120 Bovenden;;foerderverein@gs-bovenden.de",
]
HEADERLESS_ROWS = [
    [
        "Kita Sonnenschein",
        "Frau Dr. Anna Berg",
        "Weender Str. 12",
        "37073 Göttingen",
        "0551 123456",
        "info@sonne.example.de",
        "www.sonne.de",
        51.5412,
        9.9312,
    ],
    [
        "Grundschule am Wall",
        "Herr Jens Kühne",
        "Am Wall 3a",
        "37120 Bovenden",
        "05594 9876",
        "schule@wall.de",
        "https://wall.de",
        51.5811,
        9.9213,
    ],
    [
        "Jugendtreff Mitte",
        "Frau Öztürk",
        "Markt 1",
        "37081 Göttingen",
        "+49 551 400",
        "jt@mitte.de",
        None,
        51.5333,
        9.9351,
    ],
]


def write_berlin_csv(path):
    path.write_text("\n".join([BERLIN_HEADER, *BERLIN_ROWS]) + "\n", encoding="utf-8")
    return path


def write_sh_tsv(path):
    path.write_text("\n".join([SH_HEADER, *SH_ROWS]) + "\n", encoding="utf-8")
    return path


def write_verein_csv(path):
    path.write_bytes("\r\n".join(VEREIN_ROWS).encode("cp1252"))  # German Excel's "CSV (Trennzeichen-getrennt)"
    return path


def write_headerless_xlsx(path, title: str | None = None):
    wb = openpyxl.Workbook()
    if title:
        wb.active.append([title])
    for row in HEADERLESS_ROWS:
        wb.active.append(row)
    wb.save(path)
    return path


_DIGITS = re.compile(r"\D+")


def missing_cells(engine, cells) -> list[str]:
    """The non-empty cells of which some word is found in no stored field nor note of an organisation or person;
    phone numbers are compared by their digits (they are stored in another grouping)."""
    texts = []
    for table in ("organisation", "person"):
        for row in query(engine, f"SELECT * FROM {table}"):  # noqa: S608 - fixed table names
            texts.extend(str(v) for v in row if v is not None)
    haystack = " ".join(texts)
    digits = _DIGITS.sub("", haystack)
    missing = []
    for cell in cells:
        if cell in (None, ""):
            continue
        text = str(cell)
        bare = _DIGITS.sub("", text)
        if len(bare) >= 6 and bare.lstrip("0").removeprefix("49") in digits:
            continue
        if not all(word in haystack for word in text.split()):
            missing.append(text)
    return missing

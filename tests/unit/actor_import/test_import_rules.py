"""Rules that turn cells of partners' hand-made contact lists into clean values."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest

from sozialkoordination.actor_import.rules import (
    FIELDS,
    PersonName,
    assign_columns,
    detect_header_row,
    field_by_name,
    guess_columns,
    phone_from_cell,
    postcode_from_cell,
    split_emails,
    split_person_name,
    split_postcode_city,
    split_street,
    suggest_mapping,
)
from sozialkoordination.core.normalize import legal_form_free, person_key
from sozialkoordination.spreadsheet.cells import cell_text, header_key

NBSP = "\xa0"


# -- headers ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("E-Mail-Adresse", "e mail adresse"),
        ("  Straße  ", "strasse"),
        ("Str./Hausnr.", "str hausnr"),
        ("Ansprechpartner/in", "ansprechpartner in"),
        ("Bemerkung(en)", "bemerkung en"),
        (f"PLZ{NBSP}Ort", "plz ort"),
        ("TRÄGER", "traeger"),
        ("Name, Vorname", "name vorname"),
        (2026, "2026"),
        (None, ""),
        ("", ""),
        (" - ", ""),
    ],
)
def test_header_key(header, key):
    assert header_key(header) == key


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        pytest.param(
            ["Einrichtung", "Ansprechpartner/in", "Str./Hausnr.", "PLZ Ort", "Tel.", "E-Mail-Adresse"],
            ["organisation", "full_name", "street_and_number", "postcode_and_city", "phone", "email"],
            id="familienzentren",
        ),
        pytest.param(
            ["Name, Vorname", "Funktion", "Telefon", "Mail"],
            ["full_name", "function", "phone", "email"],
            id="netzwerk-personen",
        ),
        pytest.param(
            ["Name", "Vorname", "Anrede", "Straße", "Nr.", "PLZ", "Ort", "Telefonnummer"],
            ["last_name", "first_name", "salutation", "street", "house_number", "postcode", "city", "phone"],
            id="ehrenamtliche",
        ),
        pytest.param(
            ["Träger", "Name der Einrichtung", "Art", "Adresse", "Postleitzahl", "Wohnort", "Homepage"],
            ["traeger", "organisation", "org_type", "street_and_number", "postcode", "city", "website"],
            id="kitas",
        ),
        pytest.param(["Einrichtng", "Telfon", "E-Mial"], ["organisation", "phone", "email"], id="typos"),
        pytest.param(
            ["Institution", "Trägerschaft", "Einrichtungsart", "Straße u. Nr.", "PLZ/Ort", "Fon", "Email", "Internet"],
            [
                "organisation",
                "traeger",
                "org_type",
                "street_and_number",
                "postcode_and_city",
                "phone",
                "email",
                "website",
            ],
            id="beratungsstellen",
        ),
        pytest.param(
            ["Anrede", "Titel", "Vorname", "Nachname", "Position", "Handy", "E-Mail", "Schwerpunkte", "Notizen"],
            ["salutation", "title", "first_name", "last_name", "function", "mobile", "email", "themes", "notes"],
            id="ak-mitglieder",
        ),
        pytest.param(
            ["Kontaktperson", "Rolle", "Mobiltelefon", "Gemeinde", "Sozialraum", "Hinweise", "Typ"],
            ["full_name", "function", "mobile", "city", "sozialraum", "notes", "org_type"],
            id="dorfmoderation",
        ),
        pytest.param(
            [" einrichtung ", "ANSPRECHPARTNER", "Strasse", "Hausnummer", "Plz", "ort", "telefon", "e-mail"],
            ["organisation", "full_name", "street", "house_number", "postcode", "city", "phone", "email"],
            id="case-and-spaces",
        ),
        pytest.param(
            ["Traeger", "Einrichtung", "Anschrift", "Themen", "Bemerkung(en)"],
            ["traeger", "organisation", "street_and_number", "themes", "notes"],
            id="umlauts-as-ae",
        ),
    ],
)
def test_suggest_mapping_for_partner_lists(headers, expected):
    assert suggest_mapping(headers) == expected


@pytest.mark.parametrize(
    ("headers", "name_field"),
    [
        (["Name", "Vorname", "Telefon"], "last_name"),
        (["Vorname", "Name", "E-Mail"], "last_name"),
        (["Name", "Funktion", "Telefon"], "full_name"),
        (["Anrede", "Name", "E-Mail"], "full_name"),
        (["Einrichtung", "Name", "Telefon"], "full_name"),
        (["Name", "Straße", "PLZ", "Ort", "Telefon"], "organisation"),
        (["Name", "Ansprechpartner", "Telefon"], "organisation"),
    ],
)
def test_name_column_is_decided_by_the_other_headers(headers, name_field):
    assert suggest_mapping(headers)[headers.index("Name")] == name_field


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        pytest.param(["Telefon", "Tel."], ["phone", None], id="each-field-once-first-wins"),
        pytest.param(["Telefon 2", "Telefon"], [None, "phone"], id="exact-beats-fuzzy"),
        pytest.param(["Wohnort", "Ort"], [None, "city"], id="strong-synonym-beats-weak"),
        pytest.param(["Ort", "Gemeinde"], ["city", "sozialraum"], id="gemeinde-falls-back-to-sozialraum"),
        pytest.param(["Gemeinde"], ["city"], id="gemeinde-alone-is-city"),
        pytest.param(["Nr.", "Einrichtung", "Telefon"], [None, "organisation", "phone"], id="running-number-ignored"),
        pytest.param(["Tel./Fax", "Fax"], ["phone", "fax"], id="fax-its-own-column"),
        pytest.param(["Telefon privat", "E-Mail der Einrichtung"], ["phone", "email"], id="telling-word"),
        pytest.param(["Ansprechpartner E-Mail", "Ansprechpartner"], ["email", "full_name"], id="no-long-fuzzy"),
        pytest.param(["Stand", "Sozialregion", "Geburtsdatum", "Datum"], [None, None, None, None], id="unknown"),
        pytest.param([None, "", "Einrichtung", 2026], [None, None, "organisation", None], id="empty-cells"),
        pytest.param([], [], id="no-columns"),
    ],
)
def test_suggest_mapping_rules(headers, expected):
    assert suggest_mapping(headers) == expected


def test_suggest_mapping_knows_the_labels_of_all_fields():
    labels = list(FIELDS.values())
    assert suggest_mapping(labels) == list(FIELDS)


def test_suggest_mapping_uses_every_field_at_most_once():
    headers = ["Telefon", "Tel.", "Telefonnummer", "Fon", "Name", "Name", "E-Mail", "Mail", "Email"]
    mapping = [field for field in suggest_mapping(headers) if field]
    assert len(mapping) == len(set(mapping))


@pytest.mark.parametrize(
    ("rows", "index"),
    [
        pytest.param([["Einrichtung", "Telefon", "E-Mail"], ["FZ Regenbogen", "0551 1", "a@b.de"]], 0, id="first-row"),
        pytest.param(
            [
                ["Adressliste Familienzentren, Stand 03/2026"],
                [],
                [None, None, None],
                ["Einrichtung", "Ansprechpartner/in", "PLZ Ort", "Tel."],
                ["Familienzentrum Regenbogen", "Frau Schulz", "37120 Bovenden", 5519901.0],
            ],
            3,
            id="title-and-empty-rows",
        ),
        pytest.param(
            [
                [None, "Landkreis Göttingen – Sozialregion Adelebsen/Bovenden", None, None],
                [None, f"Stand:{NBSP}01.03.2026", None, None],
                [None, None, None, None],
                [None, "Name", "Vorname", "Telefonnummer"],
                [None, "Müller", "Max", "0551 12345"],
            ],
            3,
            id="offset-columns",
        ),
        pytest.param(
            [
                ["Kontaktliste AK Frühe Hilfen"],
                ["Ansprechpartnerin:", "Frau Schulz", "Telefon:", "0551 12345"],
                [],
                ["Name", "Vorname", "Funktion", "Telefon", "Mail"],
                ["Meyer", "Kim", "Hebamme", "0551 1", "kim@b.de"],
            ],
            3,
            id="most-header-cells-wins",
        ),
        pytest.param([["Adressliste"], ["Familienzentrum Regenbogen", "Bovenden", "0551 1"]], None, id="no-header"),
        pytest.param([["E-Mail"], ["a@b.de"]], None, id="one-header-cell-is-not-enough"),
        pytest.param([], None, id="empty-sheet"),
    ],
)
def test_detect_header_row(rows, index):
    assert detect_header_row(rows) == index


def test_detect_header_row_only_scans_the_first_rows():
    rows = [["Adressliste"]] * 5 + [["Einrichtung", "Telefon", "E-Mail"]]
    assert detect_header_row(rows, scan=5) is None
    assert detect_header_row(rows, scan=6) == 5


# -- single cells -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        (NBSP, None),
        ("  Familienzentrum   Regenbogen ", "Familienzentrum Regenbogen"),
        (f"Familienzentrum{NBSP}Regenbogen{NBSP}", "Familienzentrum Regenbogen"),
        ("Am Anger\n3", "Am Anger 3"),
        ("\ufeffEinrichtung", "Einrichtung"),
        ("Bo\u200bvenden", "Bovenden"),
        (37120.0, "37120"),
        (37120, "37120"),
        (0.0, "0"),
        (-3.0, "-3"),
        (3.5, "3.5"),
        (0.25, "0.25"),
        (float("nan"), None),
        (Decimal("12.00"), "12"),
        (Decimal("12.50"), "12.50"),
        (True, "ja"),
        (False, "nein"),
        (date(2026, 3, 1), "01.03.2026"),
        (datetime(2026, 3, 1, 14, 30), "01.03.2026"),
        (time(9, 5), "09:05"),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text


@pytest.mark.parametrize(
    ("value", "postcode"),
    [
        (37120.0, "37120"),
        (37120, "37120"),
        (1067, "1067"),  # four digits: not padded to 01067, the import asks (Excel's lost zero or a lost digit?)
        (1067.0, "1067"),
        (" 37120 ", "37120"),
        (f"37120{NBSP}", "37120"),
        ("01067", "01067"),
        ("D-37120", "37120"),
        ("37 120", "37120"),
        ("", None),
        (None, None),
        ("unbekannt", "unbekannt"),  # not validated here: the import reports it with is_valid_postcode
    ],
)
def test_postcode_from_cell(value, postcode):
    assert postcode_from_cell(value) == postcode


@pytest.mark.parametrize(
    ("value", "phone"),
    [
        (5519901.0, "0551 9901"),  # lost leading zero restored, grouped as DIN 5008
        (5519901, "0551 9901"),
        ("+49 551 12345", "0551 12345"),
        ("+49 (0)551 12345", "0551 12345"),
        ("0049 5551 9901", "05551 9901"),
        (" 0551 / 12 34 ", "0551 1234"),
        ("0551123456", "0551 123456"),
        (f"0551{NBSP}12345", "0551 12345"),
        ("Tel.: 0551 12345", "0551 12345"),
        ("Tel.-Nr. 0551 12345", "0551 12345"),
        ("Mobil: 0171 1234567", "0171 1234567"),
        ("0551 525-0", "0551 525-0"),
        ("", None),
        (None, None),
    ],
)
def test_phone_from_cell(value, phone):
    assert phone_from_cell(value) == phone


# -- dates --------------------------------------------------------------------------------------------------------


# -- emails -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "valid", "invalid"),
    [
        ("info@fz-regenbogen.de", ["info@fz-regenbogen.de"], []),
        ("a@b.de; c@d.de", ["a@b.de", "c@d.de"], []),
        ("a@b.de, c@d.de", ["a@b.de", "c@d.de"], []),
        ("a@b.de / c@d.de", ["a@b.de", "c@d.de"], []),
        ("a@b.de\nc@d.de", ["a@b.de", "c@d.de"], []),
        ("a@b.de c@d.de", ["a@b.de", "c@d.de"], []),
        ("info@b.de oder leitung@b.de", ["info@b.de", "leitung@b.de"], []),
        ("mailto:a@b.de", ["a@b.de"], []),
        ("MAILTO:a@b.de", ["a@b.de"], []),
        ("Max <max@b.de>", ["max@b.de"], []),
        ("Max Müller <max@b.de>, Erika Schulz <erika@b.de>", ["max@b.de", "erika@b.de"], []),
        ("Max.Mueller@Landkreis-Goettingen.DE", ["Max.Mueller@landkreis-goettingen.de"], []),
        (f"  a@b.de{NBSP} ", ["a@b.de"], []),
        ("info @ fz.de", ["info@fz.de"], []),
        ("info(at)fz.de", ["info@fz.de"], []),
        ("info@fz.de.", ["info@fz.de"], []),
        ("a@b.de; a@b.de", ["a@b.de"], []),
        ("a@b.de; kaputt@", ["a@b.de"], ["kaputt@"]),
        ("a@b", [], ["a@b"]),
        ("a@@b.de", [], ["a@@b.de"]),
        ("siehe Homepage", [], ["siehe Homepage"]),
        ("-", [], []),
        ("", [], []),
        (None, [], []),
        (12345, [], ["12345"]),
    ],
)
def test_split_emails(value, valid, invalid):
    assert split_emails(value) == (valid, invalid)


# -- person names -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Herr Dr. Max Müller", ("Herr", "Dr.", "Max", "Müller")),
        ("Frau Prof. Dr. Anna-Lena von der Heide", ("Frau", "Prof. Dr.", "Anna-Lena", "von der Heide")),
        ("Müller, Max", (None, None, "Max", "Müller")),
        ("Müller, Dr. Max", (None, "Dr.", "Max", "Müller")),
        ("Müller, Max, Dr.", (None, "Dr.", "Max", "Müller")),
        ("Herr Müller, Max", ("Herr", None, "Max", "Müller")),
        ("Fr. Schulz", ("Frau", None, None, "Schulz")),
        ("Hr. Meyer", ("Herr", None, None, "Meyer")),
        ("Herrn Max Mustermann", ("Herr", None, "Max", "Mustermann")),
        ("Frau Dr. Schulz", ("Frau", "Dr.", None, "Schulz")),
        ("Kim Meyer", (None, None, "Kim", "Meyer")),
        ("Meyer", (None, None, None, "Meyer")),
        ("Dipl.-Päd. Jana Schmidt", (None, "Dipl.-Päd.", "Jana", "Schmidt")),
        ("Dipl.-Soz.-Päd. Jana Schmidt", (None, "Dipl.-Soz.-Päd.", "Jana", "Schmidt")),
        ("Dr. med. Hans Meier", (None, "Dr. med.", "Hans", "Meier")),
        ("Prof. Dr. rer. nat. Eva Klein", (None, "Prof. Dr. rer. nat.", "Eva", "Klein")),
        ("Dr Hans Meier", (None, "Dr.", "Hans", "Meier")),
        ("Dr.Müller", (None, "Dr.", None, "Müller")),
        ("Jana Schmidt, M.A.", (None, "M.A.", "Jana", "Schmidt")),
        ("Jana Schmidt M.A.", (None, "M.A.", "Jana", "Schmidt")),
        ("Anna zu Solms", (None, None, "Anna", "zu Solms")),
        ("Hendrik van den Berg", (None, None, "Hendrik", "van den Berg")),
        ("Maria De Luca", (None, None, "Maria", "De Luca")),
        ("von der Heide, Anna-Lena", (None, None, "Anna-Lena", "von der Heide")),
        ("Heide, Anna-Lena von der", (None, None, "Anna-Lena", "von der Heide")),
        ("Hans-Peter Müller-Lüdenscheidt", (None, None, "Hans-Peter", "Müller-Lüdenscheidt")),
        ("Anna Maria Schulz", (None, None, "Anna Maria", "Schulz")),
        ("Diplock, Jan", (None, None, "Jan", "Diplock")),
        ("Max Müller (Leitung)", (None, None, "Max", "Müller")),
        (f"  Herr{NBSP} Max   Müller ", ("Herr", None, "Max", "Müller")),
        ("Herr", ("Herr", None, None, None)),
        ("", (None, None, None, None)),
        (None, (None, None, None, None)),
        (4711, (None, None, None, "4711")),
    ],
)
def test_split_person_name(value, expected):
    assert split_person_name(value) == PersonName(*expected)


# -- addresses ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Hauptstr. 12a", ("Hauptstr.", "12a")),
        ("Am Anger 3-5", ("Am Anger", "3-5")),
        ("Straße des 17. Juni 4", ("Straße des 17. Juni", "4")),
        ("Lange Geismarstraße 12 B", ("Lange Geismarstraße", "12 B")),
        ("Weender Landstraße 3–7", ("Weender Landstraße", "3–7")),
        ("An der Kirche 1/2", ("An der Kirche", "1/2")),
        ("Am Markt 1a-c", ("Am Markt", "1a-c")),
        ("Hauptstr.12", ("Hauptstr.", "12")),
        ("Hauptstraße Nr. 5", ("Hauptstraße", "5")),
        ("Hauptstraße, 12", ("Hauptstraße", "12")),
        (f"  Goethestr{NBSP}7 ", ("Goethestr", "7")),
        ("Marktplatz", ("Marktplatz", None)),
        ("Straße des 17. Juni", ("Straße des 17. Juni", None)),
        ("Postfach 1234", ("Postfach 1234", None)),
        ("Im Winkel 5, Hinterhaus", ("Im Winkel 5, Hinterhaus", None)),
        ("12", (None, "12")),
        (12.0, (None, "12")),
        ("", (None, None)),
        (None, (None, None)),
    ],
)
def test_split_street(value, expected):
    assert split_street(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("37120 Bovenden", ("37120", "Bovenden")),
        ("D-37120 Bovenden", ("37120", "Bovenden")),
        ("D 37120 Bovenden", ("37120", "Bovenden")),
        ("DE-37120 Bovenden", ("37120", "Bovenden")),
        ("37120Bovenden", ("37120", "Bovenden")),
        ("37120, Bovenden", ("37120", "Bovenden")),
        (f"  37120{NBSP}Bovenden ", ("37120", "Bovenden")),
        ("37120 Bovenden OT Lenglern", ("37120", "Bovenden OT Lenglern")),
        ("1067 Dresden", ("1067", "Dresden")),  # four digits kept: the import asks about them
        ("Bovenden 37120", ("37120", "Bovenden")),
        ("Bovenden", (None, "Bovenden")),
        ("Dransfeld", (None, "Dransfeld")),
        ("37120", ("37120", None)),
        (37120.0, ("37120", None)),
        (1067, ("1067", None)),
        ("", (None, None)),
        (None, (None, None)),
    ],
)
def test_split_postcode_city(value, expected):
    assert split_postcode_city(value) == expected


# -- duplicate keys -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Familienzentrum Regenbogen e.V.", "familienzentrum regenbogen"),
        ("familienzentrum regenbogen", "familienzentrum regenbogen"),
        ("Familienzentrum  Regenbogen e. V.", "familienzentrum regenbogen"),
        ("Familienzentrum Regenbogen eV", "familienzentrum regenbogen"),
        ("Arbeiterwohlfahrt Kreisverband Göttingen e. V.", "arbeiterwohlfahrt kreisverband goettingen"),
        ("Arbeiterwohlfahrt Kreisverband Goettingen", "arbeiterwohlfahrt kreisverband goettingen"),
        ("Lebenshilfe Göttingen gGmbH", "lebenshilfe goettingen"),
        ("Diakonie gemeinnützige GmbH", "diakonie"),
        ("Jugendhilfe Süd UG (haftungsbeschränkt)", "jugendhilfe sued"),
        ("Jugendhilfe Süd gUG", "jugendhilfe sued"),
        ("Pflegedienst Sonne mbH", "pflegedienst sonne"),
        ("Stadtwerke AöR", "stadtwerke"),
        ("Kirchenkreis KdöR", "kirchenkreis"),
        ("Bürgerstiftung Bovenden, Stiftung bürgerlichen Rechts", "buergerstiftung bovenden"),
        ("Förderverein gem. e.V.", "foerderverein"),
        ("Kita-Verbund Süd-Harz", "kita verbund sued harz"),
        ("Ev.-luth. Kirchengemeinde Bovenden", "ev luth kirchengemeinde bovenden"),
        ("AG Sozialplanung", "ag sozialplanung"),
        ("Stiftung Bürgerhilfe", "stiftung buergerhilfe"),
        ("e.V.", "e v"),
        ("", ""),
    ],
)
def test_legal_form_free(name, key):
    assert legal_form_free(name) == key


@pytest.mark.parametrize(
    ("first", "last", "key"),
    [
        ("Max", "Müller", "mueller max"),
        ("Max", "Mueller", "mueller max"),
        ("  MAX ", "MÜLLER", "mueller max"),
        ("Anna-Lena", "von der Heide", "von der heide anna lena"),
        (None, "Meyer", "meyer"),
        ("Kim", None, "kim"),
        (None, None, ""),
    ],
)
def test_person_key(first, last, key):
    assert person_key(first, last) == key


def test_person_key_matches_a_split_name():
    name = split_person_name("Müller, Max")
    assert person_key(name.first_name, name.last_name) == person_key("Max", "Mueller")


# -- partner lists as delivered (issue 19) ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            [
                "id",
                "name",
                "phone_number",
                "places",
                "type",
                "sponsor_id",
                "sponsor_name",
                "street",
                "zip_code",
                "lat",
                "lon",
            ],
            [
                None,
                "organisation",
                "phone",
                "places",
                "org_type",
                None,
                "traeger",
                "street",
                "postcode",
                "latitude",
                "longitude",
            ],
        ),
        (
            [
                "name",
                "city",
                "zipcode",
                "street",
                "house_number",
                "telephone",
                "fax",
                "email",
                "website",
                "longitude",
                "latitude",
            ],
            [
                "organisation",
                "city",
                "postcode",
                "street",
                "house_number",
                "phone",
                "fax",
                "email",
                "website",
                "longitude",
                "latitude",
            ],
        ),
        (
            ["Verein", "Vorsitzende(r)", "Straße", "PLZ Ort", "Telefon", "E-Mail"],
            ["organisation", "full_name", "street", "postcode_and_city", "phone", "email"],
        ),
        (
            ["Schule", "Anschrift", "PLZ", "Ort", "Telefon", "Mail"],
            ["organisation", "street_and_number", "postcode", "city", "phone", "email"],
        ),
        (
            ["KITA", "Trägerin", "Leitung", "STRASSE", "Plätze", "Mobil", "URL", "Postcode", "Place", "LNG"],
            [
                "organisation",
                "traeger",
                "full_name",
                "street",
                "places",
                "mobile",
                "website",
                "postcode",
                "city",
                "longitude",
            ],
        ),
        (
            ["Einrichtung", "Ansprechpartner/in", "ZIP", "Telephone", "E_Mail", "Web-Site", "Latitude"],
            ["organisation", "full_name", "postcode", "phone", "email", "website", "latitude"],
        ),
    ],
)
def test_german_and_english_headers_of_real_partner_lists(headers, expected):
    mapping = suggest_mapping(headers)
    assert mapping == expected


def test_the_header_of_an_english_list_is_found_under_a_title():
    rows = [
        ["Kitas in Berlin"],
        [],
        ["id", "name", "phone_number", "zip_code", "lat", "lon"],
        [1, "Kita A", "030 1", 10115],
    ]
    assert detect_header_row(rows) == 2


def test_columns_without_header_are_recognised_by_their_content():
    rows = [
        [
            "Kita Sonnenschein",
            "Frau Dr. Anna Berg",
            "Weender Str. 12",
            "37073 Göttingen",
            "0551 123456",
            "info@sonne.example.de",
            "www.sonne.de",
            "51.5412",
            "9.9312",
        ],
        [
            "Grundschule am Wall",
            "Herr Jens Kühne",
            "Am Wall 3a",
            "37120 Bovenden",
            "05594 9876",
            "schule@wall.de",
            "https://wall.de",
            "51.5811",
            "9.9213",
        ],
        [
            "Jugendtreff Mitte",
            "Frau Öztürk",
            "Markt 1",
            "37081 Göttingen",
            "+49 551 400",
            "jt@mitte.de",
            None,
            "51.5333",
            "9.9351",
        ],
    ]
    guesses = guess_columns([], rows)
    assert [g.field for g in guesses] == [
        "organisation",
        "full_name",
        "street_and_number",
        "postcode_and_city",
        "phone",
        "email",
        "website",
        "latitude",
        "longitude",
    ]
    assert guesses[3].reason == "100 % der Werte sind Postleitzahlen mit Ort" and guesses[3].certainty == 1.0
    assert guesses[0].certainty < 1.0 or "Namen" in guesses[0].reason


def test_content_detection_says_how_sure_it_is_and_keeps_known_headers():
    rows = [["Kita A", "Göttingen", 37073 + i, "x"] for i in range(12)] + [["Kita Z", "Bovenden", "unbekannt", "y"]]
    guesses = guess_columns(["Einrichtung", None, None, "Sonstiges"], rows)
    assert guesses[0].field == "organisation" and guesses[0].reason == "Überschrift „Einrichtung“"
    assert guesses[2].field == "postcode" and guesses[2].reason == "92 % der Werte sind Postleitzahlen"
    assert guesses[2].certainty == pytest.approx(12 / 13)
    assert guesses[1].field == "city"
    assert guesses[3].field == "notes"


def test_columns_are_assigned_by_hand_with_the_names_a_coordinator_uses():
    headers = ["Schule", "Anschrift", "PLZ", "Ort", "Telefon", "Mail"]
    mapping, by_hand = assign_columns(
        headers,
        [None, None, "postcode", "city", None, None],
        ["Schule=Organisation", "Mail=E-Mail", "Spalte 2=Adresse"],
    )
    assert mapping == ["organisation", "street_and_number", "postcode", "city", None, "email"]
    assert by_hand == {0, 1, 5}
    mapping, _ = assign_columns(headers, mapping, ["Ort=", "Telefon=postcode"])  # a field moves to the new column
    assert mapping == ["organisation", "street_and_number", None, None, "postcode", "email"]
    assert field_by_name("Vorsitzende(r)") == "full_name" and field_by_name("PLZ und Ort") == "postcode_and_city"
    with pytest.raises(ValueError, match="Eine Spalte „Schulname“ gibt es in der Liste nicht"):
        assign_columns(headers, mapping, ["Schulname=Organisation"])
    with pytest.raises(ValueError, match="Ein Feld „Quatsch“ gibt es nicht"):
        assign_columns(headers, mapping, ["Schule=Quatsch"])
    with pytest.raises(ValueError, match="SPALTE=FELD"):
        assign_columns(headers, mapping, ["Schule"])

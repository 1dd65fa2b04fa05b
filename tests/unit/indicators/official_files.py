"""Small faithful samples of the statistics offices' published layouts, written for the tests from the reference
data (the 38 Gemeinden of the Landkreis without the Stadt Göttingen) plus a few rows of other districts."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

REFERENCE = Path(__file__).resolve().parents[3] / "resources" / "reference" / "sozialraeume_landkreis_goettingen.csv"
POPULATION_TOTAL = 208_691  # the 18 Sozialräume, i.e. the Landkreis without the Stadt Göttingen
KREIS_WITH_CITY = 328_952


def gemeinden() -> list[dict[str, str]]:
    with REFERENCE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def write_gv_isys(path: Path) -> Path:
    """Destatis GV-ISys "Auszug GV": title and contents sheets first, the data sheet with a three-line header (the
    ARS split over Land/RB/Kreis/VB/Gem under a merged heading, footnote marks), Satzart rows for Land, Kreis,
    Gemeindeverband and Gemeinde, other districts, a gemeindefreies Gebiet and footnotes below."""
    book = Workbook()
    title = book.active
    title.title = "Titel"
    title["A1"] = "Gemeindeverzeichnis-Informationssystem GV-ISys"
    title["A3"] = "Alle politisch selbständigen Gemeinden mit ausgewählten Merkmalen am 31.12.2023 (4. Quartal)"
    contents = book.create_sheet("Inhalt")
    contents.append(["Inhalt"])
    contents.append(["Onlineprodukt_Gemeinden", "Gemeinden mit Fläche, Bevölkerung, Postleitzahl"])
    sheet = book.create_sheet("Onlineprodukt_Gemeinden")
    sheet.append(["Gemeinden in Deutschland nach Fläche, Bevölkerung und Postleitzahl am 31.12.2023 (4. Quartal)"])
    sheet.append([])
    sheet.append(
        [
            "Satz-art",
            "Text-kenn-zeichen",
            "Amtlicher Regionalschlüssel (ARS)",
            None,
            None,
            None,
            None,
            "Gemeindename",
            "Fläche km2 1)",
            "Bevölkerung 2)",
            None,
            None,
            None,
            "Postleit-zahl3)",
            "Geografische Mittelpunktkoordinaten",
            None,
            "Reisegebiete",
            None,
        ]
    )
    sheet.append(
        [
            None,
            None,
            "Land",
            "RB",
            "Kreis",
            "VB",
            "Gem",
            None,
            None,
            "insgesamt",
            "männlich",
            "weiblich",
            "je km2",
            None,
            "Längengrad",
            "Breitengrad",
            "Schlüssel",
            "Bezeichnung",
        ]
    )
    sheet.append([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18])
    for cells in ("C3:G3", "J3:M3", "O3:P3", "Q3:R3", "A3:A4", "B3:B4", "H3:H4", "I3:I4", "N3:N4"):
        sheet.merge_cells(cells)
    sheet.append(["10", None, "03", None, None, None, None, "Niedersachsen", 47709.8, 8140242, 4006024, 4134218, 171])
    sheet.append(["40", "44", "03", "1", "55", None, None, "Northeim", 1267.0, 132765, 65000, 67765, 105])
    sheet.append(
        [
            "60",
            "64",
            "03",
            "1",
            "55",
            "0001",
            "001",
            "Bad Gandersheim, Stadt",
            90.0,
            9700,
            4700,
            5000,
            108,
            "37581",
            10.03,
            51.87,
            124,
            "Harz und Harzvorland",
        ]
    )
    sheet.append(["40", "44", "03", "1", "59", None, None, "Göttingen", 1755.4, KREIS_WITH_CITY, 160000, 168952, 187])
    by_raum: dict[str, list[dict[str, str]]] = {}
    for row in gemeinden():
        by_raum.setdefault(row["sozialraum_ars9"], []).append(row)
    for ars9, members in by_raum.items():
        vb = ars9[5:]
        if len(members) > 1:
            total = sum(int(m["bev_31122023"]) for m in members)
            sheet.append(
                ["50", "52", "03", "1", "59", vb, None, f"{members[0]['sozialraum_name']}, Samtgemeinde", None, total]
            )
        for m in members:
            population = int(m["bev_31122023"])
            sheet.append(
                [
                    "60",
                    "65",
                    "03",
                    "1",
                    "59",
                    vb,
                    m["ars12"][9:],
                    m["gemeinde_name_destatis"],
                    float(m["flaeche_km2"]),
                    population,
                    population // 2,
                    population - population // 2,
                    round(population / float(m["flaeche_km2"])),
                    m["plz_verwaltungssitz"],
                    10.0,
                    51.5,
                    124,
                    "Harz und Harzvorland",
                ]
            )
    sheet.append(
        ["60", "65", "03", "1", "59", "0016", "016", "Göttingen, Stadt", 116.9, 120261, 58000, 62261, 1029, "37073"]
    )
    sheet.append(
        ["60", "67", "03", "1", "59", "5501", "501", "Harz (Landkreis Göttingen), gemfr. Geb.", 94.5, 0, 0, 0, 0]
    )
    sheet.append([])
    sheet.append(["1) Katasterfläche; Quelle: Landesvermessung"])
    sheet.append(["2) Bevölkerung auf Grundlage des Zensus 2011"])
    sheet.append(["3) Postleitzahl des Verwaltungssitzes"])
    book.save(path)
    return path


def write_regionalstatistik_csv(path: Path) -> Path:
    """A Regionalstatistik (GENESIS) CSV export, table 12411-01-01-5, as it is downloaded: ISO-8859-1, ";", a
    header block of title lines and three header lines, Deutschland/Land/Kreis rows, markers "-" and ".", and the
    copyright footer."""
    lines = [
        "GENESIS-Tabelle: 12411-01-01-5",
        "Bevölkerung nach Geschlecht - Stichtag 31.12. -;;;;;",
        "regionale Tiefe: Gemeinden;;;;;",
        "Fortschreibung des Bevölkerungsstandes;;;;;",
        "Deutschland;;;;;",
        ";;;Bevölkerungsstand;;",
        ";;;Insgesamt;männlich;weiblich",
        ";;;Anzahl;Anzahl;Anzahl",
        "31.12.2023;DG;Deutschland;84669326;41641326;43028000",
        "31.12.2023;03;Niedersachsen;8140242;4006024;4134218",
        "31.12.2023;03155001;Bad Gandersheim, Stadt;9700;4700;5000",
        f"31.12.2023;03159;Göttingen, Landkreis;{KREIS_WITH_CITY};160000;168952",
    ]
    for m in gemeinden():
        population = int(m["bev_31122023"])
        men = "-" if m["ags"] == "03159012" else str(population // 2)
        women = "." if m["ags"] == "03159012" else str(population - population // 2)
        lines.append(f"31.12.2023;{m['ags']};{m['gemeinde_name_destatis']};{population};{men};{women}")
    lines.append("31.12.2023;03159016;Göttingen, Stadt;120261;58000;62261")
    lines += [
        "__________",
        "Stand: 15.07.2024 / 12:00:00",
        "(C)opyright Statistische Ämter des Bundes und der Länder, 2024",
    ]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("latin-1"))
    return path


def write_ba_table(path: Path) -> Path:
    """A Bundesagentur für Arbeit Gemeinde table: title lines, key and name in one cell, "*" for values the BA
    withholds (fewer than 3 or computable from them)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Gemeinden"
    sheet.append(["Statistik der Bundesagentur für Arbeit"])
    sheet.append(["Arbeitslose nach Gemeinden – Berichtsmonat Dezember 2023"])
    sheet.append([])
    sheet.append(["Gemeinde", "Arbeitslose insgesamt", "darunter Langzeitarbeitslose"])
    sheet.append(["03155001 Bad Gandersheim, Stadt", 410, 150])
    for n, m in enumerate(gemeinden()):
        sheet.append([f"{m['ags']} {m['gemeinde_name_destatis']}", 40 + n, "*" if m["ags"] == "03159012" else 10 + n])
    sheet.append([])
    sheet.append(["© Statistik der Bundesagentur für Arbeit"])
    book.save(path)
    return path

"""Demo data: a clearly fictional, reproducible data set for the Landkreis Göttingen to try the program out."""

from __future__ import annotations

import csv
import logging
import random
import re
import time as clock
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sozialkoordination.actors.service import refresh_search_texts
from sozialkoordination.config import resource_path
from sozialkoordination.core.errors import DomainError
from sozialkoordination.core.normalize import fold
from sozialkoordination.core.progress import Progress, check
from sozialkoordination.models import (
    Affiliation,
    AgendaItem,
    Attendance,
    BudgetApplication,
    Consent,
    Decision,
    Gemeinde,
    Indicator,
    IndicatorValue,
    Invitation,
    Meeting,
    Milestone,
    Network,
    NetworkMembership,
    Offer,
    Organisation,
    Ortschaft,
    ParticipationActivity,
    Person,
    Placement,
    Project,
    Proposal,
    Sozialraum,
    SozialraumBudget,
    Sozialregion,
    Task,
    Theme,
    Volunteer,
    VolunteerAvailability,
)

log = logging.getLogger(__name__)

DEMO_NOTE = "Demo-Datensatz (fiktiv)"
DEMO_SOURCE = "Demo-Daten (fiktiv)"
POPULATION_SOURCE = "Statistisches Bundesamt (Destatis), Gemeindeverzeichnis (GV-ISys)"
REFERENCE_CSV = "sozialraeume_landkreis_goettingen.csv"
ORGANISATION_TYPES_TXT = "organisationstypen.txt"
NOT_EMPTY_MESSAGE = (
    "Die Datenbank enthält bereits Akteure. Demo-Daten werden nur in eine leere Datenbank geladen; "
    "bitte wählen Sie mit --db eine neue Datei."
)

ORGANISATION_TARGET = 300
AFFILIATED_PERSON_TARGET = 560
SECOND_AFFILIATIONS = 70
STAGES = 11

# Every phone number uses the block "9901" (organisations) or "9902" (private) after the real area code
# of the Sozialraum; e-mail addresses and websites use the reserved top-level domain ".example" only.
AREA_CODES = {
    "031590026": "05522",
    "031590019": "05521",
    "031590002": "05327",
    "031595403": "05584",
    "031590001": "05506",
    "031590007": "0551",
    "031590003": "05524",
    "031590004": "05523",
    "031590036": "05525",
    "031590017": "05541",
    "031595401": "05502",
    "031590034": "05543",
    "031590010": "05527",
    "031595402": "05528",
    "031595404": "05507",
    "031590029": "0551",
    "031590013": "05504",
    "031590015": "05508",
}


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


MONTHS = _words("Januar Februar März April Mai Juni Juli August September Oktober November Dezember")

# -- names ---------------------------------------------------------------------------------------------
FEMALE_NAMES = _words(
    """
    Anna Maria Julia Katrin Sabine Petra Claudia Susanne Andrea Stefanie Nicole Melanie Sandra Christina Laura
    Lena Sarah Lisa Hannah Johanna Franziska Miriam Birgit Monika Heike Ute Kerstin Silke Anja Tanja Jana Nadine
    Svenja Merle Insa Frauke Imke Gesa Wiebke Anke Elke Renate Gisela Ingrid Ursula Karin Helga Marion Doris
    Bettina Carola Simone Yvonne Sophie Charlotte Leonie Emma Clara Paula Ayşe Elif Olga Natalia Agnieszka
    Anna-Lena Marie-Luise
    """
)
MALE_NAMES = _words(
    """
    Thomas Michael Andreas Stefan Frank Jürgen Uwe Klaus Peter Martin Christian Matthias Markus Sven Jens Dirk
    Holger Torsten Carsten Olaf Ralf Bernd Wolfgang Dieter Hans-Jürgen Karl-Heinz Heinrich Friedrich Lukas Jonas
    Felix Leon Paul Niklas Tim Jan Philipp Daniel Tobias Florian Sebastian Alexander Hendrik Malte Ole Jannik
    Mehmet Ahmet Yusuf Sergej Piotr Dimitri Gerd Reinhard
    """
)
NEUTRAL_NAMES = ("Kim", "Alex", "Robin", "Luca", "Sascha", "Toni", "Jona", "Noa")
LAST_NAMES = _words(
    """
    Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer Richter Klein
    Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Werner Krause Meier Lehmann
    Schulze Köhler Herrmann König Walter Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Schubert Vogel
    Friedrich Keller Günther Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht Schuster Simon Ludwig Böhm
    Winter Kraus Schumacher Krämer Vogt Stein Jäger Otto Sommer Groß Seidel Brandt Haas Schreiber Graf Schulte
    Dietrich Ziegler Kuhn Kühn Pohl Engel Horn Busch Bergmann Voigt Sauer Arnold Pfeiffer Ahrens Bode Wedekind
    Oppermann Hesse Rittmeier Hentschel Gehrke Ahlborn Dreyer Kiehne Lüdecke Niemeyer Rohde Steinmetz Warnecke
    Wilke Yılmaz Kaya Demir Nowak Kowalski Iwanow Hagedorn Brinkmann Heise Lindemann
    """
)
STREETS = (
    "Am Lindenanger",
    "Mühlenwinkel",
    "Auf der Wiesenbreite",
    "Kastanienallee",
    "Schulgasse",
    "Am Dorfteich",
    "Brunnenstieg",
    "Im Obstgarten",
    "Eichenring",
    "Wiesengrund",
    "Am Sonnenhang",
    "Holunderweg",
    "Lerchenfeld",
    "Birkenstieg",
    "Zum Backhaus",
    "Am Rathausplatz",
    "Töpferstraße",
    "Am Hirtenberg",
    "Quellenweg",
    "Ahornstieg",
    "Im Winkel",
    "Am Rosengarten",
    "Marktgasse",
    "Zur Alten Mühle",
    "Kirchstieg",
    "Feldrain",
)

# -- organisations ---------------------------------------------------------------------------------------
TYPE_WEIGHTS = {
    "Familienzentrum": 3,
    "Kita": 16,
    "Schule": 8,
    "Jugendpflege": 6,
    "Beratungsstelle": 6,
    "Seniorenangebot": 7,
    "Verein": 16,
    "Kirche": 7,
    "Freier Träger": 1,
    "Kommune": 2,
    "Freiwilligendienst": 3,
    "Gesundheit": 7,
    "Jobcenter/Arbeitsförderung": 2,
    "Sonstige": 5,
}
FIXED_TYPES = ("Kommune", "Familienzentrum", "Kita", "Schule", "Verein")
MIN_PER_TYPE = {"Freier Träger": 6, "Jobcenter/Arbeitsförderung": 3, "Freiwilligendienst": 4}
# Types whose organisations sit in the seat of the municipality rather than in a village.
SEAT_TYPES = {
    "Kommune",
    "Beratungsstelle",
    "Freier Träger",
    "Jobcenter/Arbeitsförderung",
    "Freiwilligendienst",
    "Gesundheit",
    "Familienzentrum",
}
ORG_NAMES: dict[str, tuple[str, ...]] = {
    "Familienzentrum": tuple(
        f"Familienzentrum {n} {{ort}}"
        for n in (
            "Regenbogen",
            "Sonnenschein",
            "Kunterbunt",
            "Löwenzahn",
            "Lindenhof",
            "Mittendrin",
            "Arche",
            "Sternschnuppe",
            "Apfelbaum",
            "Leuchtturm",
            "Brückenhaus",
            "Buntstift",
        )
    ),
    "Kita": tuple(
        f"{p} {n} {{ort}}"
        for p in ("Kita", "Kita", "Kindertagesstätte", "Kinderkrippe")
        for n in (
            "Pusteblume",
            "Sonnenblume",
            "Marienkäfer",
            "Spatzennest",
            "Zwergenland",
            "Wichtelhaus",
            "Rappelkiste",
            "Schatzkiste",
            "Kleine Strolche",
            "Wirbelwind",
            "Haselnuss",
            "Glühwürmchen",
            "Igelburg",
            "Sausewind",
        )
    ),
    "Schule": tuple(
        f"{p} {n} {{ort}}"
        for p in ("Grundschule", "Grundschule", "Grundschule", "Oberschule", "Förderschule")
        for n in (
            "Am Lindenberg",
            "Am Mühlbach",
            "Am Sonnenhang",
            "Am Eichenweg",
            "An der Wiesenaue",
            "Am Kastanienhof",
            "Im Lerchenfeld",
            "Am Buchenring",
            "An den Teichen",
            "Am Wiesenhang",
        )
    ),
    "Jugendpflege": tuple(
        f"{p} {n} {{ort}}"
        for p in ("Jugendtreff", "Jugendhaus")
        for n in (
            "Kompass",
            "Insel",
            "Oase",
            "Basislager",
            "Freiraum",
            "Treibhaus",
            "Funkloch",
            "Zündstoff",
            "Leuchtfeuer",
        )
    )
    + ("Mobile Jugendarbeit {ort}",),
    "Beratungsstelle": (
        "Erziehungsberatung Wegweiser {ort}",
        "Beratungsstelle Lichtblick {ort}",
        "Schuldnerberatung Kompass {ort}",
        "Suchtberatung Anker {ort}",
        "Migrationsberatung Brückenbogen {ort}",
        "Schwangerenberatung Lebensbogen {ort}",
        "Pflegeberatung Lotse {ort}",
        "Lebensberatung Horizont {ort}",
    ),
    "Seniorenangebot": (
        "Seniorentreff Abendsonne {ort}",
        "Mehrgenerationencafé Zeitlos {ort}",
        "Seniorenbegegnungsstätte Lindenhof {ort}",
        "Senioren-Mittagstisch Tischlein {ort}",
        "Nachbarschaftshilfe Hand in Hand {ort}",
        "Besuchsdienst Herbstlaub {ort}",
        "Seniorenservice Goldener Herbst {ort}",
    ),
    "Verein": (
        "Sportverein {ort} {jahr} e. V.",
        "Turnverein Frisch Auf {ort} {jahr} e. V.",
        "Heimatverein {ort} e. V.",
        "Dorfgemeinschaft {ort} e. V.",
        "Förderverein Kinderfreunde {ort} e. V.",
        "Gesangverein Frohsinn {ort} {jahr} e. V.",
        "Schützengilde {ort} {jahr} e. V.",
        "Kulturkreis {ort} e. V.",
        "Bürgerverein Miteinander {ort} e. V.",
        "Tafel-Freundeskreis {ort} e. V.",
    ),
    "Kirche": (
        "Kirchengemeinde Am Brunnenberg {ort}",
        "Kirchengemeinde Zum Lindenkreuz {ort}",
        "Ökumenischer Gemeindetreff Arche {ort}",
        "Gemeindezentrum Quelle {ort}",
        "Kirchengemeinde Friedenshof {ort}",
        "Freikirchliche Gemeinde Wegzeichen {ort}",
        "Pfarrgemeinde Zum Guten Weg {ort}",
    ),
    "Freier Träger": (
        "Lebenswege Jugendhilfe gGmbH",
        "Brückenschlag Südniedersachsen e. V.",
        "Weitblick Soziale Dienste gGmbH",
        "Miteinander Leben e. V.",
        "Kinderland Trägerverbund gGmbH",
        "Sonnenseite Familienhilfe e. V.",
        "Wegbegleiter Sozialwerk gGmbH",
        "Lichtpunkt Jugend- und Familienhilfe e. V.",
        "Zukunftswerk Kinder- und Jugendhilfe gGmbH",
        "Lebensbrücke Familienwerk e. V.",
        "Gemeinsam stark Sozialdienste e. V.",
        "Rückenwind Inklusion gGmbH",
    ),
    "Kommune": (
        "Fachdienst Soziales und Ehrenamt {ort}",
        "Jugend- und Kulturbüro {ort}",
        "Seniorenservicebüro {ort}",
        "Integrationsbüro {ort}",
        "Quartiersbüro {ort}",
    ),
    "Freiwilligendienst": (
        "Freiwilligenagentur Engagiert {ort}",
        "Ehrenamtsbörse Mitmachen {ort}",
        "Freiwilligenzentrum Tatkraft {ort}",
        "Einsatzstellenverbund Freiwilligendienste {ort}",
    ),
    "Gesundheit": (
        "Hebammenpraxis Storchennest {ort}",
        "Gesundheitszentrum Vitalis {ort}",
        "Logopädie Wortschatz {ort}",
        "Ergotherapie Fingerspitze {ort}",
        "Pflegedienst Herzenswärme {ort}",
        "Physiotherapie Bewegungsraum {ort}",
        "Tagespflege Lindenblüte {ort}",
    ),
    "Jobcenter/Arbeitsförderung": (
        "Arbeitsförderung Lernwerk {ort}",
        "Beschäftigungsinitiative Neustart {ort}",
        "Qualifizierungswerkstatt Werkbank {ort}",
        "Bildungsträger Perspektive {ort}",
    ),
    "Sonstige": (
        "Dorfladen {ort} UG",
        "Bürgerbus {ort} e. V.",
        "Repair-Café {ort}",
        "Bücherstube im Dorfgemeinschaftshaus {ort}",
        "Mehrgenerationenhaus Drehscheibe {ort}",
        "Tauschring {ort}",
    ),
}
THEMES = (
    "Frühe Hilfen",
    "Kinderschutz",
    "Senioren",
    "Integration",
    "Ehrenamt",
    "Jugendarbeit",
    "Gesundheit",
    "Armut",
    "Mobilität",
    "Inklusion",
    "Familienbildung",
    "Sprachförderung",
    "Pflege",
    "Bildung",
    "Sport und Bewegung",
    "Kultur",
    "Nachbarschaft",
    "Beteiligung",
)
TYPE_THEMES = {
    "Familienzentrum": ("Frühe Hilfen", "Familienbildung", "Kinderschutz", "Integration", "Sprachförderung"),
    "Kita": ("Frühe Hilfen", "Sprachförderung", "Inklusion", "Kinderschutz"),
    "Schule": ("Bildung", "Inklusion", "Jugendarbeit", "Kinderschutz"),
    "Jugendpflege": ("Jugendarbeit", "Beteiligung", "Kinderschutz", "Sport und Bewegung"),
    "Beratungsstelle": ("Armut", "Kinderschutz", "Gesundheit", "Integration", "Familienbildung"),
    "Seniorenangebot": ("Senioren", "Pflege", "Mobilität", "Nachbarschaft", "Ehrenamt"),
    "Verein": ("Ehrenamt", "Sport und Bewegung", "Kultur", "Nachbarschaft", "Jugendarbeit"),
    "Kirche": ("Ehrenamt", "Senioren", "Nachbarschaft", "Integration", "Armut"),
    "Freier Träger": ("Jugendarbeit", "Inklusion", "Frühe Hilfen", "Armut", "Integration"),
    "Kommune": ("Mobilität", "Beteiligung", "Senioren", "Familienbildung", "Integration"),
    "Freiwilligendienst": ("Ehrenamt", "Beteiligung", "Jugendarbeit"),
    "Gesundheit": ("Gesundheit", "Frühe Hilfen", "Pflege"),
    "Jobcenter/Arbeitsförderung": ("Armut", "Integration", "Bildung"),
    "Sonstige": ("Nachbarschaft", "Mobilität", "Kultur", "Ehrenamt"),
}
ROLES = {
    "Familienzentrum": ("Leitung", "Sozialpädagog*in", "Fachkraft Frühe Hilfen"),
    "Kita": ("Leitung", "stellvertretende Leitung", "Fachkraft"),
    "Schule": ("Schulleitung", "Schulsozialarbeiter*in", "Beratungslehrkraft"),
    "Jugendpflege": ("Jugendpfleger*in", "Sozialarbeiter*in", "Honorarkraft"),
    "Beratungsstelle": ("Leitung", "Berater*in", "Sozialarbeiter*in"),
    "Seniorenangebot": ("Koordination", "Ehrenamtskoordination", "Fachkraft"),
    "Verein": ("Vorsitzende*r", "stellvertretende*r Vorsitzende*r", "Jugendwart*in"),
    "Kirche": ("Pastor*in", "Diakon*in", "Gemeindereferent*in"),
    "Freier Träger": ("Geschäftsführung", "Bereichsleitung", "Fachberatung"),
    "Kommune": ("Fachdienstleitung", "Sachbearbeitung Familie und Soziales", "Gleichstellungsbeauftragte*r"),
    "Freiwilligendienst": ("Koordination", "Pädagogische Begleitung", "Verwaltung"),
    "Gesundheit": ("Praxisleitung", "Familienhebamme", "Pflegedienstleitung"),
    "Jobcenter/Arbeitsförderung": ("Fallmanager*in", "Integrationsfachkraft", "Projektleitung"),
    "Sonstige": ("Ansprechperson", "Koordination", "Kassenwart*in"),
}
LEADING_FUNCTIONS = {
    "Leitung",
    "Schulleitung",
    "Jugendpfleger*in",
    "Koordination",
    "Vorsitzende*r",
    "Pastor*in",
    "Geschäftsführung",
    "Fachdienstleitung",
    "Praxisleitung",
    "Projektleitung",
    "Ansprechperson",
    "Fallmanager*in",
    "Sozialarbeiter*in",
    "Schulsozialarbeiter*in",
    "Fachkraft Frühe Hilfen",
    "Bereichsleitung",
}
VEREIN_FUNCTIONS = {"Vorsitzende*r", "stellvertretende*r Vorsitzende*r", "Jugendwart*in", "Kassenwart*in"}

PROJECTS = (
    (
        "TP1",
        "Präventionsketten",
        "Teilprojekt",
        date(2019, 1, 1),
        date(2027, 12, 31),
        "Aufbau aufeinander abgestimmter Angebote von der Geburt bis zum Berufseinstieg in den Sozialregionen.",
    ),
    (
        "TP2",
        "Fallkonferenzen",
        "Teilprojekt",
        date(2019, 7, 1),
        date(2026, 12, 31),
        "Fachübergreifende Fallkonferenzen von Jugendhilfe, Schule, Gesundheit und Sozialhilfe.",
    ),
    (
        "B1",
        "Frühe Hilfen",
        "Baustein",
        date(2018, 3, 7),
        None,
        "Dauerhafte Angebote für werdende Eltern und Familien mit Kindern bis drei Jahre.",
    ),
    (
        "B2",
        "Familienzentren",
        "Baustein",
        date(2018, 3, 7),
        None,
        "Familienzentren als niedrigschwellige Anlaufstellen in den Sozialräumen.",
    ),
    (
        "TP4",
        "Frühförderung",
        "Teilprojekt",
        date(2020, 1, 1),
        date(2027, 6, 30),
        "Frühzeitige Förderung von Kindern mit Entwicklungsrisiken in Kita und Familie.",
    ),
    (
        "TP5",
        "PaC",
        "Teilprojekt",
        date(2021, 1, 1),
        date(2026, 12, 31),
        "Präventionsarbeit in Kitas (im Demo-Datensatz nur beispielhaft beschrieben).",
    ),
)

# -- meetings ------------------------------------------------------------------------------------------
TOPICS = (
    (
        "Kinderarmut im ländlichen Raum – was können wir vor Ort tun?",
        "viele Familien die vorhandenen Leistungen für Bildung und Teilhabe nicht kennen",
        "Die Beratungsstellen bieten gemeinsame Sprechstunden in den Familienzentren an.",
        "Informationsblatt zu Bildung und Teilhabe für Eltern in einfacher Sprache erstellen",
    ),
    (
        "Mobilität für Ältere: Bürgerbus und Mitfahrbänke",
        "ältere Menschen in den Ortschaften ohne Auto kaum zu Ärzten und Einkäufen kommen",
        "Eine Arbeitsgruppe prüft Standorte für Mitfahrbänke in drei Ortschaften.",
        "Standortvorschläge für Mitfahrbänke mit den Ortsräten abstimmen",
    ),
    (
        "Übergang Kita – Grundschule gestalten",
        "die Zusammenarbeit zwischen Kitas und Grundschulen sehr unterschiedlich ausgeprägt ist",
        "Kitas und Grundschulen vereinbaren ein gemeinsames Übergangsgespräch im Frühjahr.",
        "Termin für ein Vernetzungstreffen von Kitas und Grundschulen abstimmen",
    ),
    (
        "Fachkräftegewinnung in Kitas und Pflege",
        "offene Stellen teilweise über Monate nicht besetzt werden können",
        "Die Träger stellen sich gemeinsam auf der Ausbildungsmesse vor.",
        "Gemeinsamen Stand für die Ausbildungsmesse organisieren",
    ),
    (
        "Ehrenamt stärken: Anerkennung und Qualifizierung",
        "Ehrenamtliche sich mehr Austausch und kurze Fortbildungen wünschen",
        "Im Herbst findet ein Dankeschön-Abend für Ehrenamtliche statt.",
        "Fortbildungsangebote für Ehrenamtliche zusammenstellen",
    ),
    (
        "Ergebnisse der Sozialberichterstattung für die Sozialregion",
        "der Anteil älterer Menschen in mehreren Ortschaften deutlich steigt",
        "Die Kennzahlen werden in der nächsten Sitzung nach Themen vertieft.",
        "Kennzahlen für den Sozialraum aufbereiten und vorab versenden",
    ),
    (
        "Integration zugewanderter Familien",
        "Sprachkurse mit Kinderbetreuung fehlen",
        "Das Familienzentrum prüft einen Sprachkurs mit paralleler Kinderbetreuung.",
        "Bedarf an Sprachkursen mit Kinderbetreuung abfragen",
    ),
    (
        "Angebote für Jugendliche in den Ortschaften",
        "Jugendliche in den kleineren Ortschaften kaum Treffpunkte haben",
        "Die Jugendpflege führt eine Befragung der Jugendlichen durch.",
        "Fragebogen für die Jugendbefragung entwerfen",
    ),
    (
        "Einsamkeit im Alter – Besuchsdienste und Treffpunkte",
        "viele Alleinlebende über 75 Jahre keine regelmäßigen Kontakte haben",
        "Die Kirchengemeinden und Seniorentreffs stimmen ihre Besuchsdienste ab.",
        "Übersicht der Besuchsdienste und Seniorentreffs erstellen",
    ),
    (
        "Gesundheitsversorgung und Hebammenmangel",
        "werdende Mütter oft keine Nachsorgehebamme finden",
        "Die Frühen Hilfen prüfen eine offene Hebammensprechstunde im Familienzentrum.",
        "Gespräch mit den Hebammen über eine offene Sprechstunde führen",
    ),
    (
        "Präventionskette: Lücken zwischen den Altersstufen",
        "es zwischen Krippe und Schuleintritt zu wenige Elternangebote gibt",
        "Die Präventionskette wird um ein Elterncafé für Familien mit Kindern von 3 bis 6 Jahren ergänzt.",
        "Angebotslandkarte der Präventionskette aktualisieren",
    ),
    (
        "Ferienbetreuung und Ferienprogramme",
        "berufstätige Eltern besonders in den Sommerferien Betreuung suchen",
        "Die Ferienangebote werden in einer gemeinsamen Broschüre veröffentlicht.",
        "Übersicht der Ferienangebote zusammenstellen",
    ),
    (
        "Digitalisierung: Unterstützung für Ältere",
        "ältere Menschen bei Online-Terminen und Anträgen Hilfe brauchen",
        "Die Freiwilligenagentur startet eine Smartphone-Sprechstunde.",
        "Ehrenamtliche für die Smartphone-Sprechstunde gewinnen",
    ),
)
GENERIC_TASKS = (
    "Protokoll an alle Teilnehmenden versenden",
    "Räume für die nächste Sitzung reservieren",
    "Rückmeldung an den Ortsrat geben",
    "Flyer in leichter Sprache erstellen lassen",
    "Kontaktliste der Netzwerkpartner aktualisieren",
    "Förderantrag für das Sozialraumbudget vorbereiten",
)
BUDGET_PURPOSES = (
    "Ferienprogramm für Kinder in {ort}",
    "Elterncafé mit Sprachmittlung",
    "Lastenrad für den Besuchsdienst",
    "Mitfahrbänke in {ort}",
    "Digitalsprechstunde für Senior*innen",
    "Bewegungsangebot für Vorschulkinder",
    "Nachbarschaftsfest in {ort}",
    "Qualifizierung von Ehrenamtlichen im Besuchsdienst",
    "Spielgeräte für den Familientreff",
    "Leseförderung in Kita und Grundschule",
    "Beratungssprechstunde vor Ort in {ort}",
    "Jugendbeteiligungsprojekt „Unser Platz“ in {ort}",
)
INVITATION_STATUSES_PAST = (("zugesagt", 65), ("abgesagt", 20), ("vertreten", 5), ("eingeladen", 10))
INVITATION_STATUSES_SOON = (("zugesagt", 45), ("abgesagt", 10), ("eingeladen", 45))

# -- volunteering and participation -------------------------------------------------------------------
OFFERS = (
    (
        "Lesepat*in für Grundschulkinder",
        ("Schule",),
        ("Bildung", "Ehrenamt"),
        "regelmäßig",
        "Einmal pro Woche mit einzelnen Kindern lesen und über Bücher sprechen.",
        "erweitertes Führungszeugnis",
    ),
    (
        "Vorlesen in der Kita",
        ("Kita",),
        ("Sprachförderung", "Ehrenamt"),
        "regelmäßig",
        "Vorlesen und Bilderbuchbetrachtung in kleinen Gruppen.",
        "erweitertes Führungszeugnis",
    ),
    (
        "Hausaufgabenhilfe",
        ("Schule", "Jugendpflege", "Familienzentrum"),
        ("Bildung", "Jugendarbeit"),
        "regelmäßig",
        "Unterstützung bei Hausaufgaben am Nachmittag.",
        "erweitertes Führungszeugnis",
    ),
    (
        "Sprachcafé für Zugewanderte",
        ("Kirche", "Beratungsstelle", "Familienzentrum"),
        ("Integration", "Sprachförderung"),
        "regelmäßig",
        "Gespräche auf Deutsch in entspannter Runde, Kaffee und Kuchen inklusive.",
        None,
    ),
    (
        "Besuchsdienst für ältere Menschen",
        ("Seniorenangebot", "Kirche"),
        ("Senioren", "Nachbarschaft"),
        "regelmäßig",
        "Regelmäßige Besuche, Gespräche und kleine Spaziergänge.",
        None,
    ),
    (
        "Fahrer*in für den Bürgerbus",
        ("Sonstige", "Verein", "Kommune"),
        ("Mobilität",),
        "regelmäßig",
        "Fahrten nach Fahrplan zwischen den Ortschaften.",
        "Führerschein Klasse B, mindestens drei Jahre Fahrpraxis",
    ),
    (
        "Begleitung zu Arztterminen",
        ("Seniorenangebot", "Gesundheit"),
        ("Senioren", "Gesundheit", "Mobilität"),
        "flexibel",
        "Begleitung älterer Menschen zu Terminen in der Stadt.",
        None,
    ),
    (
        "Familienpat*in für Familien mit Neugeborenen",
        ("Familienzentrum", "Beratungsstelle"),
        ("Frühe Hilfen",),
        "regelmäßig",
        "Entlastung junger Familien im Alltag, einige Stunden pro Woche.",
        "Einführungsschulung und erweitertes Führungszeugnis",
    ),
    (
        "Helfer*in beim Ferienprogramm",
        ("Jugendpflege", "Verein", "Kommune"),
        ("Jugendarbeit",),
        "einmalig",
        "Mithilfe bei Ausflügen und Aktionen in den Sommerferien.",
        "erweitertes Führungszeugnis",
    ),
    (
        "Smartphone-Sprechstunde für Senior*innen",
        ("Seniorenangebot", "Freiwilligendienst"),
        ("Senioren", "Bildung"),
        "regelmäßig",
        "Geduldige Hilfe bei Fragen zu Smartphone, Tablet und Online-Terminen.",
        None,
    ),
    (
        "Übungsleiter*in Kinderturnen",
        ("Verein",),
        ("Sport und Bewegung",),
        "regelmäßig",
        "Bewegungsstunde für Kinder von 3 bis 6 Jahren.",
        "Übungsleiterlizenz wünschenswert",
    ),
    (
        "Mitarbeit in der Lebensmittelausgabe",
        ("Kirche", "Sonstige"),
        ("Armut",),
        "regelmäßig",
        "Sortieren und Ausgeben von Lebensmitteln.",
        None,
    ),
    (
        "Reparieren im Repair-Café",
        ("Sonstige", "Verein"),
        ("Nachbarschaft",),
        "regelmäßig",
        "Gemeinsam Elektrogeräte, Fahrräder und Kleidung reparieren.",
        None,
    ),
    (
        "Gartenprojekt mit Kindern",
        ("Kita", "Familienzentrum", "Schule"),
        ("Bildung", "Nachbarschaft"),
        "regelmäßig",
        "Beete anlegen, pflanzen und ernten mit Kindergruppen.",
        "erweitertes Führungszeugnis",
    ),
    (
        "Unterstützung beim Nachbarschaftsfest",
        ("Kommune", "Verein"),
        ("Nachbarschaft",),
        "einmalig",
        "Auf- und Abbau, Kuchenstand und Kinderschminken.",
        None,
    ),
    (
        "Mentoring für Jugendliche beim Berufseinstieg",
        ("Jobcenter/Arbeitsförderung", "Schule"),
        ("Jugendarbeit", "Bildung"),
        "flexibel",
        "Begleitung einer oder eines Jugendlichen bei Bewerbungen.",
        None,
    ),
    (
        "Begleitung inklusiver Freizeitangebote",
        ("Freier Träger",),
        ("Inklusion",),
        "regelmäßig",
        "Begleitung von Menschen mit Behinderung bei Freizeitaktivitäten.",
        None,
    ),
    (
        "Service beim Mittagstisch für Senior*innen",
        ("Seniorenangebot",),
        ("Senioren", "Armut"),
        "regelmäßig",
        "Tische decken, Essen ausgeben und ins Gespräch kommen.",
        None,
    ),
)
SKILLS = (
    "handwerkliches Geschick",
    "Erfahrung mit Kindergruppen",
    "pädagogische Ausbildung",
    "Pflegeerfahrung",
    "Organisationstalent",
    "Computerkenntnisse",
    "Musik und Gesang",
    "Gartenarbeit",
    "Kochen und Backen",
    "Führerschein Klasse B",
    "Erste-Hilfe-Kurs",
    "Übersetzen",
)
LANGUAGES = (
    "Deutsch",
    "Deutsch",
    "Deutsch",
    "Deutsch, Englisch",
    "Deutsch, Englisch",
    "Deutsch, Türkisch",
    "Deutsch, Arabisch",
    "Deutsch, Russisch",
    "Deutsch, Polnisch",
    "Deutsch, Ukrainisch",
)
PARTICIPATION = (
    (
        "Bürgerversammlung",
        "Bürgerversammlung zur Nahversorgung in {ort}",
        "Nahversorgung und Dorfladen",
        "Einwohnerinnen und Einwohner",
        (
            "Dorfladen mit ehrenamtlichem Lieferdienst prüfen",
            "Wochenmarkt am Dorfgemeinschaftshaus einrichten",
            "Lieferdienst der Supermärkte in die Ortschaft holen",
            "Mitfahrbank am Ortseingang aufstellen",
        ),
    ),
    (
        "Zukunftswerkstatt",
        "Zukunftswerkstatt „{ort} 2035“",
        "Dorfentwicklung",
        "alle Generationen",
        (
            "Treffpunkt für alle Generationen im alten Pfarrhaus",
            "Bücherschrank auf dem Dorfplatz",
            "Gemeinsamer Dorfkalender online und auf Papier",
            "Begrüßungspaket für Neuzugezogene",
        ),
    ),
    (
        "Befragung",
        "Befragung „Gut älter werden in {raum}“",
        "Wohnen und Leben im Alter",
        "Menschen ab 60 Jahren",
        (
            "Barrierefreie Sitzbänke entlang der Hauptwege",
            "Sprechstunde der Pflegeberatung vor Ort",
            "Fahrdienst zum Wochenmarkt",
            "Mittagstisch einmal pro Woche",
        ),
    ),
    (
        "Ortsbegehung",
        "Ortsbegehung Barrierefreiheit in {ort}",
        "Barrierefreiheit",
        "Menschen mit Behinderung, Senior*innen, Eltern mit Kinderwagen",
        (
            "Bordsteine an der Bushaltestelle absenken",
            "Handlauf an der Treppe zum Gemeindehaus",
            "Beleuchtung am Fußweg zur Schule verbessern",
        ),
    ),
    (
        "Kinder- und Jugendbeteiligung",
        "Spielplatzplanung mit Kindern in {ort}",
        "Spielplatz und Treffpunkte",
        "Kinder und Jugendliche",
        (
            "Kletterturm auf dem Spielplatz",
            "Überdachter Treffpunkt für Jugendliche",
            "Bolzplatz mit neuen Toren",
            "Sitzecke mit Sonnenschutz",
        ),
    ),
    (
        "online",
        "Online-Beteiligung Radwege in {raum}",
        "Radverkehr",
        "alle Einwohnerinnen und Einwohner",
        (
            "Radweg zwischen den Ortschaften ausbauen",
            "Fahrradbügel am Bahnhof",
            "Sichere Querung an der Landstraße",
            "Beschilderung der Radrouten verbessern",
        ),
    ),
)
MILESTONES = (
    "Kostenschätzung einholen",
    "Abstimmung mit dem Ortsrat",
    "Fördermittel beantragen",
    "Umsetzung vor Ort",
    "Rückmeldung an die Beteiligten",
)


@dataclass(frozen=True)
class DemoSummary:
    organisations: int
    persons: int
    networks: int
    meetings: int
    tasks: int
    volunteers: int
    offers: int
    activities: int
    indicator_values: int


@dataclass
class _Raum:
    obj: Sozialraum
    region: Sozialregion | None
    places: list[tuple[str, str]]  # (Ortschaft, postcode), the seat first
    population: int
    population_2019: int
    area_code: str
    towns: list[tuple[str, str]]  # the main place of each Gemeinde, the seat first

    @property
    def id(self) -> int:
        return self.obj.id

    @property
    def name(self) -> str:
        return self.obj.name

    @property
    def seat(self) -> tuple[str, str]:
        return self.places[0]


@dataclass
class _Series:
    """A meeting series (Sozialforum of one region, conference of one Sozialraum, one network)."""

    meeting_type: str
    title: str
    level: str
    dates: list[date]
    region: Sozialregion | None
    raum: _Raum | None = None
    network: Network | None = None
    pool: list[Person] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)


class DemoService:
    def __init__(self, session_factory: sessionmaker[Session]):
        self._sf = session_factory

    def generate(self, progress: Progress | None = None, seed: int = 2026, *, today: date | None = None) -> DemoSummary:
        """Fill an empty database (areas seeded) with the fictional demo data; the same seed, the same data."""
        started = clock.perf_counter()
        with self._sf.begin() as s:
            if s.scalar(select(func.count(Organisation.id))):
                raise DomainError(NOT_EMPTY_MESSAGE)
            builder = _Builder(s, random.Random(seed), today or date.today(), progress)
            summary = builder.run()
        refresh_search_texts(self._sf)
        if progress is not None:
            progress.report(STAGES, STAGES, "Demo-Daten sind geladen.")
        log.info("Demo-Daten (Seed %s) in %.1f s angelegt: %s", seed, clock.perf_counter() - started, summary)
        return summary


def _slug(text: str, limit: int = 48) -> str:
    text = re.sub(r"\b(e\. ?v\.|ggmbh|gmbh|ug)\s*$", "", fold(text.replace("ı", "i")))
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    while len(slug) > limit and "-" in slug:
        slug = slug.rsplit("-", 1)[0]
    return slug[:limit].strip("-") or "demo"


def _workday(day: date) -> date:
    """The next working day outside the Christmas break (no meetings from 22 December to 6 January)."""
    if (day.month, day.day) >= (12, 22):
        day = date(day.year + 1, 1, 7)
    elif (day.month, day.day) <= (1, 6):
        day = date(day.year, 1, 7)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


class _Builder:
    def __init__(self, s: Session, rng: random.Random, today: date, progress: Progress | None):
        self.s = s
        self.rng = rng
        self.today = today
        self.progress = progress
        self.stage = 0
        self.raeume: list[_Raum] = []
        self.population: dict[str, tuple[int, int]] = {}  # AGS → (2019, 2023)
        self.gemeinden: list[Gemeinde] = []
        self.regions: list[Sozialregion] = []
        self.themes: dict[str, Theme] = {}
        self.projects: dict[str, Project] = {}
        self.orgs: list[Organisation] = []
        self.orgs_by_raum: dict[int, list[Organisation]] = defaultdict(list)
        self.org_raum: dict[Organisation, _Raum] = {}
        self.org_slug: dict[Organisation, str] = {}
        self.persons: list[Person] = []
        self.staff: dict[Organisation, list[Person]] = defaultdict(list)
        self.staff_by_raum: dict[int, list[Person]] = defaultdict(list)
        self.locals_by_raum: dict[int, list[Person]] = defaultdict(list)  # persons without organisation
        self.person_org: dict[Person, Organisation] = {}
        self.coordinators: dict[int, Person] = {}
        self.local_roles: dict[Person, str] = {}
        self.networks: list[Network] = []
        self.meetings: list[Meeting] = []
        self.meeting_raum: dict[Meeting, _Raum | None] = {}
        self.srk_by_raum: dict[int, list[Meeting]] = defaultdict(list)
        self.present: dict[Meeting, list[Person]] = {}
        self.tasks: list[Task] = []
        self.budget_plans: list[dict] = []
        self.volunteers: list[Volunteer] = []
        self.offers: list[Offer] = []
        self.activities: list[ParticipationActivity] = []
        self.indicator_values = 0
        self.used_names: set[str] = set()
        self.used_person_names: set[tuple[str, str]] = set()
        self.phone_counter: dict[str, int] = defaultdict(int)

    # -- helpers -------------------------------------------------------------------------------
    def step(self, text: str) -> None:
        check(self.progress, self.stage, STAGES, text)
        self.stage += 1

    def pick(self, weighted):
        items = [w[0] for w in weighted]
        weights = [w[1] for w in weighted]
        return self.rng.choices(items, weights)[0]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def day_between(self, start: date, end: date) -> date:
        if end <= start:
            return start
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    def phone(self, raum: _Raum, block: str = "9901") -> str:
        key = raum.area_code + block
        self.phone_counter[key] += 1
        return f"{raum.area_code} {block} {10 + self.phone_counter[key] % 90:02d}"

    def raum_of(self, sozialraum_id: int | None) -> _Raum | None:
        return next((r for r in self.raeume if r.id == sozialraum_id), None)

    def raeume_of_region(self, region: Sozialregion | None) -> list[_Raum]:
        return [r for r in self.raeume if region is not None and r.region is region]

    # -- run -------------------------------------------------------------------------------------
    def run(self) -> DemoSummary:
        self.step("Gebiete werden gelesen …")
        self.load_areas()
        self.step("Themen und Projekte werden angelegt …")
        self.make_themes_and_projects()
        self.step("Organisationen werden angelegt …")
        self.make_organisations()
        self.step("Personen werden angelegt …")
        self.make_persons()
        self.s.flush()
        self.step("Netzwerke werden angelegt …")
        self.make_networks()
        self.s.flush()
        self.step("Sitzungen, Protokolle und Aufgaben werden angelegt …")
        self.make_meetings()
        self.step("Sozialraumbudgets werden angelegt …")
        self.make_budgets()
        self.step("Ehrenamt und Engagementangebote werden angelegt …")
        self.make_volunteering()
        self.step("Beteiligungsverfahren werden angelegt …")
        self.make_participation()
        self.step("Indikatoren werden angelegt …")
        self.make_indicators()
        self.step("Suchindex wird aufgebaut …")
        self.s.flush()
        return DemoSummary(
            organisations=len(self.orgs),
            persons=len(self.persons),
            networks=len(self.networks),
            meetings=len(self.meetings),
            tasks=len(self.tasks),
            volunteers=len(self.volunteers),
            offers=len(self.offers),
            activities=len(self.activities),
            indicator_values=self.indicator_values,
        )

    # -- areas -----------------------------------------------------------------------------------
    def load_areas(self) -> None:
        with resource_path("reference", REFERENCE_CSV).open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle, delimiter=";"):
                self.population[row["ags"]] = (int(row["bev_31122019"]), int(row["bev_31122023"]))
        s = self.s
        self.regions = list(s.scalars(select(Sozialregion).order_by(Sozialregion.position, Sozialregion.code)))
        regions = {r.id: r for r in self.regions}
        self.gemeinden = list(s.scalars(select(Gemeinde).order_by(Gemeinde.ags)))
        places: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for name, postcode, gemeinde_id in s.execute(
            select(Ortschaft.name, Ortschaft.postcode, Ortschaft.gemeinde_id).order_by(Ortschaft.id)
        ):
            places[gemeinde_id].append((name, postcode))
        for raum in s.scalars(select(Sozialraum).order_by(Sozialraum.ars)):
            members = [g for g in self.gemeinden if g.sozialraum_id == raum.id]
            if not members:
                continue
            members.sort(key=lambda g: -self.population.get(g.ags, (0, 0))[1])
            raum_places: list[tuple[str, str]] = []
            towns: list[tuple[str, str]] = []
            for g in members:
                own = places.get(g.id) or [(g.name, g.postcode or "37000")]
                towns.append(own[0])
                raum_places += own
            self.raeume.append(
                _Raum(
                    obj=raum,
                    region=regions.get(raum.sozialregion_id),
                    places=raum_places,
                    population=sum(self.population.get(g.ags, (5000, 5000))[1] for g in members),
                    population_2019=sum(self.population.get(g.ags, (5000, 5000))[0] for g in members),
                    area_code=AREA_CODES.get(raum.ars, "0551"),
                    towns=towns,
                )
            )
        if not self.raeume:
            raise DomainError(
                "Die Gebietsdaten (Sozialräume und Gemeinden) fehlen; Demo-Daten können nicht angelegt werden."
            )

    # -- themes and projects -------------------------------------------------------------------
    def make_themes_and_projects(self) -> None:
        self.themes = {name: Theme(name=name) for name in THEMES}
        self.s.add_all(self.themes.values())
        for code, name, kind, starts, ends, description in PROJECTS:
            self.projects[code] = Project(
                code=code,
                name=name,
                kind=kind,
                starts_on=starts,
                ends_on=ends,
                description=f"{description} ({DEMO_NOTE})",
            )
        self.s.add_all(self.projects.values())

    # -- organisations ---------------------------------------------------------------------------
    def organisation_types(self) -> list[str]:
        path = resource_path("reference", ORGANISATION_TYPES_TXT)
        return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    def make_organisations(self) -> None:
        rng = self.rng
        types = self.organisation_types() or list(TYPE_WEIGHTS)
        weights = [TYPE_WEIGHTS.get(t, 2) for t in types]
        total_population = sum(r.population for r in self.raeume) or 1
        base = 8
        extra = max(0, ORGANISATION_TARGET - base * len(self.raeume))
        slots: list[tuple[_Raum, str]] = []
        fixed: set[int] = set()
        for raum in self.raeume:
            count = base + round(extra * raum.population / total_population)
            chosen = [t for t in FIXED_TYPES if t in types] or [types[0]]
            fixed.update(range(len(slots), len(slots) + len(chosen)))
            chosen += rng.choices(types, weights, k=max(0, count - len(chosen)))
            slots += [(raum, t) for t in chosen]
        # Every type of the catalogue appears (and enough Träger to run other organisations).
        for org_type in types:
            wanted = MIN_PER_TYPE.get(org_type, 1)
            while sum(1 for _, t in slots if t == org_type) < wanted:
                replaceable = [i for i, (_, t) in enumerate(slots) if t in ("Verein", "Kita") and i not in fixed]
                if not replaceable:
                    break
                i = rng.choice(replaceable)
                slots[i] = (slots[i][0], org_type)
                fixed.add(i)
        first_kommune: set[int] = set()
        for raum, org_type in slots:
            seat_name = raum.id not in first_kommune and org_type == "Kommune"
            if seat_name:
                first_kommune.add(raum.id)
            self.orgs.append(self.make_organisation(raum, org_type, seat_name))
        self.assign_parents()
        self.s.add_all(self.orgs)

    def choose_place(self, raum: _Raum, org_type: str) -> tuple[str, str]:
        if org_type == "Freier Träger":
            return raum.seat
        if org_type in SEAT_TYPES or len(raum.places) == 1:
            return raum.seat if self.chance(0.8) else self.rng.choice(raum.places)
        seat_weight = 1 if org_type == "Verein" else 4
        return self.rng.choices(raum.places, [seat_weight] + [1] * (len(raum.places) - 1))[0]

    def organisation_name(self, raum: _Raum, org_type: str, seat_name: bool) -> tuple[str, tuple[str, str]]:
        rng = self.rng
        templates = ORG_NAMES.get(org_type) or (f"{org_type} {{ort}}",)
        place = self.choose_place(raum, org_type)
        for attempt in range(40):
            if attempt:
                place = self.choose_place(raum, org_type) if attempt < 20 else rng.choice(raum.places)
            template = "Bürger- und Familienbüro {ort}" if seat_name and attempt == 0 else rng.choice(templates)
            if seat_name and attempt == 0:
                place = raum.seat
            name = template.format(ort=place[0], jahr=rng.randint(1880, 1990))
            if name not in self.used_names:
                break
        else:
            name = f"{name} ({raum.name})"
        self.used_names.add(name)
        return name, place

    def make_organisation(self, raum: _Raum, org_type: str, seat_name: bool) -> Organisation:
        rng = self.rng
        name, (place, postcode) = self.organisation_name(raum, org_type, seat_name)
        slug = _slug(name)
        pool = TYPE_THEMES.get(org_type, ("Nachbarschaft",))
        themes = rng.sample(pool, rng.randint(1, min(3, len(pool))))
        notes = DEMO_NOTE + "."
        if self.chance(0.3):
            notes += " " + rng.choice(
                (
                    "Sprechzeiten nach Vereinbarung.",
                    "Räume barrierefrei erreichbar.",
                    "Ansprechperson wechselt im nächsten Jahr.",
                    "Kooperation mit der Grundschule vor Ort.",
                    "Angebote auch in leichter Sprache.",
                    "Treffen jeden ersten Mittwoch im Monat.",
                )
            )
        org = Organisation(
            name=name,
            org_type=org_type,
            sozialraum=raum.obj,
            street=rng.choice(STREETS),
            house_number=str(rng.randint(1, 48)) + ("a" if self.chance(0.08) else ""),
            postcode=postcode,
            city=place,
            phone=self.phone(raum),
            email=f"{rng.choice(('info', 'info', 'kontakt', 'buero'))}@{slug}.example",
            website=f"www.{slug}.example" if self.chance(0.6) else None,
            notes=notes,
            themes=[self.themes[t] for t in themes if t in self.themes],
        )
        self.orgs_by_raum[raum.id].append(org)
        self.org_raum[org] = raum
        self.org_slug[org] = slug
        return org

    def assign_parents(self) -> None:
        traeger = [o for o in self.orgs if o.org_type == "Freier Träger"]
        for org in self.orgs:
            if org.org_type in ("Kita", "Familienzentrum", "Beratungsstelle", "Jugendpflege", "Seniorenangebot"):
                if traeger and self.chance(0.22):
                    org.parent = self.rng.choice(traeger)
                elif org.org_type == "Kita" and self.chance(0.2):
                    churches = [o for o in self.orgs_by_raum[self.org_raum[org].id] if o.org_type == "Kirche"]
                    if churches:
                        org.parent = self.rng.choice(churches)

    # -- persons ----------------------------------------------------------------------------------
    def person_name(self) -> tuple[str | None, str, str]:
        rng = self.rng
        for _ in range(50):
            salutation = self.pick((("Frau", 57), ("Herr", 39), (None, 4)))
            pool = FEMALE_NAMES if salutation == "Frau" else MALE_NAMES if salutation == "Herr" else NEUTRAL_NAMES
            first, last = rng.choice(pool), rng.choice(LAST_NAMES)
            if (first, last) not in self.used_person_names:
                break
        self.used_person_names.add((first, last))
        return salutation, first, last

    def new_person(self, raum: _Raum, function: str, domain: str | None) -> Person:
        rng = self.rng
        salutation, first, last = self.person_name()
        title = self.pick((("Dr.", 4), ("Prof. Dr.", 1), (None, 95)))
        local = _slug(first, 30).replace("-", "") + "." + _slug(last, 30)
        email = f"{local}@{domain}.example" if domain and self.chance(0.92) else None
        person = Person(
            salutation=salutation,
            title=title,
            first_name=first,
            last_name=last,
            function=function,
            email=email,
            sozialraum=raum.obj,
            notes=DEMO_NOTE + ".",
            mobile=f"0151 9901 {rng.randint(1000, 9999)}" if self.chance(0.2) else None,
            last_activity_on=self.day_between(self.today - timedelta(days=700), self.today - timedelta(days=30)),
        )
        if self.chance(0.04):
            person.last_activity_on = self.day_between(
                self.today - timedelta(days=6 * 365), self.today - timedelta(days=4 * 365)
            )
        self.add_consents(person)
        self.persons.append(person)
        return person

    def add_consents(self, person: Person) -> None:
        rng = self.rng
        if not self.chance(0.88):
            return
        given = self.day_between(date(2019, 1, 15), self.today - timedelta(days=45))
        source = self.pick((("schriftlich", 4), ("Formular", 4), ("mündlich", 2)))
        consents = [Consent(purpose="Einladungen", given_on=given, source=source)]
        if self.chance(0.4):
            consents.append(
                Consent(
                    purpose="Weitergabe an Netzwerkpartner",
                    given_on=self.day_between(given, self.today - timedelta(days=30)),
                    source=rng.choice(("schriftlich", "Formular")),
                )
            )
        if self.chance(0.03):
            consents[-1].withdrawn_on = self.day_between(consents[-1].given_on, self.today - timedelta(days=7))
        person.consents = consents

    def make_persons(self) -> None:
        rng = self.rng
        counts = {}
        for org in self.orgs:
            options = (
                (2, 3)
                if org.org_type == "Kommune"
                else (1, 2, 3)
                if org.org_type in ("Schule", "Kita", "Familienzentrum", "Freier Träger")
                else (1, 2)
            )
            counts[org] = rng.choice(options)
        ordered = list(self.orgs)
        while sum(counts.values()) < AFFILIATED_PERSON_TARGET:
            org = rng.choice(ordered)
            if counts[org] < 3:
                counts[org] += 1
        while sum(counts.values()) > AFFILIATED_PERSON_TARGET:
            org = rng.choice(ordered)
            if counts[org] > 1:
                counts[org] -= 1
        for org in self.orgs:
            raum = self.org_raum[org]
            roles = ROLES.get(org.org_type or "", ("Ansprechperson", "Fachkraft", "Koordination"))
            for i in range(counts[org]):
                person = self.new_person(raum, roles[i % len(roles)], self.org_slug[org])
                person.phone = f"{org.phone}-{rng.randint(10, 39)}"
                if org.themes and self.chance(0.3):
                    person.themes = rng.sample(list(org.themes), 1)
                person.affiliations = [
                    Affiliation(
                        organisation=org,
                        role=person.function,
                        is_primary=True,
                        valid_from=self.day_between(date(2008, 1, 1), self.today - timedelta(days=200)),
                    )
                ]
                self.staff[org].append(person)
                self.staff_by_raum[raum.id].append(person)
                self.person_org[person] = org
        self.make_freiwilligendienst()
        self.make_second_affiliations()
        self.make_local_persons()

    def make_freiwilligendienst(self) -> None:
        """A dozen young people in a Freiwilligendienst, placed in Kitas, Schulen and Seniorenangeboten."""
        candidates = [
            p
            for p in self.persons
            if self.person_org[p].org_type in ("Kita", "Schule", "Seniorenangebot", "Freiwilligendienst")
            and p.function not in LEADING_FUNCTIONS
            and p.function not in ("Leitung", "Koordination")
        ]
        for person in self.rng.sample(candidates, min(12, len(candidates))):
            person.function = self.rng.choice(("Freiwilligendienst (FSJ)", "Bundesfreiwilligendienst (BFD)"))
            person.title = None
            person.affiliations[0].role = person.function
            person.affiliations[0].valid_from = self.day_between(
                self.today - timedelta(days=300), self.today - timedelta(days=30)
            )

    def make_second_affiliations(self) -> None:
        rng = self.rng
        done = 0
        for person in rng.sample(self.persons, len(self.persons)):
            if done >= SECOND_AFFILIATIONS:
                break
            own = self.person_org[person]
            others = [o for o in self.orgs_by_raum[self.org_raum[own].id] if o is not own]
            if not others or "freiwilligendienst" in (person.function or "").lower():
                continue
            other = rng.choice(others)
            role = (
                rng.choice(("Vorstandsmitglied", "Beirat", "Kooperationspartner*in", "Kassenprüfer*in"))
                if other.org_type == "Verein"
                else rng.choice(("Kooperation", "Honorarkraft", "Beratung vor Ort"))
            )
            person.affiliations.append(
                Affiliation(
                    organisation=other,
                    role=role,
                    is_primary=False,
                    valid_from=self.day_between(date(2015, 1, 1), self.today - timedelta(days=60)),
                )
            )
            done += 1

    def make_local_persons(self) -> None:
        """Persons without organisation: coordinators, (Orts-)Bürgermeister*innen, Dorfmoderator*innen …"""
        rng = self.rng
        for region in self.regions:
            raeume = self.raeume_of_region(region)
            if not raeume:
                continue
            office = max(raeume, key=lambda r: r.population)
            person = self.new_person(office, "Sozialregions-Koordinator*in", "sozialregion-demo")
            person.title = None
            person.phone = self.phone(office, "9902")
            person.notes = f"{DEMO_NOTE}. Koordination der Sozialregion {region.name}."
            person.last_activity_on = self.today - timedelta(days=rng.randint(1, 10))
            self.coordinators[region.id] = person
        # Ortsbürgermeister*innen in the villages of Einheitsgemeinden, honorary Bürgermeister*innen in the
        # member municipalities of Samtgemeinden, Dorfmoderator*innen and Ehrenamtliche anywhere.
        villages = [(raum, place) for raum in self.raeume for place in raum.places if place not in raum.towns]
        ortsteile = [(raum, place) for raum, place in villages if raum.obj.kind != "Samtgemeinde"] or villages
        member_towns = [(raum, place) for raum in self.raeume for place in raum.towns[1:]]
        plan = (
            ("Ortsbürgermeister*in", 16, ortsteile),
            ("Bürgermeister*in", 6, member_towns),
            ("Dorfmoderator*in", 9, villages),
            ("Ehrenamtliche*r", 3, villages),
        )
        for function, count, pool in plan:
            for raum, (place, postcode) in rng.sample(pool, min(count, len(pool))):
                person = self.new_person(raum, function, rng.choice(("posteingang", "dorfpost", "mailbox-demo")))
                person.title = None if self.chance(0.9) else person.title
                person.street = rng.choice(STREETS)
                person.house_number = str(rng.randint(1, 60))
                person.postcode = postcode
                person.city = place
                person.phone = self.phone(raum, "9902")
                where = f"für {place}" if function != "Ehrenamtliche*r" else f"in {place}"
                person.notes = f"{DEMO_NOTE}. {function} {where}."
                self.locals_by_raum[raum.id].append(person)
                self.local_roles[person] = function
        self.s.add_all(self.persons)

    # -- networks --------------------------------------------------------------------------------
    def make_networks(self) -> None:
        rng = self.rng
        specs: list[tuple[str, str, str, Sozialregion | None, _Raum | None, str | None, tuple[str, ...]]] = [
            (
                "Netzwerk Frühe Hilfen",
                "Netzwerk",
                "landkreis",
                None,
                None,
                "B1",
                ("Familienzentrum", "Kita", "Gesundheit", "Beratungsstelle", "Freier Träger"),
            ),
            ("Verbund der Familienzentren", "Verbund", "landkreis", None, None, "B2", ("Familienzentrum",)),
            (
                "Steuerungsgruppe Präventionsketten",
                "Steuerungsgruppe",
                "landkreis",
                None,
                None,
                "TP1",
                ("Freier Träger", "Kommune", "Beratungsstelle"),
            ),
            (
                "Arbeitskreis Frühförderung",
                "Arbeitskreis",
                "landkreis",
                None,
                None,
                "TP4",
                ("Kita", "Gesundheit", "Beratungsstelle", "Familienzentrum"),
            ),
        ]
        for region in self.regions:
            specs.append(
                (
                    f"Präventionskette {region.name}",
                    "Präventionskette",
                    "sozialregion",
                    region,
                    None,
                    "TP1",
                    ("Familienzentrum", "Kita", "Schule", "Jugendpflege", "Beratungsstelle", "Kommune"),
                )
            )
        half = len(self.regions) // 2
        for region in self.regions[:half]:
            specs.append(
                (
                    f"Arbeitskreis Jugend {region.name}",
                    "Arbeitskreis",
                    "sozialregion",
                    region,
                    None,
                    None,
                    ("Jugendpflege", "Schule", "Verein", "Kirche", "Freier Träger"),
                )
            )
        for region in self.regions[half:]:
            specs.append(
                (
                    f"Arbeitskreis Senioren {region.name}",
                    "Arbeitskreis",
                    "sozialregion",
                    region,
                    None,
                    None,
                    ("Seniorenangebot", "Kirche", "Kommune", "Gesundheit", "Verein"),
                )
            )
        local = rng.sample(self.raeume, min(4, len(self.raeume)))
        local_specs = (
            (
                "Runder Tisch Ehrenamt",
                "Runder Tisch",
                None,
                ("Verein", "Freiwilligendienst", "Kirche", "Seniorenangebot", "Kommune"),
            ),
            (
                "Arbeitskreis Integration",
                "Arbeitskreis",
                None,
                ("Beratungsstelle", "Kirche", "Jobcenter/Arbeitsförderung", "Kommune", "Schule", "Verein"),
            ),
            (
                "Fallkonferenz-Netzwerk",
                "Fallkonferenz",
                "TP2",
                ("Schule", "Kita", "Beratungsstelle", "Jugendpflege", "Kommune", "Familienzentrum"),
            ),
            (
                "Runder Tisch Ehrenamt",
                "Runder Tisch",
                None,
                ("Verein", "Freiwilligendienst", "Kirche", "Seniorenangebot", "Kommune"),
            ),
        )
        for raum, (name, kind, project, types) in zip(local, local_specs, strict=False):
            specs.append((f"{name} {raum.name}", kind, "sozialraum", raum.region, raum, project, types))
        for name, kind, level, region, raum, project, types in specs:
            self.networks.append(self.make_network(name, kind, level, region, raum, project, types))
        self.s.add_all(self.networks)

    def make_network(
        self,
        name: str,
        kind: str,
        level: str,
        region: Sozialregion | None,
        raum: _Raum | None,
        project: str | None,
        types: tuple[str, ...],
    ) -> Network:
        rng = self.rng
        if raum is not None:
            area = [raum]
        elif region is not None:
            area = self.raeume_of_region(region)
        else:
            area = self.raeume
        candidates = [o for r in area for o in self.orgs_by_raum[r.id] if o.org_type in types]
        size = rng.randint(12, 24) if level == "landkreis" else rng.randint(6, 16)
        members = rng.sample(candidates, min(size, len(candidates)))
        organiser = self.coordinators.get(region.id) if region is not None else None
        if organiser is None and self.coordinators:
            organiser = self.coordinators[min(self.coordinators)]
        founded = self.day_between(date(2016, 1, 1), date(2023, 6, 30))
        network = Network(
            name=name,
            network_type=kind,
            level=level,
            sozialregion_id=region.id if region else None,
            sozialraum_id=raum.id if raum else None,
            project_id=self.projects[project].id if project else None,
            organiser_person_id=organiser.id if organiser else None,
            description=f"{kind} „{name}“ – {DEMO_NOTE}. Gegründet {founded.year}.",
        )
        memberships = []
        for org in members:
            former = self.chance(0.1)
            start = self.day_between(founded, self.today - timedelta(days=400 if former else 30))
            memberships.append(
                NetworkMembership(
                    organisation=org,
                    role="Gast" if self.chance(0.1) else "Mitglied",
                    valid_from=start,
                    valid_until=self.day_between(start + timedelta(days=90), self.today - timedelta(days=10))
                    if former
                    else None,
                )
            )
        people = [p for org in members for p in self.staff[org][:1]]
        people += [p for r in area for p in self.locals_by_raum[r.id] if self.chance(0.3)]
        chosen = rng.sample(people, min(len(people), rng.randint(3, 8)))
        if organiser is not None and organiser not in chosen:
            memberships.append(NetworkMembership(person=organiser, role="Geschäftsstelle", valid_from=founded))
        for i, person in enumerate(chosen):
            role = "Sprecher*in" if i < (2 if len(chosen) > 5 else 1) else "Gast" if self.chance(0.15) else "Mitglied"
            former = role == "Mitglied" and self.chance(0.12)
            start = self.day_between(founded, self.today - timedelta(days=400 if former else 30))
            memberships.append(
                NetworkMembership(
                    person=person,
                    role=role,
                    valid_from=start,
                    valid_until=self.day_between(start + timedelta(days=60), self.today - timedelta(days=5))
                    if former
                    else None,
                )
            )
        network.memberships = memberships
        return network

    # -- meetings ----------------------------------------------------------------------------------
    def make_meetings(self) -> None:
        series = self.plan_series()
        for position in range(max(len(x.dates) for x in series)):
            built: list[tuple[_Series, Meeting, list[AgendaItem]]] = []
            for item in series:
                if position < len(item.dates):
                    meeting, agenda = self.make_meeting(item, position)
                    built.append((item, meeting, agenda))
            self.s.flush()
            for item, meeting, agenda in built:
                if meeting.meeting_date < self.today:
                    self.make_tasks(item, meeting, agenda)
        self.s.add_all(self.tasks)
        self.ensure_task_mix()
        self.update_last_activity()

    def plan_series(self) -> list[_Series]:
        rng = self.rng
        today = self.today
        series: list[_Series] = []
        for i, region in enumerate(self.regions):
            raeume = self.raeume_of_region(region)
            if not raeume:
                continue
            offsets = [-680, -430, -190, 30 + 9 * i]  # every region has its next forum ahead
            dates = [_workday(today + timedelta(days=o + rng.randint(-20, 20))) for o in offsets]
            pool = [self.coordinators[region.id]] if region.id in self.coordinators else []
            for raum in raeume:
                leaders = [p for p in self.staff_by_raum[raum.id] if p.function in LEADING_FUNCTIONS]
                pool += rng.sample(leaders, min(len(leaders), max(3, 18 // len(raeume))))
                pool += rng.sample(self.locals_by_raum[raum.id], min(2, len(self.locals_by_raum[raum.id])))
            series.append(
                _Series(
                    "Regionales Sozialforum",
                    f"Regionales Sozialforum {region.name}",
                    "sozialregion",
                    dates,
                    region,
                    pool=pool,
                )
            )
        twice = set(rng.sample([r.id for r in self.raeume], min(12, len(self.raeume))))
        for raum in self.raeume:
            dates = [today + timedelta(days=rng.randint(-250, 80))]
            if raum.id in twice:
                dates.insert(0, today - timedelta(days=rng.randint(420, 700)))
            dates = [_workday(d) for d in dates]
            staff = self.staff_by_raum[raum.id]
            pool = rng.sample(staff, min(len(staff), rng.randint(10, 18))) + self.locals_by_raum[raum.id]
            if raum.region is not None and raum.region.id in self.coordinators:
                pool.insert(0, self.coordinators[raum.region.id])
            series.append(
                _Series(
                    "Sozialraumkonferenz",
                    f"Sozialraumkonferenz {raum.name}",
                    "sozialraum",
                    dates,
                    raum.region,
                    raum=raum,
                    pool=pool,
                )
            )
        network_meetings = [n for n in self.networks if n.network_type in ("Arbeitskreis", "Steuerungsgruppe")][:5]
        for network in network_meetings:
            dates = sorted(_workday(today + timedelta(days=o + rng.randint(-25, 25))) for o in (-420, -150))
            if network.network_type == "Steuerungsgruppe":
                dates.append(_workday(today + timedelta(days=rng.randint(20, 70))))
            region = next((r for r in self.regions if r.id == network.sozialregion_id), None)
            pool = [m.person for m in network.memberships if m.person is not None and m.valid_until is None]
            pool += [
                self.staff[m.organisation][0]
                for m in network.memberships
                if m.organisation is not None and self.staff[m.organisation] and m.valid_until is None
            ]
            meeting_type = "Steuerungsgruppe" if network.network_type == "Steuerungsgruppe" else "Arbeitskreis"
            series.append(
                _Series(
                    meeting_type,
                    network.name,
                    network.level,
                    dates,
                    region,
                    raum=self.raum_of(network.sozialraum_id),
                    network=network,
                    pool=list(dict.fromkeys(pool)),
                )
            )
        return series

    def make_meeting(self, series: _Series, position: int) -> tuple[Meeting, list[AgendaItem]]:
        rng = self.rng
        day = series.dates[position]
        past = day < self.today
        later_past = position + 1 < len(series.dates) and series.dates[position + 1] < self.today
        if not past:
            status = "Entwurf"
        elif later_past:
            status = "genehmigt"
        else:
            status = "versendet" if (self.today - day).days > 14 else "Entwurf"
        raum = series.raum
        venue_raum = (
            raum
            or (rng.choice(self.raeume_of_region(series.region)) if series.region else None)
            or rng.choice(self.raeume)
        )
        venues = [
            o
            for o in self.orgs_by_raum[venue_raum.id]
            if o.org_type in ("Familienzentrum", "Kommune", "Kirche", "Seniorenangebot", "Sonstige")
        ]
        venue = rng.choice(venues or self.orgs_by_raum[venue_raum.id])
        if series.meeting_type == "Sozialraumkonferenz":
            start, end = rng.choice(((time(17, 0), time(19, 30)), (time(15, 0), time(17, 30))))
        elif series.meeting_type == "Regionales Sozialforum":
            start, end = time(9, 30), time(12, 30)
        else:
            start, end = time(14, 0), time(16, 0)
        coordinator = self.coordinators.get(series.region.id) if series.region is not None else None
        if coordinator is None and self.coordinators:
            coordinator = self.coordinators[min(self.coordinators)]
        chair = coordinator
        if series.meeting_type == "Sozialraumkonferenz":
            kommune = [p for p in self.staff_by_raum[raum.id] if p.function == "Fachdienstleitung"]
            chair = kommune[0] if kommune else coordinator
        meeting = Meeting(
            meeting_type=series.meeting_type,
            title=f"{series.title} – {MONTHS[day.month - 1]} {day.year}",
            level=series.level,
            sozialregion_id=series.region.id if series.region else None,
            sozialraum_id=raum.id if raum else None,
            network_id=series.network.id if series.network else None,
            previous_meeting_id=series.meetings[-1].id if series.meetings else None,
            meeting_date=day,
            start_time=start,
            end_time=end,
            venue=venue.name,
            venue_address=f"{venue.street} {venue.house_number}, {venue.postcode} {venue.city}",
            chair_person_id=chair.id if chair else None,
            minute_taker_person_id=coordinator.id if coordinator else None,
            minutes_status=status,
            notes=DEMO_NOTE + ".",
        )
        series.meetings.append(meeting)
        self.meetings.append(meeting)
        self.meeting_raum[meeting] = raum
        if raum is not None and series.meeting_type == "Sozialraumkonferenz":
            self.srk_by_raum[raum.id].append(meeting)
        self.s.add(meeting)
        self.invite(series, meeting)
        agenda = self.make_agenda(series, meeting, coordinator, past)
        return meeting, agenda

    def invite(self, series: _Series, meeting: Meeting) -> None:
        rng = self.rng
        days_ahead = (meeting.meeting_date - self.today).days
        if days_ahead > 35:
            return  # invitations go out about four weeks before
        pool = [p for p in series.pool if self.chance(0.9)]
        past = days_ahead < 0
        statuses = INVITATION_STATUSES_PAST if past else INVITATION_STATUSES_SOON
        sent = datetime.combine(
            min(meeting.meeting_date - timedelta(days=28), self.today - timedelta(days=2)), time(9, 0)
        )
        now = datetime.combine(self.today, time(8, 0))
        present: list[Person] = []
        for person in pool:
            status = self.pick(statuses)
            invited_at = sent + timedelta(minutes=rng.randint(0, 240))
            replied = None
            if status != "eingeladen":
                replied = min(invited_at + timedelta(days=rng.randint(1, 18), hours=rng.randint(0, 8)), now)
            meeting.invitations.append(
                Invitation(
                    person=person,
                    status=status,
                    invited_at=invited_at,
                    replied_at=replied,
                    represented_by=" ".join(self.person_name()[1:]) if status == "vertreten" else None,
                )
            )
            if not past:
                continue
            if status == "zugesagt" and self.chance(0.92):
                meeting.attendances.append(Attendance(person=person, present=True))
                present.append(person)
            elif status == "zugesagt":
                meeting.attendances.append(Attendance(person=person, present=False, excused=False))
            elif status == "abgesagt" and self.chance(0.8):
                meeting.attendances.append(Attendance(person=person, present=False, excused=True))
        if past:
            area = [series.raum] if series.raum else self.raeume_of_region(series.region) or self.raeume
            others = [p for r in area for p in self.staff_by_raum[r.id] if p not in series.pool]
            for person in rng.sample(others, min(len(others), rng.randint(0, 3))):
                meeting.attendances.append(Attendance(person=person, present=True, walk_in=True))
                present.append(person)
        self.present[meeting] = present

    def make_agenda(
        self, series: _Series, meeting: Meeting, coordinator: Person | None, past: bool
    ) -> list[AgendaItem]:
        rng = self.rng
        topic, finding, decision, _task = rng.choice(TOPICS)
        coordinator_name = _display(coordinator) if coordinator else "Koordination"
        raum = series.raum
        area_orgs = [
            o
            for r in ([raum] if raum else self.raeume_of_region(series.region) or self.raeume)
            for o in self.orgs_by_raum[r.id]
        ]
        guest_org = rng.choice(area_orgs)
        guest = self.staff[guest_org][0] if self.staff[guest_org] else None
        presenter = f"{_display(guest)} ({guest_org.name})" if guest else guest_org.name
        has_previous = bool(meeting.previous_meeting_id)
        items: list[tuple[str, str, int, str | None, bool, str]] = [
            (
                "Begrüßung, Tagesordnung und Protokoll der letzten Sitzung",
                "Information",
                10,
                coordinator_name,
                True,
                "Die Tagesordnung wurde ohne Änderungen angenommen."
                + (" Das Protokoll der letzten Sitzung wurde genehmigt." if has_previous else ""),
            ),
        ]
        if series.meeting_type == "Regionales Sozialforum":
            items += [
                (
                    "Bericht aus der AG Sozialplanung",
                    "Information",
                    20,
                    "Geschäftsstelle Sozialplanung",
                    False,
                    "Die Geschäftsstelle berichtete über den Stand der Teilprojekte und den nächsten Sozialbericht.",
                ),
                (
                    topic,
                    "Diskussion",
                    45,
                    presenter,
                    False,
                    f"Der Fachbeitrag wurde vorgestellt. In der Diskussion wurde deutlich, dass {finding}.",
                ),
                (
                    f"Vorstellung: {guest_org.name}",
                    "Information",
                    20,
                    presenter,
                    False,
                    "Die Einrichtung stellte ihre Angebote vor; Flyer liegen dem Protokoll bei.",
                ),
                (
                    "Gemeinsame Projekte: Planung und Absprachen",
                    "Beschluss",
                    30,
                    coordinator_name,
                    False,
                    "Die Teilnehmenden haben die nächsten Schritte vereinbart.",
                ),
            ]
        elif series.meeting_type == "Sozialraumkonferenz":
            items += [
                (
                    f"Aktuelles aus dem Sozialraum {raum.name}",
                    "Information",
                    20,
                    presenter,
                    False,
                    "Berichte aus Verwaltung, Kitas, Schulen und Vereinen.",
                ),
                (topic, "Diskussion", 40, presenter, False, f"Im Austausch wurde deutlich, dass {finding}."),
                (
                    f"Sozialraumbudget {meeting.meeting_date.year}: Beratung der Anträge",
                    "Beschluss",
                    30,
                    coordinator_name,
                    False,
                    "Die Konferenz hat die vorliegenden Anträge beraten.",
                ),
            ]
        else:
            items += [
                (
                    "Austauschrunde: Neues aus den Einrichtungen",
                    "Information",
                    30,
                    None,
                    False,
                    "Kurze Berichte aller Anwesenden.",
                ),
                (topic, "Diskussion", 45, presenter, False, f"Die Fachdiskussion ergab, dass {finding}."),
                (
                    "Vereinbarungen und Termine",
                    "Beschluss",
                    15,
                    coordinator_name,
                    False,
                    "Die Anwesenden haben Vereinbarungen getroffen.",
                ),
            ]
        if has_previous:
            items.append(
                (
                    "Offene Aufgaben aus der letzten Sitzung",
                    "Information",
                    10,
                    coordinator_name,
                    True,
                    "Die Aufgabenliste wurde durchgegangen; erledigte Punkte sind abgehakt, offene bleiben "
                    "auf der Liste.",
                )
            )
        items.append(
            (
                "Verschiedenes und nächste Termine",
                "Information",
                10,
                None,
                True,
                "Der nächste Termin wird mit der Einladung bekannt gegeben.",
            )
        )
        agenda = []
        for position, (title, kind, minutes, who, standing, text) in enumerate(items, start=1):
            item = AgendaItem(
                position=position,
                title=title,
                item_type=kind,
                duration_minutes=minutes,
                presenter=who,
                is_standing=standing,
                minutes=text if past else None,
            )
            meeting.agenda_items.append(item)
            agenda.append(item)
            if past and kind == "Beschluss":
                texts = [decision]
                if series.meeting_type == "Sozialraumkonferenz":
                    texts = self.plan_applications(series.raum, meeting) or ["Es lagen keine Anträge vor."]
                elif self.chance(0.5):
                    texts.append("Das Thema wird in der nächsten Sitzung wieder aufgerufen.")
                item.decisions = [Decision(position=i, text=t) for i, t in enumerate(texts, start=1)]
        if not past and series.meeting_type == "Sozialraumkonferenz":
            self.plan_applications(series.raum, meeting)
        return agenda

    def plan_applications(self, raum: _Raum, meeting: Meeting) -> list[str]:
        """Budget applications advised on in a conference; returns the decision texts."""
        rng = self.rng
        year = meeting.meeting_date.year
        if year < self.today.year - 1:
            return []
        past = meeting.meeting_date < self.today
        applicants = [o for o in self.orgs_by_raum[raum.id] if o.org_type != "Kommune"]
        texts = []
        for org in rng.sample(applicants, min(len(applicants), rng.randint(1, 3) if past else rng.randint(1, 2))):
            purpose = rng.choice(BUDGET_PURPOSES).format(ort=org.city)
            requested = Decimal(rng.randrange(500, 5001, 50))
            plan = {
                "raum": raum,
                "year": year,
                "org": org,
                "purpose": purpose,
                "requested": requested,
                "meeting": meeting,
                "recommendation": None,
                "recommended": None,
            }
            if past:
                recommendation = self.pick((("befürwortet", 7), ("abgelehnt", 1.5), ("zurückgestellt", 1.5)))
                plan["recommendation"] = recommendation
                if recommendation == "befürwortet":
                    recommended = requested if self.chance(0.6) else (requested * Decimal("0.8")).quantize(Decimal("1"))
                    plan["recommended"] = recommended
                    texts.append(f"Der Antrag „{purpose}“ ({org.name}) wird mit {_euro(recommended)} befürwortet.")
                elif recommendation == "abgelehnt":
                    texts.append(
                        f"Der Antrag „{purpose}“ ({org.name}) wird nicht befürwortet, da eine andere "
                        "Förderung vorrangig ist."
                    )
                else:
                    texts.append(
                        f"Der Antrag „{purpose}“ ({org.name}) wird zurückgestellt; es fehlen Angaben zur Finanzierung."
                    )
            self.budget_plans.append(plan)
        return texts

    def make_tasks(self, series: _Series, meeting: Meeting, agenda: list[AgendaItem]) -> None:
        rng = self.rng
        present = self.present.get(meeting) or series.pool
        topic_item = next((a for a in agenda if a.item_type == "Diskussion"), agenda[0])
        task_text = next((t[3] for t in TOPICS if t[0] == topic_item.title), rng.choice(GENERIC_TASKS))
        descriptions = [(topic_item, task_text)]
        for _ in range(rng.randint(0, 2)):
            descriptions.append((rng.choice(agenda), rng.choice(GENERIC_TASKS)))
        raum = self.meeting_raum.get(meeting)
        for item, text in descriptions:
            due = meeting.meeting_date + timedelta(days=rng.choice((14, 21, 28, 42, 56, 90)))
            person = rng.choice(present) if present and self.chance(0.75) else None
            org = None
            if person is None:
                orgs = (
                    self.orgs_by_raum[raum.id]
                    if raum
                    else [o for p in series.pool if (o := self.person_org.get(p)) is not None]
                )
                org = rng.choice(orgs) if orgs else None
            overdue_days = (self.today - due).days
            done = self.chance(0.92 if overdue_days > 60 else 0.5 if overdue_days > 0 else 0.2)
            done_on = None
            if done:
                latest = min(due + timedelta(days=10), self.today - timedelta(days=1))
                done_on = self.day_between(meeting.meeting_date + timedelta(days=1), latest)
            if raum is not None:
                raum_id = raum.id
            elif org is not None:
                raum_id = self.org_raum[org].id
            else:
                raum_id = person.sozialraum_id if person else None
            self.tasks.append(
                Task(
                    meeting_id=meeting.id,
                    agenda_item_id=item.id,
                    description=text,
                    assignee_person_id=person.id if person else None,
                    assignee_organisation_id=org.id if org else None,
                    sozialraum_id=raum_id,
                    due_on=due,
                    status="erledigt" if done else "offen",
                    done_on=done_on,
                )
            )

    def ensure_task_mix(self) -> None:
        """The demo needs overdue tasks and tasks due in the next days, whatever the seed."""
        today = self.today
        open_tasks = [t for t in self.tasks if t.status == "offen"]
        overdue = [t for t in open_tasks if t.due_on < today]
        soon = [t for t in open_tasks if today <= t.due_on <= today + timedelta(days=14)]
        recent = sorted(self.tasks, key=lambda t: t.due_on, reverse=True)
        for task in recent:
            if len(soon) >= 4:
                break
            if task not in soon and task not in overdue:
                task.due_on, task.status, task.done_on = today + timedelta(days=self.rng.randint(1, 12)), "offen", None
                soon.append(task)
        for task in sorted(self.tasks, key=lambda t: t.due_on):
            if len(overdue) >= 4:
                break
            if task.due_on < today - timedelta(days=20) and task.status == "erledigt":
                task.status, task.done_on = "offen", None
                overdue.append(task)

    def update_last_activity(self) -> None:
        for meeting, persons in self.present.items():
            for person in persons:
                if person.last_activity_on is None or person.last_activity_on < meeting.meeting_date:
                    person.last_activity_on = meeting.meeting_date

    # -- budgets -----------------------------------------------------------------------------------
    def make_budgets(self) -> None:
        rng = self.rng
        years = (self.today.year - 1, self.today.year)
        budgets: dict[tuple[int, int], SozialraumBudget] = {}
        for raum in self.raeume:
            for year in years:
                amount = Decimal(max(5000, round(raum.population / 500) * 500))
                budgets[(raum.id, year)] = SozialraumBudget(
                    sozialraum_id=raum.id, year=year, amount=amount, carry_over=Decimal("0")
                )
        approved_by_budget: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
        for plan in self.budget_plans:
            key = (plan["raum"].id, plan["year"])
            if key not in budgets:
                continue
            meeting: Meeting = plan["meeting"]
            application = BudgetApplication(
                applicant=plan["org"],
                purpose=plan["purpose"],
                requested_amount=plan["requested"],
                meeting_id=meeting.id,
                recommendation=plan["recommendation"],
                recommended_amount=plan["recommended"],
                status="eingereicht",
            )
            decided = meeting.meeting_date + timedelta(days=rng.randint(10, 30))
            if plan["recommendation"] is not None and decided < self.today:
                application.decided_on = decided
                application.decided_by = "Fachbereich Soziales (Demo)"
                if plan["recommendation"] == "befürwortet":
                    application.approved_amount = plan["recommended"]
                    application.status = "bewilligt"
                    approved_by_budget[key] += plan["recommended"]
                    if plan["year"] < self.today.year and self.chance(0.8):
                        share = Decimal(rng.randint(80, 100)) / 100
                        application.spent_amount = (plan["recommended"] * share).quantize(Decimal("0.01"))
                        application.proof_of_use_on = self.day_between(date(self.today.year, 1, 15), self.today)
                        application.status = "abgerechnet"
                else:
                    application.status = plan["recommendation"]
            budgets[key].applications.append(application)
        for raum in self.raeume:
            previous = budgets[(raum.id, years[0])]
            rest = previous.amount - approved_by_budget[(raum.id, years[0])]
            budgets[(raum.id, years[1])].carry_over = max(Decimal("0"), rest).quantize(Decimal("0.01"))
        self.s.add_all(budgets.values())

    # -- volunteering ------------------------------------------------------------------------------
    def make_volunteering(self) -> None:
        rng = self.rng
        chosen: list[tuple[Person, str]] = []
        for person, function in self.local_roles.items():
            if function in ("Ortsbürgermeister*in", "Dorfmoderator*in", "Ehrenamtliche*r"):
                chosen.append((person, function))
        chosen += [
            (p, "Freiwilligendienst") for p in self.persons if "freiwilligendienst" in (p.function or "").lower()
        ]
        taken = {p for p, _ in chosen}
        verein = [p for p in self.persons if p.function in VEREIN_FUNCTIONS and p not in taken]
        chosen += [(p, "Ehrenamtliche*r") for p in rng.sample(verein, min(len(verein), max(0, 80 - len(chosen))))]
        theme_list = list(self.themes.values())
        for person, role in chosen:
            raum = self.raum_of(person.sozialraum_id)
            org = self.person_org.get(person)
            place = person.city or (org.city if org else raum.seat[0] if raum else None)
            reachable = (
                rng.sample([p for p, _ in raum.places], min(len(raum.places), rng.randint(1, 4))) if raum else []
            )
            has_car = role != "Freiwilligendienst" and self.chance(0.7)
            volunteer = Volunteer(
                person=person,
                role=role,
                skills=", ".join(rng.sample(SKILLS, rng.randint(1, 3))),
                languages=rng.choice(LANGUAGES),
                ortschaft=place,
                sozialraum_id=person.sozialraum_id,
                available_from=self.day_between(self.today - timedelta(days=900), self.today - timedelta(days=20)),
                has_car=has_car,
                uses_public_transport=not has_car or self.chance(0.3),
                range_km=rng.choice((5, 10, 15, 25)) if has_car else rng.choice((3, 5, 10)),
                reachable_places=", ".join(reachable) or None,
                notes=DEMO_NOTE + ".",
                last_activity_on=person.last_activity_on,
                interests=rng.sample(theme_list, rng.randint(1, 3)),
            )
            if role == "Freiwilligendienst":
                volunteer.available_from = person.affiliations[0].valid_from
                volunteer.available_until = volunteer.available_from + timedelta(days=364)
            slots = rng.sample(
                [(d, p) for d in range(7) for p in ("vormittags", "nachmittags", "abends")], rng.randint(1, 4)
            )
            volunteer.availability = [VolunteerAvailability(weekday=d, part_of_day=p) for d, p in sorted(slots)]
            self.volunteers.append(volunteer)
        self.s.add_all(self.volunteers)
        self.make_offers()
        self.make_placements()

    def make_offers(self) -> None:
        rng = self.rng
        used: set[tuple[str, Organisation]] = set()
        attempts = 0
        while len(self.offers) < 40 and attempts < 1000:
            attempts += 1
            title, types, themes, pattern, description, requirements = rng.choice(OFFERS)
            candidates = [o for o in self.orgs if o.org_type in types]
            if not candidates:
                continue
            org = rng.choice(candidates)
            if (title, org) in used:
                continue
            used.add((title, org))
            if self.chance(0.15):
                pattern = "flexibel"
            contact = self.staff[org][0] if self.staff[org] else None
            offer = Offer(
                organisation=org,
                title=title,
                description=f"{description} ({DEMO_NOTE})",
                place=org.city,
                tasks=description,
                sozialraum_id=self.org_raum[org].id,
                time_pattern=pattern,
                places=rng.randint(1, 4),
                requirements=requirements,
                contact_person_id=contact.id if contact else None,
                status=self.pick((("offen", 5), ("besetzt", 3), ("pausiert", 1), ("beendet", 1.5))),
                themes=[self.themes[t] for t in themes if t in self.themes],
            )
            if pattern == "regelmäßig":
                offer.weekday = rng.randint(0, 5)
                offer.part_of_day = rng.choice(("vormittags", "nachmittags", "abends"))
            elif pattern == "einmalig":
                offer.one_off_date = _workday(self.today + timedelta(days=rng.randint(-60, 90)))
            self.offers.append(offer)
        self.s.add_all(self.offers)

    def make_placements(self) -> None:
        rng = self.rng
        placements: list[Placement] = []
        pairs: set[tuple[Volunteer, Offer]] = set()
        plan = {
            "besetzt": ("aktiv", "aktiv", "vermittelt"),
            "beendet": ("beendet",),
            "pausiert": ("pausiert",),
            "offen": ("angefragt", "vermittelt"),
        }
        for offer in self.offers:
            statuses = plan.get(offer.status, ("angefragt",))
            count = (
                rng.randint(1, 2) if offer.status == "besetzt" else rng.randint(0, 2) if offer.status == "offen" else 1
            )
            nearby = [v for v in self.volunteers if v.sozialraum_id == offer.sozialraum_id] or self.volunteers
            for volunteer in rng.sample(nearby, min(count, len(nearby))):
                if (volunteer, offer) in pairs or len(placements) >= 45:
                    continue
                pairs.add((volunteer, offer))
                status = rng.choice(statuses)
                requested = self.day_between(self.today - timedelta(days=420), self.today - timedelta(days=10))
                placement = Placement(volunteer=volunteer, offer=offer, status=status, requested_on=requested)
                if status != "angefragt":
                    placement.started_on = min(requested + timedelta(days=rng.randint(7, 30)), self.today)
                if status == "beendet":
                    placement.ended_on = self.day_between(placement.started_on, self.today)
                    placement.status_reason = rng.choice(("Einsatz abgeschlossen", "Umzug", "zeitliche Gründe"))
                elif status == "pausiert":
                    placement.status_reason = rng.choice(("Krankheit", "Elternzeit", "Angebot ruht über den Winter"))
                placements.append(placement)
        self.s.add_all(placements)

    # -- participation -----------------------------------------------------------------------------
    def make_participation(self) -> None:
        rng = self.rng
        raeume = rng.sample(self.raeume, min(15, len(self.raeume)))
        proposals: list[tuple[Proposal, ParticipationActivity, _Raum]] = []
        for i, raum in enumerate(raeume):
            fmt, title, topic, target, ideas = PARTICIPATION[i % len(PARTICIPATION)]
            place = rng.choice(raum.places)[0]
            if i == 5:  # one running online participation, a few planned ones
                starts = self.today - timedelta(days=rng.randint(5, 20))
            elif i in (11, 13):
                starts = self.today + timedelta(days=rng.randint(20, 80))
            else:
                starts = self.today - timedelta(days=rng.randint(30, 700))
            ends = starts + timedelta(days=rng.randint(28, 42)) if fmt in ("Befragung", "online") else starts
            status = "abgeschlossen" if ends < self.today else "laufend" if starts <= self.today else "geplant"
            kommune = [o for o in self.orgs_by_raum[raum.id] if o.org_type == "Kommune"]
            others = [o for o in self.orgs_by_raum[raum.id] if o.org_type != "Kommune"]
            activity = ParticipationActivity(
                format=fmt,
                title=title.format(ort=place, raum=raum.name),
                topic=topic,
                sozialraum_id=raum.id,
                ortschaft=place,
                starts_on=starts,
                ends_on=ends,
                organiser=kommune[0] if kommune else None,
                target_groups=target,
                status=status,
                notes=DEMO_NOTE + ".",
                partners=rng.sample(others, min(len(others), rng.randint(1, 3))),
                documents=f"https://beteiligung.example/{_slug(title.format(ort=place, raum=raum.name))}",
            )
            if status != "geplant":
                self.count_participants(activity)
                for text in rng.sample(ideas, rng.randint(2, min(4, len(ideas)))):
                    proposal = self.make_proposal(activity, raum, text)
                    proposals.append((proposal, activity, raum))
            self.activities.append(activity)
        self.s.add_all(self.activities)
        self.s.flush()
        for proposal, _activity, raum in proposals:
            if proposal.response_status == "angenommen" and self.chance(0.6):
                due = self.today + timedelta(days=self.rng.randint(-30, 60))
                self.tasks.append(
                    Task(
                        proposal_id=proposal.id,
                        description=f"Vorschlag „{proposal.text}“ umsetzen: nächsten Schritt klären",
                        assignee_organisation_id=proposal.responsible_organisation_id,
                        sozialraum_id=raum.id,
                        due_on=due,
                        status="offen",
                    )
                )
                self.s.add(self.tasks[-1])

    def count_participants(self, activity: ParticipationActivity) -> None:
        rng = self.rng
        fmt = activity.format
        if fmt == "Bürgerversammlung":
            activity.participants_on_site = rng.randint(40, 150)
        elif fmt == "Zukunftswerkstatt":
            activity.participants_on_site = rng.randint(15, 45)
        elif fmt == "Befragung":
            activity.participants_paper = rng.randint(80, 300)
            activity.participants_online = rng.randint(50, 400)
        elif fmt == "Ortsbegehung":
            activity.participants_on_site = rng.randint(8, 25)
        elif fmt == "Kinder- und Jugendbeteiligung":
            activity.participants_on_site = rng.randint(12, 60)
        else:
            activity.participants_online = rng.randint(60, 500)

    def make_proposal(self, activity: ParticipationActivity, raum: _Raum, text: str) -> Proposal:
        rng = self.rng
        if activity.status == "abgeschlossen":
            status = self.pick((("angenommen", 3), ("umgesetzt", 2), ("abgelehnt", 1), ("in Prüfung", 2)))
        else:
            status = self.pick((("in Prüfung", 4), ("angenommen", 1)))
        progress = 100 if status == "umgesetzt" else rng.randrange(10, 81, 10) if status == "angenommen" else 0
        conferences = [m for m in self.srk_by_raum[raum.id] if m.meeting_date >= activity.starts_on]
        responsible = activity.organiser or (activity.partners[0] if activity.partners else None)
        proposal = Proposal(
            text=text,
            response_status=status,
            responsible_organisation_id=responsible.id if responsible else None,
            estimated_cost=Decimal(rng.randrange(500, 25001, 250)) if self.chance(0.7) else None,
            progress_percent=progress,
            meeting_id=conferences[0].id if conferences and status != "in Prüfung" else None,
            notes="Abgelehnt, da die Fläche nicht im Eigentum der Gemeinde ist." if status == "abgelehnt" else None,
        )
        if status in ("angenommen", "umgesetzt"):
            start = activity.ends_on or activity.starts_on
            steps = MILESTONES[: rng.randint(2, 4)]
            for i, title in enumerate(steps):
                due = start + timedelta(days=45 * (i + 1))
                finished = status == "umgesetzt" or (i + 1) / len(steps) <= progress / 100
                done = min(due - timedelta(days=rng.randint(0, 14)), self.today) if finished else None
                proposal.milestones.append(Milestone(title=title, due_on=due, done_on=done))
        activity.proposals.append(proposal)
        return proposal

    # -- indicators --------------------------------------------------------------------------------
    def make_indicators(self) -> None:
        seeded = self.s.scalar(
            select(func.count(IndicatorValue.id)).join(Indicator).where(Indicator.key == "bevoelkerung")
        )
        if seeded:  # the app ships the official population (services/indicators.py); no second copy
            self._make_demo_indicators([], [])
            self.indicator_values += seeded
            return
        population = Indicator(
            key="bevoelkerung",
            name="Einwohnerinnen und Einwohner",
            unit="Personen",
            kind="count",
            source=POPULATION_SOURCE,
            definition="Bevölkerung am Ort der Hauptwohnung zum Stichtag.",
        )
        values: list[IndicatorValue] = []
        for gemeinde in self.gemeinden:
            figures = self.population.get(gemeinde.ags)
            if figures is None:
                continue
            for year, value in ((2019, figures[0]), (2023, figures[1])):
                values.append(
                    IndicatorValue(
                        indicator=population,
                        area_level="gemeinde",
                        area_key=gemeinde.ags,
                        reference_date=date(year, 12, 31),
                        value=float(value),
                        source=POPULATION_SOURCE,
                    )
                )
        self._make_demo_indicators([population], values)

    def _make_demo_indicators(self, indicators: list[Indicator], values: list[IndicatorValue]) -> None:
        children = Indicator(
            key="demo_kinder_unter_6",
            name="Kinder unter 6 Jahren (Demo)",
            unit="Personen",
            kind="count",
            age_from=0,
            age_to=5,
            source=DEMO_SOURCE,
            definition=f"Kinder im Alter von 0 bis 5 Jahren. {DEMO_NOTE}.",
        )
        sgb2 = Indicator(
            key="demo_sgb2_quote",
            name="SGB-II-Quote (Demo)",
            unit="%",
            kind="rate",
            direction="higher_worse",
            rate_base=100,
            rate_base_label="je 100 Einwohnerinnen und Einwohner unter 65 Jahren",
            age_to=64,
            source=DEMO_SOURCE,
            definition=f"Personen in SGB-II-Bedarfsgemeinschaften je 100 Einwohner*innen unter 65 Jahren. {DEMO_NOTE}.",
        )
        elderly = Indicator(
            key="demo_anteil_65_plus",
            name="Anteil der Menschen ab 65 Jahren (Demo)",
            unit="%",
            kind="rate",
            rate_base=100,
            rate_base_label="je 100 Einwohnerinnen und Einwohner",
            age_from=65,
            source=DEMO_SOURCE,
            definition=f"Einwohner*innen ab 65 Jahren je 100 Einwohner*innen. {DEMO_NOTE}.",
        )
        rng = self.rng
        for raum in self.raeume:
            child_share = rng.uniform(0.048, 0.062)
            sgb2_rate = rng.uniform(3.5, 11.0)
            elderly_share = rng.uniform(21.0, 31.0)
            for year in range(2019, 2025):
                total = raum.population_2019 + (raum.population - raum.population_2019) * (year - 2019) / 4
                day = date(year, 12, 31)
                child_share += rng.uniform(-0.0015, 0.0012)
                values.append(
                    IndicatorValue(
                        indicator=children,
                        area_level="sozialraum",
                        area_key=raum.obj.ars,
                        reference_date=day,
                        value=float(round(total * child_share)),
                        source=DEMO_SOURCE,
                    )
                )
                sgb2_rate = max(1.5, sgb2_rate + rng.uniform(-0.5, 0.3))
                under_65 = round(total * (1 - elderly_share / 100))
                recipients = round(under_65 * sgb2_rate / 100)
                values.append(
                    IndicatorValue(
                        indicator=sgb2,
                        area_level="sozialraum",
                        area_key=raum.obj.ars,
                        reference_date=day,
                        numerator=float(recipients),
                        denominator=float(under_65),
                        value=round(recipients / under_65 * 100, 1) if under_65 else None,
                        source=DEMO_SOURCE,
                    )
                )
                elderly_share += rng.uniform(0.1, 0.6)
                old = round(total * elderly_share / 100)
                values.append(
                    IndicatorValue(
                        indicator=elderly,
                        area_level="sozialraum",
                        area_key=raum.obj.ars,
                        reference_date=day,
                        numerator=float(old),
                        denominator=float(round(total)),
                        value=round(old / round(total) * 100, 1) if total else None,
                        source=DEMO_SOURCE,
                    )
                )
        self.s.add_all([*indicators, children, sgb2, elderly])
        self.s.add_all(values)
        self.indicator_values = len(values)


def _display(person: Person | None) -> str:
    if person is None:
        return ""
    return " ".join(p for p in (person.title, person.first_name, person.last_name) if p)


def _euro(amount: Decimal) -> str:
    return f"{amount:,.0f} €".replace(",", ".")

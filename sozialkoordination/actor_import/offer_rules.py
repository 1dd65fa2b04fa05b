"""Pure rules that read the offer columns of a partner list (Angebot, Art, Lebensphase, Zeitraum …) into the values of
an Angebot (offers/service.py), without database or Qt.

Decisions a coordinator can look up in the handbook (import.md):
- Life phases come from words ("Schwangere", "U3", "Kita-Alter", "Senioren") and ages ("0-3 J.", "3 bis 6 Jahre",
  "ab 65"); an age range "a–b Jahre" means from a up to b as the app's phases do ("0–3 Jahre" are the ages 0, 1, 2),
  so it counts in every phase it overlaps. "ab 3" below 18 means children from 3 (up to 17), from 18 on it is open.
- A kind the app does not know is mapped to the nearest one when one of the app's kinds or a common name for it is
  part of the word ("Erziehungsberatung" → Beratung, "Krabbelgruppe" → Gruppe, "Elterncafé" → Treffpunkt); otherwise
  it becomes "Sonstiges" and the kind as written is kept in the description, so nothing is lost and the offer can
  still be edited (the form only knows the app's kinds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sozialkoordination.core.dates import parse_date
from sozialkoordination.core.normalize import fold
from sozialkoordination.offers.service import LIFE_PHASES, REACHES, TARGET_GROUPS
from sozialkoordination.spreadsheet.cells import cell_text

__all__ = [
    "Period",
    "accessibility_text",
    "cost_text",
    "kind_from_text",
    "life_phases_from_text",
    "looks_like_kind",
    "looks_like_life_phase",
    "offer_names",
    "period_from_cells",
    "reach_from_text",
    "target_groups_from_text",
]

ALL_PHASES = tuple(code for code, *_rest in LIFE_PHASES)
_CHILDREN = ("0-3", "3-6", "6-10")

# fmt: off
# Folded words (and short phrases) → life phase codes. A table reads better than one entry per line.
_PHASE_WORDS: dict[str, tuple[str, ...]] = {
    **{w: ("geburt",) for w in (
        "schwangerschaft", "schwangere", "schwangere frauen", "geburt", "rund um die geburt", "werdende eltern",
        "werdende muetter", "vor der geburt", "schwangerschaft und geburt", "wochenbett",
    )},
    **{w: ("0-3",) for w in (
        "u3", "u 3", "unter 3", "baby", "babys", "babies", "saeugling", "saeuglinge", "kleinkind", "kleinkinder",
        "krippe", "krippenkinder", "krippenalter", "krippen", "neugeborene",
    )},
    **{w: ("3-6",) for w in (
        "ue3", "ue 3", "kita", "kitas", "kita alter", "kitaalter", "kita kinder", "kitakinder", "kindergarten",
        "kindergartenkinder", "kindergartenalter", "vorschulkinder", "vorschule", "vorschulalter", "elementarbereich",
    )},
    **{w: ("6-10",) for w in (
        "grundschule", "grundschulkinder", "grundschulalter", "grundschueler", "grundschuelerinnen", "schulkinder",
        "hort", "hortkinder", "primarstufe",
    )},
    # Jugendliche are 14 to 17 (§ 7 SGB VIII): both phases; the school words name the younger ones.
    **{w: ("10-16", "16-27") for w in ("jugendliche", "jugend", "teenager", "teens")},
    **{w: ("10-16",) for w in (
        "sek i", "sekundarstufe i", "mittelstufe", "schueler",
        "schuelerinnen", "schuelerinnen und schueler", "schueler innen", "weiterfuehrende schule",
    )},
    **{w: ("16-27",) for w in (
        "junge erwachsene", "uebergang schule beruf", "schule beruf", "auszubildende", "azubis", "berufseinstieg",
        "schulabgaenger", "schulabgaengerinnen", "studierende", "junge menschen",
    )},
    **{w: ("familie",) for w in (
        "eltern", "familie", "familien", "alleinerziehende", "muetter", "vaeter", "muetter und vaeter",
        "eltern und kinder", "eltern kind", "grosseltern", "erziehende", "pflegeeltern", "familie eltern",
    )},
    **{w: ("erwachsene",) for w in ("erwachsene", "erwerbstaetige", "arbeitsuchende", "frauen", "maenner")},
    **{w: ("aeltere",) for w in (
        "senioren", "seniorinnen", "seniorinnen und senioren", "senior innen", "aeltere", "aeltere menschen",
        "hochbetagte", "rentner", "rentnerinnen", "menschen im alter",
    )},
    **{w: _CHILDREN for w in ("kinder", "kind")},
    **{w: ALL_PHASES for w in (
        "alle", "alle altersgruppen", "alle altersstufen", "alle lebensphasen", "jedes alter", "alle generationen",
        "generationenuebergreifend", "generationsuebergreifend", "jung und alt", "alle interessierten",
    )},
}
# fmt: on
for _code, _label, *_ages in LIFE_PHASES:  # the app's own codes and labels ("0-3", "Familie/Eltern")
    _PHASE_WORDS.setdefault(_code, (_code,))
    _PHASE_WORDS.setdefault(" ".join(re.sub(r"[^a-z0-9]+", " ", fold(_label)).split()), (_code,))

_PHASE_AGES = [(code, f, t) for code, _label, f, t in LIFE_PHASES if (f, t) != (None, None)]
_SPLIT = re.compile(r"\s*(?:[,;/+&\n]|\bund\b|\bsowie\b|\boder\b|\bu\.)\s*")
_KEEP_TOGETHER = ((re.compile(r"schule\s*[/-]\s*beruf"), "schule beruf"), (re.compile(r"\bsek\.?\s*i\b"), "sek i"))
_FILLER = re.compile(
    r"\b(?:kinder|kind|im|alter|von|zwischen|jahre|jahren|jahr|jahrgang|j|jhr|lj|lebensjahr|lebensjahre|ca|etwa|"
    r"altersgruppe|fuer|mit|bei)\b\.?"
)
_MONTHS = re.compile(r"\b(?:monate|monaten|monat|mon|m)\b\.?")
_RANGE = re.compile(r"^(\d{1,3})\s*(?:-|bis)\s*(\d{1,3})$")
_BELOW = re.compile(r"^(?:u|unter|bis|bis zu|bis zum)\s*(\d{1,3})$")
_FROM = re.compile(r"^(?:ue|ueber|ab|aelter als)\s*(\d{1,3})$|^(\d{1,3})\s*(?:\+|plus|und aelter|und mehr)$")
_SINGLE = re.compile(r"^(\d{1,3})$")


def _words(text: str) -> str:
    folded = fold(text).replace("–", "-").replace("—", "-")
    for pattern, replacement in _KEEP_TOGETHER:
        folded = pattern.sub(replacement, folded)
    return folded


def _key(part: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9+]+", " ", part).split())


def _phases_of_ages(low: int, high: float) -> tuple[str, ...]:
    return tuple(
        code for code, f, t in _PHASE_AGES if (f or 0) <= high and low <= (t if t is not None else float("inf"))
    )


def _phases_of_part(part: str) -> tuple[str, ...]:
    """The phases one part of a cell names ("0-3 j.", "kita-alter", "senioren"); () if it names none."""
    key = _key(part)
    if key in _PHASE_WORDS:
        return _PHASE_WORDS[key]
    months = bool(_MONTHS.search(part))
    rest = " ".join(_FILLER.sub(" ", _MONTHS.sub(" ", part)).replace(".", " ").split()).strip(" -:()")
    if rest in _PHASE_WORDS:
        return _PHASE_WORDS[rest]
    scale = 12 if months else 1
    if m := _RANGE.match(rest):
        low, high = int(m[1]), int(m[2])
        if high <= low:
            return ()
        return _phases_of_ages(low // scale, (high - 1) // scale)
    if m := _BELOW.match(rest):
        limit = int(m[1])
        return _phases_of_ages(0, max(limit - 1, 0) // scale) if limit else ()
    if m := _FROM.match(rest):
        start = int(m[1] or m[2]) // scale
        if rest.startswith("ue") and start == 3:  # "Ü3": Kita children, as "U3" are Krippe children
            return ("3-6",)
        return _phases_of_ages(start, 17 if start < 18 else float("inf"))
    if m := _SINGLE.match(rest):
        age = int(m[1]) // scale
        return _phases_of_ages(age, age)
    return ()


def life_phases_from_text(text: object) -> tuple[list[str], list[str]]:
    """(codes in the app's order, parts not understood) of one cell: "0-3 J., Eltern" → (["0-3", "familie"], [])."""
    value = cell_text(text)
    if value is None:
        return [], []
    words = _words(value)
    found = set(_PHASE_WORDS.get(_key(words), ()))
    unknown: list[str] = []
    if not found:
        originals = _SPLIT.split(value.replace("–", "-"))
        for index, part in enumerate(_SPLIT.split(words)):
            if not part.strip():
                continue
            phases = _phases_of_part(part.strip())
            if phases:
                found.update(phases)
            else:
                unknown.append(originals[index].strip() if len(originals) == len(_SPLIT.split(words)) else part)
    return [code for code in ALL_PHASES if code in found], unknown


def looks_like_life_phase(text: str) -> bool:
    codes, unknown = life_phases_from_text(text)
    return bool(codes) and not unknown


# -- kinds ----------------------------------------------------------------------------------------------------------

# fmt: off
_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "Beratung": ("beratung", "beratungsangebot", "lotsendienst", "lotse", "lotsin", "coaching",
                 "begleitung", "unterstuetzung", "hilfe"),
    "Gruppe": ("gruppe", "gruppen", "gruppenangebot", "spielgruppe", "krabbelgruppe", "selbsthilfe", "stammtisch",
               "chor", "ag", "club", "klub"),
    "Kurs": ("kurs", "kurse", "workshop", "seminar", "schulung", "training", "fortbildung", "lehrgang", "pekip",
             "elternkurs", "sprachkurs", "unterricht", "qualifizierung"),
    "Betreuung": ("betreuung", "kinderbetreuung", "tagespflege", "kindertagespflege", "ganztag", "notbetreuung",
                  "ferienbetreuung", "pflege", "babysitter", "babysitting", "hausaufgabenhilfe"),
    "Treffpunkt": ("treffpunkt", "treff", "cafe", "café", "offener treff", "begegnung",
                   "fruehstueck", "mittagstisch", "spielplatz", "offenes angebot"),
    "Hausbesuch": ("hausbesuch", "hausbesuche", "aufsuchend", "aufsuchende arbeit", "willkommensbesuch",
                   "babybesuch", "besuchsdienst"),
    "Sprechstunde": ("sprechstunde", "sprechstunden", "sprechzeit", "sprechzeiten", "offene sprechstunde"),
    "Veranstaltung": ("veranstaltung", "veranstaltungen", "vortrag", "infoabend", "informationsabend",
                      "elternabend", "fest", "aktion", "ausflug", "freizeit", "ferienfreizeit", "ferienprogramm",
                      "event", "messe", "tag der offenen tuer", "exkursion"),
    "Sonstiges": ("sonstiges", "sonstige", "andere", "anderes"),
}
# fmt: on
_KIND_EXACT = {fold(word): kind for kind, words in _KIND_WORDS.items() for word in (kind, *words)}
# Parts of compound words ("Erziehungsberatung", "Eltern-Kind-Gruppe"), longest first ("Exkursion" is no "Kurs",
# "Selbsthilfegruppe" no "Hilfe"); words shorter than four letters ("AG") only alone.
_KIND_PARTS = sorted(((w, k) for w, k in _KIND_EXACT.items() if len(w) >= 4), key=lambda item: -len(item[0]))


def kind_from_text(text: object) -> tuple[str | None, bool]:
    """(the app's kind, exactly named) of a kind cell or an offer's name: "Kurs" → ("Kurs", True),
    "Erziehungsberatung" → ("Beratung", False), "Elternbildung" → (None, False)."""
    value = cell_text(text)
    if value is None:
        return None, False
    key = _key(fold(value))
    if key in _KIND_EXACT:
        return _KIND_EXACT[key], True
    compact = key.replace(" ", "")
    for word, kind in _KIND_PARTS:
        if word.replace(" ", "") in compact:
            return kind, False
    return None, False


def looks_like_kind(text: str) -> bool:
    return kind_from_text(text)[1]


# -- the other columns ----------------------------------------------------------------------------------------------

_REACH_WORDS = {
    **{fold(r): r for r in REACHES},
    "ort": "Gemeinde",
    "ortsteil": "Gemeinde",
    "lokal": "Gemeinde",
    "stadt": "Gemeinde",
    "kommune": "Gemeinde",
    "samtgemeinde": "Sozialraum",
    "region": "Sozialregion",
    "regional": "Sozialregion",
    "kreis": "Landkreis",
    "kreisweit": "Landkreis",
    "landkreisweit": "Landkreis",
    "ueberregional": "Landkreis",
    "landkreis goettingen": "Landkreis",
}


def reach_from_text(text: object) -> str | None:
    """The app's reach of a cell ("kreisweit" → "Landkreis"), None if unknown."""
    return _REACH_WORDS.get(_key(fold(cell_text(text) or "")))


_TARGET_GROUPS = {fold(g): g for g in TARGET_GROUPS} | {
    "schwangerschaft": "Schwangere",
    "werdende eltern": "Schwangere",
    "familien": "Eltern",
    "muetter": "Eltern",
    "vaeter": "Eltern",
    "senioren": "Ältere",
    "seniorinnen": "Ältere",
    "seniorinnen und senioren": "Ältere",
    "aeltere menschen": "Ältere",
    "migrantinnen und migranten": "Familien mit Migrationsgeschichte",
    "migranten": "Familien mit Migrationsgeschichte",
    "gefluechtete": "Familien mit Migrationsgeschichte",
    "menschen mit beeintraechtigung": "Menschen mit Behinderung",
    "alle interessierten": "alle",
}


def target_groups_from_text(text: object) -> list[str]:
    """The target groups of a cell, the app's names where one fits, the rest as written."""
    value = cell_text(text)
    if value is None:
        return []
    groups: list[str] = []
    for part in re.split(r"\s*[,;/\n]\s*", value):
        if part:
            name = _TARGET_GROUPS.get(_key(fold(part)), part)
            if name not in groups:
                groups.append(name)
    return groups


def offer_names(text: object) -> list[str]:
    """The offers of a name cell: one per line or separated by ";" (commas belong to names: "Eltern, Kind und …")."""
    value = text if isinstance(text, str) else cell_text(text)
    if value is None:
        return []
    return [" ".join(part.split()) for part in re.split(r"[;\n]", value) if part.strip()]


_FREE = frozenset({"0", "0 €", "0,00", "0,00 €", "kostenlos", "kostenfrei", "gratis", "frei", "keine", "ohne", "-"})


def cost_text(value: object) -> str | None:
    """Costs as a coordinator reads them: 0 / "frei" → "kostenlos", 5 → "5 €", anything else as written."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        if value == 0:
            return "kostenlos"
        amount = f"{value:.2f}".replace(".", ",").removesuffix(",00")
        return f"{amount} €"
    text = cell_text(value)
    if text is None:
        return None
    return "kostenlos" if fold(text).strip(" .") in _FREE else text


_YES = frozenset({"ja", "j", "x", "yes", "1", "true", "wahr", "vorhanden", "barrierefrei", "✓", "✔"})
_NO = frozenset({"nein", "n", "no", "0", "false", "falsch", "nicht barrierefrei"})


def accessibility_text(value: object) -> str | None:
    """ "ja"/"x" → "barrierefrei", "nein" → "nicht barrierefrei", "teilweise" → "teilweise barrierefrei"."""
    text = cell_text(value)
    if text is None:
        return None
    key = fold(text).strip(" .!")
    if key in _YES:
        return "barrierefrei"
    if key in _NO:
        return "nicht barrierefrei"
    if key in ("teilweise", "teils", "eingeschraenkt", "bedingt"):
        return f"{text} barrierefrei"
    return text


@dataclass
class Period:
    starts_on: date | None = None
    ends_on: date | None = None
    problems: list[str] = field(default_factory=list)  # cells that are no date, for the row's message


_ONGOING = frozenset(
    {"laufend", "fortlaufend", "dauerhaft", "unbefristet", "ganzjaehrig", "regelmaessig", "offen", "-", "staendig"}
)
_FROM_WORD = re.compile(r"^(?:ab|seit|von|beginn|start)\s*:?\s+", re.IGNORECASE)
_UNTIL_WORD = re.compile(r"^(?:bis|ende)\s*:?\s+", re.IGNORECASE)
# "01.02.2027 – 30.06.2027", "1.2.27 bis 30.6.27", "01.02.2027-30.06.2027" (not the "-" inside "2027-03-01")
_BETWEEN = re.compile(r"\s*(?:–|—|\bbis\b)\s*|\s+-\s+|(?<=\d)\s*-\s*(?=\d{1,2}\.)", re.IGNORECASE)


def _ongoing(value: object) -> bool:
    return isinstance(value, str) and fold(value).strip(" .") in _ONGOING


def _date_of(value: object, what: str, problems: list[str]) -> date | None:
    if value is None or _ongoing(value) or cell_text(value) is None:
        return None
    found = parse_date(value)
    if found is None:
        problems.append(f"{what} „{cell_text(value)}“ ist kein Datum")
    return found


def period_from_cells(period: object = None, starts: object = None, ends: object = None) -> Period:
    """Beginning and end of an offer from a "Zeitraum" cell ("01.02.2027 – 30.06.2027", "ab 03/2027", "bis
    31.12.2027", "laufend") and/or "von"/"bis" cells; an end before the beginning is a problem, not taken."""
    result = Period()
    problems = result.problems
    text = cell_text(period) if isinstance(period, str) else None
    if period is not None and text is None and not isinstance(period, str):
        result.starts_on = _date_of(period, "Zeitraum", problems)  # a date or an Excel serial: the beginning
    elif text and not _ongoing(text):
        if _UNTIL_WORD.match(text):
            result.ends_on = _date_of(_UNTIL_WORD.sub("", text), "Zeitraum", problems)
        else:
            parts = _BETWEEN.split(_FROM_WORD.sub("", text), maxsplit=1)
            what = "Beginn" if len(parts) == 2 else "Zeitraum"
            result.starts_on = _date_of(parts[0], what, problems) if parts[0] else None
            if len(parts) == 2:
                result.ends_on = _date_of(parts[1], "Ende", problems)
    if starts is not None:
        result.starts_on = _date_of(starts, "Beginn", problems) or result.starts_on
    if ends is not None:
        result.ends_on = _date_of(ends, "Ende", problems) or result.ends_on
    if result.starts_on and result.ends_on and result.ends_on < result.starts_on:
        problems.append(f"das Ende ({result.ends_on:%d.%m.%Y}) liegt vor dem Beginn ({result.starts_on:%d.%m.%Y})")
        result.starts_on = result.ends_on = None
    return result

"""German letter conventions: the DIN 5008 address block and the salutation from Anrede and Titel."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Addressee:
    """Who a letter goes to; the address is the organisation's if the person works for one."""

    salutation: str | None  # Anrede: "Frau", "Herr" or None
    title: str | None  # "Dr.", "Prof. Dr.", "Dipl.-Päd." …
    first_name: str | None
    last_name: str
    organisation: str | None = None
    street: str | None = None
    house_number: str | None = None
    postcode: str | None = None
    city: str | None = None
    email: str | None = None
    phone: str | None = None
    sozialraum_id: int | None = None  # the person's own, else their organisation's

    @property
    def name(self) -> str:
        """ "Dr. Anna Schulz" – for lists."""
        return " ".join(p for p in (self.title, self.first_name, self.last_name) if p)

    @property
    def has_postal_address(self) -> bool:
        return bool(self.street and self.postcode and self.city)


def salutation_title(title: str | None) -> str:
    """Only Prof. and Dr. belong in a salutation; degrees such as "Dipl.-Päd." or "M.A." do not."""
    words = (title or "").replace(".", ". ").split()
    found = []
    if any(w.lower().startswith("prof") for w in words):
        found.append("Prof.")
    if any(w.lower().startswith("dr") for w in words):
        found.append("Dr.")
    return " ".join(found)


def letter_salutation(person: Addressee) -> str:
    """ "Sehr geehrte Frau Dr. Schulz," / "Sehr geehrter Herr Müller," / neutral: "Guten Tag Kim Meyer," """
    title = salutation_title(person.title)
    if person.salutation == "Frau":
        return f"Sehr geehrte Frau {' '.join(p for p in (title, person.last_name) if p)},"
    if person.salutation == "Herr":
        return f"Sehr geehrter Herr {' '.join(p for p in (title, person.last_name) if p)},"
    return f"Guten Tag {' '.join(p for p in (title, person.first_name, person.last_name) if p)},"


def address_block(person: Addressee) -> list[str]:
    """The lines of the DIN 5008 Anschriftfeld (without the return address line)."""
    lines = []
    if person.organisation:
        lines.append(person.organisation)
    name = " ".join(p for p in (person.salutation, person.title, person.first_name, person.last_name) if p)
    lines.append(name)
    street = " ".join(p for p in (person.street, person.house_number) if p)
    if street:
        lines.append(street)
    place = " ".join(p for p in (person.postcode, person.city) if p)
    if place:
        lines.append(place)
    return lines


@dataclass(frozen=True)
class SenderProfile:
    """Who sends the office's documents (set once in the settings): the letterhead, the return address, the
    Informationsblock of a letter and the organiser of a calendar invitation."""

    dienststelle: str = "Landkreis Göttingen"
    fachbereich: str | None = None  # "Fachbereich Soziales – Sozialkoordination"
    contact: str | None = None  # Ansprechpartner*in
    street: str | None = None  # "Reinhäuser Landstraße 4"
    postcode: str | None = None
    city: str | None = None
    phone: str | None = None
    email: str | None = None
    logo: bytes | None = None  # PNG or JPEG, shown at the top right of letters and documents
    logo_name: str | None = None
    template: bytes | None = None  # the office's own Word letterhead (.docx/.dotx), used as the base document
    template_name: str | None = None

    @property
    def return_address(self) -> str:
        """The Rücksendeangabe: "Landkreis Göttingen · Reinhäuser Landstraße 4 · 37083 Göttingen"."""
        place = " ".join(p for p in (self.postcode, self.city) if p)
        return " · ".join(p for p in (self.dienststelle, self.street, place) if p)

    @property
    def missing(self) -> list[str]:
        """What a letter needs but the profile lacks, in the words of the settings dialog."""
        wanted = (
            ("Ansprechpartner*in", self.contact),
            ("Straße", self.street),
            ("PLZ", self.postcode),
            ("Ort", self.city),
            ("Telefon", self.phone),
            ("E-Mail", self.email),
        )
        return [label for label, value in wanted if not value]

"""Where free text may name a person, and how: erasure replaces the mentions (service.py), the Auskunft lists them
(auskunft.py)."""

from __future__ import annotations

import re

from sozialkoordination.models import (
    AgendaItem,
    Decision,
    Invitation,
    Meeting,
    Network,
    Offer,
    Organisation,
    Person,
    Placement,
    Relationship,
    Task,
    Volunteer,
)
from sozialkoordination.models.budget import BudgetApplication
from sozialkoordination.models.offer import Angebot
from sozialkoordination.models.participation import ParticipationActivity, Proposal

# Free texts where a person may be named: minutes, decisions, tasks, notes, the contact of an Angebot. Their name
# stays nowhere after an erasure, so the mentions are replaced – with redacted updates (db/writes.py), so the audit
# log does not keep the old text either.
MENTIONED_IN = (
    (AgendaItem, "presenter"),
    (AgendaItem, "minutes"),
    (Decision, "text"),
    (Task, "description"),
    (Invitation, "represented_by"),
    (Meeting, "notes"),
    (Meeting, "venue"),
    (Network, "description"),
    (Relationship, "note"),
    (Organisation, "notes"),
    (Offer, "description"),
    (Angebot, "contact"),
    (Angebot, "description"),
    (Placement, "status_reason"),
    (ParticipationActivity, "notes"),
    (Proposal, "text"),
    (Proposal, "notes"),
    (BudgetApplication, "purpose"),
    (BudgetApplication, "decided_by"),
    (Person, "notes"),
    (Volunteer, "notes"),
    (Volunteer, "skills"),
)
ERASED_NAME = "(Name gelöscht)"


def mention_pattern(person: Person) -> re.Pattern | None:
    """The ways a text names the person: full name (with title), "Frau/Herr [Titel] Nachname", the e-mail, the
    phone and mobile numbers (with any spacing, slashes or dashes between the digits)."""
    last = (person.last_name or "").strip()
    if not last:
        return None
    words = [re.escape(w) for w in last.split()]
    last_re = r"\s+".join(words)
    options = [rf"(?:Frau|Herrn?)\s+(?:(?:Prof\.|Dr\.)\s*)*{last_re}"]
    if person.first_name:
        first_re = r"\s+".join(re.escape(w) for w in person.first_name.split())
        options.append(rf"(?:(?:Prof\.|Dr\.)\s*)*{first_re}\s+{last_re}")
        options.append(rf"{last_re},\s*{first_re}")
    if person.email:
        options.append(re.escape(person.email))
    for phone in (person.phone, person.mobile):
        if phone_core(phone):
            options.append(r"[\s/\-]*".join(re.escape(d) for d in re.sub(r"\D", "", phone)))
    return re.compile(r"\b(?:" + "|".join(options) + r")\b", re.IGNORECASE)


def needles(person: Person) -> list[str]:
    """Substrings that preselect the rows a mention pattern has to look at (the pattern decides)."""
    last = (person.last_name or "").strip()
    found = [last, last.lower(), last.upper()] if last else []
    found += [person.email] if person.email else []
    found += [phone_core(p) for p in (person.phone, person.mobile) if phone_core(p)]
    return list(dict.fromkeys(found))


def phone_core(phone: str | None) -> str | None:
    """The longest run of digits of a phone number ("4711815" of "0551 4711815"), if it is long enough to be
    the person's rather than a common area code."""
    runs = sorted(re.findall(r"\d+", phone or ""), key=len)
    return runs[-1] if runs and len(runs[-1]) >= 5 else None

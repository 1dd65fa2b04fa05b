"""The coordinator's profile (name, own Sozialregion) and the sender of the office's documents (Dienststelle,
contact, logo, own Word letterhead), stored with the data so CLI and window agree."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, fields, replace
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from sozialkoordination.config import resource_path
from sozialkoordination.core.errors import ValidationError
from sozialkoordination.core.letters import SenderProfile
from sozialkoordination.core.normalize import clean
from sozialkoordination.db.engine import set_session_user
from sozialkoordination.documents.files import write_atomically
from sozialkoordination.documents.word import TemplateError, check_template
from sozialkoordination.models import Setting, Sozialregion

USER_NAME = "user.name"
USER_REGION = "user.sozialregion_id"
SENDER = "sender."  # + the SenderProfile field: one setting per field
SENDER_FILES = ("logo", "template")  # stored base64-encoded, so a copy of the database file takes them along
MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_TEMPLATE_BYTES = 10 * 1024 * 1024
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Profile:
    user_name: str | None
    sozialregion_id: int | None

    @property
    def is_complete(self) -> bool:
        return bool(self.user_name)


class ProfileService:
    """`workstation` (on a shared server database): the profile is kept per coordinator, so each one's name goes
    into the audit log and each one starts in their own region. A database file has one profile."""

    def __init__(self, session_factory: sessionmaker[Session], workstation: str | None = None):
        self._sf = session_factory
        suffix = f"@{workstation}" if workstation else ""
        self._name_key, self._region_key = USER_NAME + suffix, USER_REGION + suffix

    def load(self) -> Profile:
        with self._sf() as s:
            name = s.get(Setting, self._name_key)
            region = s.get(Setting, self._region_key)
            region_id = int(region.value) if region and region.value and region.value.isdigit() else None
            if region_id is not None and s.get(Sozialregion, region_id) is None:
                region_id = None
            return Profile(name.value if name else None, region_id)

    def save(self, user_name: str, sozialregion_id: int | None) -> Profile:
        user_name = clean(user_name) or ""
        if not user_name:
            raise ValidationError({"user_name": "Bitte geben Sie Ihren Namen an."})
        with self._sf.begin() as s:
            if sozialregion_id is not None and s.get(Sozialregion, sozialregion_id) is None:
                raise ValidationError({"sozialregion": "Die gewählte Sozialregion gibt es nicht mehr."})
            s.merge(Setting(key=self._name_key, value=user_name))
            s.merge(Setting(key=self._region_key, value=str(sozialregion_id) if sozialregion_id else ""))
        set_session_user(self._sf, user_name)
        return Profile(user_name, sozialregion_id)

    # -- the sender of letters and documents ------------------------------------------------------------------------
    def _sender_key(self, name: str) -> str:
        return SENDER + name + self._name_key[len(USER_NAME) :]

    def sender(self) -> SenderProfile:
        """The sender as set in the settings; until then the Landkreis with the coordinator as contact."""
        with self._sf() as s:
            rows = {f.name: s.get(Setting, self._sender_key(f.name)) for f in fields(SenderProfile)}
            user = s.get(Setting, self._name_key)
        values: dict[str, object] = {}
        for name, row in rows.items():
            if row is None or not row.value:
                continue
            values[name] = base64.b64decode(row.value) if name in SENDER_FILES else row.value
        profile = SenderProfile(**values)
        if not profile.contact and user and user.value:
            profile = replace(profile, contact=user.value)
        return profile

    @staticmethod
    def save_standard_template(path: Path) -> None:
        """A copy of the shipped Standardvorlage (the app's look with placeholders), to adapt in Word."""
        data = resource_path("templates", "Standardvorlage.docx").read_bytes()
        write_atomically(Path(path), lambda partial: partial.write_bytes(data), "Word")

    def save_sender(self, profile: SenderProfile) -> SenderProfile:
        """Checks and stores the sender; the whole profile is replaced (an empty field clears the stored one)."""
        cleaned = {
            f.name: clean(getattr(profile, f.name)) if f.type in ("str | None", "str") else getattr(profile, f.name)
            for f in fields(SenderProfile)
        }
        problems = {}
        if not cleaned["dienststelle"]:
            problems["dienststelle"] = "Bitte geben Sie die Dienststelle an (z. B. „Landkreis Göttingen“)."
        if cleaned["email"] and not _EMAIL.match(cleaned["email"]):
            problems["email"] = f"„{cleaned['email']}“ ist keine gültige E-Mail-Adresse (Beispiel: name@landkreis.de)."
        if cleaned["postcode"] and not re.fullmatch(r"\d{5}", cleaned["postcode"]):
            problems["postcode"] = f"Die PLZ „{cleaned['postcode']}“ hat nicht fünf Ziffern."
        logo = cleaned["logo"]
        if logo is not None:
            if len(logo) > MAX_LOGO_BYTES:
                problems["logo"] = "Das Logo ist größer als 2 MB. Bitte wählen Sie eine kleinere PNG- oder JPEG-Datei."
            elif not (logo.startswith(b"\x89PNG") or logo.startswith(b"\xff\xd8")):
                problems["logo"] = "Das Logo muss eine PNG- oder JPEG-Datei sein."
        template = cleaned["template"]
        if template is not None:
            if len(template) > MAX_TEMPLATE_BYTES:
                problems["template"] = "Die Word-Vorlage ist größer als 10 MB. Bitte wählen Sie eine kleinere Datei."
            else:
                try:
                    check_template(template)
                except TemplateError as error:
                    problems["template"] = str(error)
        if problems:
            raise ValidationError(problems)
        with self._sf.begin() as s:
            for name, value in cleaned.items():
                if name in SENDER_FILES and value is not None:
                    value = base64.b64encode(value).decode("ascii")
                s.merge(Setting(key=self._sender_key(name), value=value or ""))
        return self.sender()

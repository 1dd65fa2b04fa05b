"""The coordinator's profile (name, own Sozialregion), stored with the data so CLI and window agree."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from sozialkoordination.core.errors import ValidationError
from sozialkoordination.core.normalize import clean
from sozialkoordination.db.engine import set_session_user
from sozialkoordination.models import Setting, Sozialregion

USER_NAME = "user.name"
USER_REGION = "user.sozialregion_id"


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

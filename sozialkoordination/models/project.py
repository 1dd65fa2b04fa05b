"""Projects of the social strategy: Teilprojekte (TP, time-limited) and Bausteine (B, permanent)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sozialkoordination.core.enums import ProjectKind
from sozialkoordination.models.base import Base, RecordMixin


class Project(RecordMixin, Base):
    __tablename__ = "project"

    code: Mapped[str] = mapped_column(String(20), unique=True)  # TP1, B2 …
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default=ProjectKind.TEILPROJEKT)
    description: Mapped[str | None] = mapped_column(Text)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)

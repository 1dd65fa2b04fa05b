"""Column descriptions shared by lists on screen and their exports."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    label: str
    kind: str = "text"  # text|int|date|money|postcode|phone (text a spreadsheet must not read as a number)
    visible: bool = True  # shown by default
    width: int = 18  # characters, for exports

"""Area views read the database when they are first shown, not when the main window builds them all at start."""

from __future__ import annotations

import functools


class LoadWhenShown:
    """Mixin for a QWidget with a `refresh(self)` that reads its data: the first showing calls it unless it already
    ran.

    At 100,000 persons, filling every area while the window was built was half of the start; now only the area that
    is shown reads anything."""

    loaded = False

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        load = cls.__dict__.get("refresh")
        if load is None:
            return

        @functools.wraps(load)
        def refresh(self) -> None:  # no other parameters: Qt connects signals by the slot's signature
            self.loaded = True
            load(self)

        cls.refresh = refresh

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self.loaded:
            self.refresh()

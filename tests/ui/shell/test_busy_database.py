"""A save while another program holds the database's write lock: a short wait, then a message that offers to try
again; the form keeps the input. Real file, real lock held by another process."""

import subprocess
import sys

import pytest
from PySide6.QtCore import Qt

from sozialkoordination.actors.service import ActorFilter
from sozialkoordination.app import open_context
from sozialkoordination.ui.actors.organisation_dialog import OrganisationDialog
from tests.ui.helpers import when_modal
from tests.unit.spreadsheet.test_file_safety import WRITE_LOCK

BUSY = "Die Datenbank ist gerade belegt (ein anderer Vorgang schreibt). Bitte versuchen Sie es gleich noch einmal."


@pytest.mark.skipif(sys.platform == "win32", reason="the lock holder is a POSIX-style subprocess pipe")
def test_a_save_while_another_program_writes_offers_to_try_again(app, qtbot, tmp_path):
    """Seen: a write lock held longer than 15 s froze the form for 15 s, then "unerwarteter Fehler"."""
    path = tmp_path / "sozial.sqlite"
    context = open_context(f"sqlite:///{path}")
    holder = subprocess.Popen(
        [sys.executable, "-c", WRITE_LOCK, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert holder.stdout.readline().strip() == b"gesperrt"
        dialog = OrganisationDialog(context.actors, context.areas)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClicks(dialog.name, "Familienzentrum Regenbogen")
        shown = []

        def answer(button_text: str, release: bool = False):
            def handler(box) -> None:
                shown.append((box.text(), sorted(b.text() for b in box.buttons())))
                if release:  # the other program finished meanwhile
                    holder.stdin.write(b"frei\n")
                    holder.stdin.flush()
                    holder.wait(timeout=60)
                button = next(b for b in box.buttons() if b.text() == button_text)
                qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

            return handler

        when_modal(qtbot, answer("Abbrechen"))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert shown == [(BUSY, ["Abbrechen", "Wiederholen"])]
        assert dialog.isVisible() and dialog.name.text() == "Familienzentrum Regenbogen"  # the input stays
        assert BUSY in dialog.error_label.text()
        assert context.actors.count(ActorFilter()) == 0

        when_modal(qtbot, answer("Wiederholen", release=True))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert len(shown) == 2
        assert dialog.result() == dialog.DialogCode.Accepted
        assert [r.values[0] for r in context.actors.rows(ActorFilter())] == ["Familienzentrum Regenbogen"]
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
        context.close()

"""A pulled stick while the coordinator types: the form says so in German, keeps what was typed, and saves it
once the stick is back."""

import pytest

from sozialkoordination.actors.service import ORGANISATIONS, ActorFilter
from sozialkoordination.app import open_context
from sozialkoordination.ui.actors.organisation_dialog import OrganisationDialog
from tests.ui.helpers import click, type_text

pytestmark = pytest.mark.sqlite_only("faults of the medium holding the SQLite file")


def test_form_keeps_the_input_while_the_stick_is_away(app, qtbot, tmp_path):
    folder = tmp_path / "STICK"
    folder.mkdir()
    context = open_context(f"sqlite:///{folder / 'region.sqlite'}")
    dialog = OrganisationDialog(context.actors, context.areas)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.name, "Familienzentrum am Markt")
    context.engine.dispose()
    folder.rename(tmp_path / "weg")
    click(qtbot, dialog, "saveButton")
    assert dialog.error_label.isVisibleTo(dialog)
    assert "USB-Stick entfernt" in dialog.error_label.text()
    assert dialog.result() == 0 and dialog.name.text() == "Familienzentrum am Markt"  # nothing lost
    (tmp_path / "weg").rename(folder)
    click(qtbot, dialog, "saveButton")
    assert dialog.saved_id is not None and not dialog.isVisible()
    assert [r.values[0] for r in context.actors.rows(ActorFilter(kind=ORGANISATIONS))] == ["Familienzentrum am Markt"]
    context.close()

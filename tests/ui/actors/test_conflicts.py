"""Two coordinators edit the same record at once (two windows, or two users on the office server): the second
save shows the fields both changed side by side, and each choice stores exactly what was chosen; edits to
different fields are both kept (tests/ui/test_save_merge.py)."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from sozialkoordination.actors.service import ConsentData, OrganisationData, PersonData
from sozialkoordination.app import open_context
from sozialkoordination.ui.actors.organisation_dialog import OrganisationDialog
from sozialkoordination.ui.actors.person_dialog import PersonDialog
from tests.ui.helpers import clear_field, click, type_text

pytestmark = pytest.mark.postgresql  # the shared server is where this happens most


@pytest.fixture
def anna(context):
    context.profile.save("Anna Beispiel", context.areas.find_region("SR-B").id)
    return context


@pytest.fixture
def bernd(anna):
    """A second session on the same database: another window, or a colleague on the server."""
    other = open_context(anna.db_url, workstation="bernd@pc-sr-c")
    other.profile.save("Bernd Beispiel", other.areas.find_region("SR-C").id)
    yield other
    other.close()


@pytest.fixture
def kita(anna):
    return anna.actors.save_organisation(OrganisationData(name="Kita Pusteblume", city="Rosdorf", phone="0551 1111"))


def open_form(qtbot, anna, kita):
    dialog = OrganisationDialog(anna.actors, anna.areas, kita)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def meet_conflict(qtbot, anna, bernd, kita):
    """Anna opens the form, Bernd saves a new phone number meanwhile, Anna changes the phone too, adds an e-mail
    and saves."""
    dialog = open_form(qtbot, anna, kita)
    theirs = bernd.actors.get_organisation(kita)
    theirs.phone = "0551 2222"
    bernd.actors.save_organisation(theirs)
    type_text(qtbot, dialog.email, "kita@pusteblume.example")
    clear_field(qtbot, dialog.phone)
    type_text(qtbot, dialog.phone, "0551 3333")
    click(qtbot, dialog, "saveButton")
    conflict = dialog.conflict_dialog
    assert conflict is not None and conflict.isVisible()
    return dialog, conflict


def table(conflict) -> list[tuple[str, str, str]]:
    t = conflict.table
    return [tuple(t.item(r, c).text() for c in range(3)) for r in range(t.rowCount())]


def test_the_second_save_shows_both_versions_with_who_and_when(qtbot, anna, bernd, kita):
    dialog, conflict = meet_conflict(qtbot, anna, bernd, kita)
    assert table(conflict) == [("Telefon", "0551 3333", "0551 2222")]  # the e-mail is only Anna's change
    header = conflict.table.horizontalHeaderItem(2).text()
    assert header.startswith("Inzwischen gespeichert\nvon Bernd Beispiel am ")
    assert f"{date.today():%d.%m.%Y}" in header
    assert conflict.table.item(0, 2).toolTip()  # Bernd changed the phone number: marked
    assert anna.actors.get_organisation(kita).email is None  # nothing of Anna's was saved yet


@pytest.mark.parametrize("choice", ["keep_mine_button", "take_theirs_button"])
def test_keep_mine_or_take_theirs_stores_that_version(qtbot, anna, bernd, kita, choice):
    dialog, conflict = meet_conflict(qtbot, anna, bernd, kita)
    qtbot.mouseClick(getattr(conflict, choice), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()
    stored = bernd.actors.get_organisation(kita)
    changes = [(e.user_name, e.field, e.after) for e in anna.privacy.history("organisation", kita) if e.field]
    if choice == "keep_mine_button":  # consciously over Bernd's number, and the log says who did what
        assert (stored.phone, stored.email) == ("0551 3333", "kita@pusteblume.example")
        assert changes[:3] == [
            ("Anna Beispiel", "E-Mail", "kita@pusteblume.example"),
            ("Anna Beispiel", "Telefon", "0551 3333"),
            ("Bernd Beispiel", "Telefon", "0551 2222"),
        ]
    else:
        assert (stored.phone, stored.email) == ("0551 2222", None)
        assert changes[0] == ("Bernd Beispiel", "Telefon", "0551 2222")
        assert dialog.status_text.startswith("Die inzwischen gespeicherte Fassung gilt")


def test_back_to_editing_keeps_the_input_and_the_next_save_goes_over_the_new_version(qtbot, anna, bernd, kita):
    dialog, conflict = meet_conflict(qtbot, anna, bernd, kita)
    qtbot.mouseClick(conflict.edit_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.email.text() == "kita@pusteblume.example"
    assert "Bernd Beispiel" in dialog.error_label.text() and "Telefon: 0551 2222" in dialog.error_label.text()
    clear_field(qtbot, dialog.phone)
    type_text(qtbot, dialog.phone, "0551 2222")  # Anna takes over Bernd's number by hand
    click(qtbot, dialog, "saveButton")
    assert dialog.conflict_dialog is None and not dialog.isVisible()
    stored = bernd.actors.get_organisation(kita)
    assert (stored.phone, stored.email) == ("0551 2222", "kita@pusteblume.example")


def test_a_consent_added_meanwhile_survives_my_change_to_the_function(qtbot, anna, bernd):
    person = anna.actors.save_person(PersonData(first_name="Erika", last_name="Schulz", function="Leitung"))
    dialog = PersonDialog(anna.actors, anna.areas, person)
    qtbot.addWidget(dialog)
    dialog.show()
    theirs = bernd.actors.get_person(person)
    theirs.consents.append(ConsentData("Einladungen", date(2026, 3, 1), "schriftlich"))
    bernd.actors.save_person(theirs)  # only a consent: still a new version of the person
    clear_field(qtbot, dialog.function)
    type_text(qtbot, dialog.function, "Geschäftsführung")
    click(qtbot, dialog, "saveButton")
    assert dialog.conflict_dialog is None and not dialog.isVisible()  # different fields: nothing to decide
    stored = anna.actors.get_person(person)
    assert stored.function == "Geschäftsführung" and [c.purpose for c in stored.consents] == ["Einladungen"]
    assert "Einwilligungen" in dialog.status_text

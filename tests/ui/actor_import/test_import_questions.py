"""What the import cannot know, it asks: a postcode of four digits is questioned in the preview (not padded to
"03707"), and a consent marked only "ja" is dated on the day of the import and says so in the person form."""

import csv
from datetime import date

from PySide6.QtWidgets import QLabel, QTabWidget

from sozialkoordination.actors.service import PERSONS, ActorFilter
from sozialkoordination.ui.actor_import.preview_model import HEADERS
from tests.ui.actor_import.test_import_wizard import click_next, finish_import, walk_to_preview
from tests.ui.helpers import (
    answer_modal,
    choose_area,
    choose_in,
    click,
    click_tab,
    double_click_row,
    select_text,
)


def write_list(path):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Einrichtung", "Ansprechpartner/in", "PLZ", "Ort", "Telefon", "Einwilligung"])
        writer.writerow(["Kita Kunterbunt", "Frau Gisela Kühne", "3707", "Göttingen", "0551123456", "ja"])
        writer.writerow(["Kita Löwenzahn", "Herr Jonas Öztürk", "37120", "Bovenden", "05593 1234", "12.03.2025"])
    return path


def test_four_digit_postcode_is_questioned_in_the_preview_and_kept_in_the_notes(
    window, context, qtbot, tmp_path, open_file
):
    wizard = walk_to_preview(window, qtbot, open_file, write_list(tmp_path / "kitas.csv"))
    click_next(qtbot, wizard)
    preview = wizard.preview_page
    choose_in(qtbot, preview.filter_combo, preview.filter_combo.itemText(preview.filter_combo.findData("warnings")))
    assert preview.model.rowCount() == 1
    hint = preview.model.index(0, HEADERS.index("Hinweise")).data()
    assert "Die PLZ „3707“ hat nur vier Ziffern" in hint
    assert "„03707“ gemeint" in hint and "3707x" in hint
    finish_import(qtbot, wizard)

    kita = context.actors.get_organisation(context.actors.rows(ActorFilter(text="Kunterbunt"))[0].id)
    assert kita.postcode is None  # not guessed: neither 03707 nor 3707x
    person = context.actors.get_person(context.actors.rows(ActorFilter(kind=PERSONS, text="Kühne"))[0].id)
    assert person.postcode is None
    assert "PLZ laut Liste: 3707 (nur vier Ziffern – bitte prüfen)" in person.notes  # the row's notes: its person's
    assert person.phone == "0551 123456"  # DIN 5008


def test_consent_dated_by_the_import_says_so_in_the_person_form(window, context, qtbot, tmp_path, open_file):
    wizard = walk_to_preview(window, qtbot, open_file, write_list(tmp_path / "kitas.csv"))
    click_next(qtbot, wizard)
    finish_import(qtbot, wizard)
    wizard.close()

    view = choose_area(qtbot, window, "actors")
    click_tab(qtbot, view.kind_tabs, "Personen")
    seen = {}

    def look(dialog):
        click_tab(qtbot, dialog.findChild(QTabWidget, "personTabs"), "Einwilligungen (DSGVO)")
        table = dialog.consents
        hint = dialog.findChild(QLabel, "consentDateHint")
        seen[dialog.last_name.text()] = (
            table.item(0, 1).text(),
            table.item(0, 1).font().italic(),
            table.item(0, 2).text(),
            hint.isVisibleTo(dialog),
            hint.text(),
        )
        click(qtbot, dialog, "cancelButton")

    for name in ("Kühne", "Öztürk"):
        row = select_text(qtbot, view.table, name)
        answer_modal(qtbot, look)
        double_click_row(qtbot, view.table, row)  # returns when the form is closed again

    today = f"{date.today():%d.%m.%Y}"
    given_on, italic, source, hint_shown, hint = seen["Kühne"]
    assert (given_on, italic, hint_shown) == (today, True, True)
    assert source == "Import von kitas.csv (Datum des Imports – die Liste nennt kein Datum)"
    assert hint.startswith(f"Einwilligung „Einladungen“ ({today}): „erteilt am“ ist das Datum des Imports.")
    # The list's own date needs no word.
    assert seen["Öztürk"] == ("12.03.2025", False, "Import von kitas.csv (Datum laut Liste)", False, "")
    assert context.actors.count(ActorFilter(kind=PERSONS)) == 2

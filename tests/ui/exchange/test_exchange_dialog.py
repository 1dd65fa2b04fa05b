"""Datei → Datenaustausch: a package written for a partner, read in, and its conflicts decided side by side."""

from PySide6.QtCore import Qt
from sqlalchemy import select

from sozialkoordination.exchange.package import read_package
from sozialkoordination.models import Organisation
from sozialkoordination.ui.exchange.dialog import ExchangeDialog, PackageConflictDialog
from tests.ui.helpers import choose_in, clear_field, click, click_tab, type_text, use_action

PASSWORD = "Paket-Kennwort 2026"


def open_dialog(window, qtbot) -> ExchangeDialog:
    """Datei → Datenaustausch …"""
    use_action(qtbot, window, "exchangeAction")
    dialog = window.findChild(ExchangeDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    return dialog


def set_ticked(qtbot, check, ticked: bool) -> None:
    if check.isChecked() != ticked:
        qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    assert check.isChecked() == ticked


def phone_of(context, name: str) -> str | None:
    with context.session_factory() as s:
        return s.scalar(select(Organisation.phone).where(Organisation.name == name))


def test_export_for_a_new_partner_with_scope_and_password_twice(
    window, context, sample_actors, qtbot, tmp_path, save_as
):
    target = tmp_path / "datenpaket-geschaeftsstelle.sozdp"
    dialog = open_dialog(window, qtbot)
    assert dialog.partner_combo.count() == 0 and "bekannten Partner" in dialog.partner_state.text()
    type_text(qtbot, dialog.partner_combo.lineEdit(), "Geschäftsstelle Sozialplanung")
    assert "Neuer Partner" in dialog.partner_state.text()
    choose_in(qtbot, dialog.region_combo, "Adelebsen/Bovenden")
    set_ticked(qtbot, dialog.without_volunteers, True)
    type_text(qtbot, dialog.export_password, PASSWORD)
    type_text(qtbot, dialog.export_repeat, PASSWORD + "x")
    click(qtbot, dialog, "exportPackageButton")
    assert "stimmen nicht überein" in dialog.message.text() and not target.exists()
    assert save_as.asked == []  # no file chooser before the passwords match

    clear_field(qtbot, dialog.export_repeat)
    type_text(qtbot, dialog.export_repeat, PASSWORD)
    save_as(target)
    click(qtbot, dialog, "exportPackageButton")
    assert save_as.asked == ["Datenpaket speichern"]
    assert dialog.message.text().startswith("Datenpaket für Geschäftsstelle Sozialplanung gespeichert: ")
    package = read_package(target, PASSWORD)
    assert package["scope"] == {"region": "SR-B", "ohne_ehrenamt": True}
    names = {r["data"].get("name") for r in package["records"] if r["table"] == "organisation"}
    assert names == {"Familienzentrum Regenbogen", "Heimatverein Adelebsen"}  # Rosdorf's Kita is SR-F
    assert dialog.export_password.text() == "" and "Paket geschrieben am" in dialog.partner_state.text()

    # nothing changed since: the next package is empty, unless "Alles senden" is ticked (a package got lost)
    for tick, expected in ((False, 0), (True, len(package["records"]))):
        set_ticked(qtbot, dialog.everything, tick)
        type_text(qtbot, dialog.export_password, PASSWORD)
        type_text(qtbot, dialog.export_repeat, PASSWORD)
        save_as(target)
        click(qtbot, dialog, "exportPackageButton")
        assert len(read_package(target, PASSWORD)["records"]) == expected
    assert not dialog.everything.isChecked()  # ticked for one package only
    assert save_as.done()


def test_import_asks_about_conflicts_side_by_side_and_applies_the_choice(
    window, context, sample_actors, databases, qtbot, tmp_path, open_file
):
    office = databases("geschaeftsstelle")
    first = tmp_path / "erstes.sozdp"
    context.exchange.export_package("Geschäftsstelle", first, PASSWORD)
    office.exchange.import_package(first, PASSWORD)
    fz_office = office.actors.get_organisation(office.actors.organisation_choices("Regenbogen")[0][0])
    fz_office.phone = "0551 525-0"
    office.actors.save_organisation(fz_office)
    fz_here = context.actors.get_organisation(sample_actors["fz"])
    fz_here.phone = "05594 1234"
    context.actors.save_organisation(fz_here)
    package = tmp_path / "von-der-gs.sozdp"
    office.exchange.export_package("Anna", package, PASSWORD)

    dialog = open_dialog(window, qtbot)
    click_tab(qtbot, dialog.tabs, "Paket einlesen")
    open_file(package)
    click(qtbot, dialog, "browsePackageButton")
    assert open_file.done() and dialog.file_edit.text() == str(package)
    type_text(qtbot, dialog.import_password, "falsch-geraten")
    click(qtbot, dialog, "importPackageButton")
    assert "Kennwort ist falsch" in dialog.message.text()
    assert phone_of(context, "Familienzentrum Regenbogen") == "05594 1234"

    clear_field(qtbot, dialog.import_password)
    type_text(qtbot, dialog.import_password, PASSWORD)
    click(qtbot, dialog, "importPackageButton")
    conflicts = dialog.findChild(PackageConflictDialog)
    assert conflicts is not None and conflicts.isVisible()
    qtbot.addWidget(conflicts)
    assert conflicts.conflict_list.count() == 1 and "1 Einträge" in dialog.message.text()
    assert phone_of(context, "Familienzentrum Regenbogen") == "05594 1234"  # nothing written before deciding
    rows = {
        conflicts.table.item(r, 0).text(): (conflicts.table.item(r, 1).text(), conflicts.table.item(r, 2).text())
        for r in range(conflicts.table.rowCount())
    }
    assert rows == {"Telefon": ("05594 1234", "0551 525-0")}
    assert "hier und im Paket geändert" in conflicts.situation.text()
    assert not conflicts.ok_button.isEnabled()

    qtbot.mouseClick(conflicts.take_button, Qt.MouseButton.LeftButton)
    assert "Aus dem Paket übernehmen" in conflicts.conflict_list.item(0).text()
    assert conflicts.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.imported):
        qtbot.mouseClick(conflicts.ok_button, Qt.MouseButton.LeftButton)
    assert phone_of(context, "Familienzentrum Regenbogen") == "0551 525-0"
    assert "1 Konflikt (meine behalten: 0, aus dem Paket übernommen: 1)" in dialog.message.text()
    assert window.statusBar().currentMessage() == "Datenpaket eingelesen."

    assert not conflicts.isVisible()
    click(qtbot, dialog, "importPackageButton")  # the password field was cleared
    assert "Kennwort des Datenpakets" in dialog.message.text()
    type_text(qtbot, dialog.import_password, PASSWORD)
    click(qtbot, dialog, "importPackageButton")  # the same package again: nothing new
    assert "0 neu, 0 aktualisiert, 0 gelöscht, 0 Konflikte." in dialog.message.text()


def test_conflicts_decided_for_all_at_once(app, qtbot):
    from sozialkoordination.exchange.service import Conflict, ConflictField

    conflicts = [
        Conflict(
            "organisation",
            "u1",
            "Organisation „Kita Pusteblume“",
            "hier und im Paket geändert",
            (ConflictField("Telefon", "0551 1", "0551 2"),),
        ),
        Conflict(
            "person",
            "u2",
            "Person „Kim Meyer“",
            "hier geändert, im Paket gelöscht",
            (ConflictField("Funktion", "Leitung", "(gelöscht)"),),
        ),
    ]
    dialog = PackageConflictDialog(conflicts)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert dialog.conflict_list.currentRow() == 1  # on to the next open conflict
    assert not dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.take_all_button, Qt.MouseButton.LeftButton)
    assert dialog.decisions() == {"u1": "dein", "u2": "dein"} and dialog.ok_button.isEnabled()
    assert all("Aus dem Paket übernehmen" in dialog.conflict_list.item(r).text() for r in range(2))
    qtbot.mouseClick(dialog.keep_all_button, Qt.MouseButton.LeftButton)
    assert dialog.decisions() == {"u1": "mein", "u2": "mein"}
    assert all("Meine behalten" in dialog.conflict_list.item(r).text() for r in range(2))


def test_a_package_is_written_on_a_real_background_thread(app, context, sample_actors, qtbot, tmp_path, save_as):
    from sozialkoordination.ui.shell.tasks import TaskRunner

    dialog = ExchangeDialog(context.exchange, context.areas.regions(), TaskRunner())  # as the window builds it
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.partner_combo.lineEdit(), "Geschäftsstelle")
    type_text(qtbot, dialog.export_password, PASSWORD)
    type_text(qtbot, dialog.export_repeat, PASSWORD)
    target = tmp_path / "hintergrund.sozdp"
    save_as(target)
    click(qtbot, dialog, "exportPackageButton")
    assert not dialog.export_button.isEnabled()  # no second start while it runs
    qtbot.waitUntil(lambda: "gespeichert" in dialog.message.text(), timeout=15000)
    assert dialog.export_button.isEnabled()
    tables = sorted(r["table"] for r in read_package(target, PASSWORD)["records"])
    assert tables == ["affiliation", "organisation", "organisation", "organisation", "person"]

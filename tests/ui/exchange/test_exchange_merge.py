"""Datei → Datenaustausch, field by field: a package's conflicts are decided per clashing field in the window, and
the partner's edits to other fields of the same record survive."""

from PySide6.QtCore import Qt

from sozialkoordination.ui.exchange.dialog import ExchangeDialog, PackageConflictDialog
from tests.ui.helpers import click, enter, open_tab, trigger

PASSWORD = "Paket-Kennwort 2026"


def edit(ctx, name: str, **fields) -> None:
    ident = ctx.actors.organisation_choices(name)[0][0]
    data = ctx.actors.get_organisation(ident)
    for key, value in fields.items():
        setattr(data, key, value)
    ctx.actors.save_organisation(data)


def stored(ctx, name: str):
    return ctx.actors.get_organisation(ctx.actors.organisation_choices(name)[0][0])


def open_exchange(qtbot, window) -> ExchangeDialog:
    trigger(qtbot, window, "exchangeAction")
    qtbot.waitUntil(lambda: window.findChild(ExchangeDialog) is not None)
    dialog = window.findChild(ExchangeDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def click_cell(qtbot, table, row: int, column: int) -> None:
    item = table.item(row, column)
    table.scrollToItem(item)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualItemRect(item).center())


def shown(conflicts: PackageConflictDialog) -> list[tuple[str, ...]]:
    t = conflicts.table
    return [tuple(t.item(r, c).text() for c in range(t.columnCount())) for r in range(t.rowCount())]


def test_each_clashing_field_is_decided_on_its_own_and_other_edits_survive(
    window, context, sample_actors, databases, qtbot, tmp_path
):
    office = databases("geschaeftsstelle")
    first = tmp_path / "erstes.sozdp"
    context.exchange.export_package("Geschäftsstelle", first, PASSWORD)
    office.exchange.import_package(first, PASSWORD)
    # the office: phone, e-mail and website of the Familienzentrum, the Kita's phone
    edit(office, "Familienzentrum Regenbogen", phone="0551 525-0", email="gs@fz.example", website="www.fz.example")
    edit(office, "Kita Pusteblume", phone="0551 4444")
    # here: phone, e-mail and a note of the Familienzentrum, the Kita's phone
    edit(context, "Familienzentrum Regenbogen", phone="05594 1234", email="hier@fz.example", notes="Neue Leitung")
    edit(context, "Kita Pusteblume", phone="0551 3333")
    package = tmp_path / "von-der-gs.sozdp"
    office.exchange.export_package("Anna", package, PASSWORD)

    dialog = open_exchange(qtbot, window)
    open_tab(qtbot, dialog.tabs, dialog.tabs.widget(1))
    enter(qtbot, dialog.file_edit, str(package))
    enter(qtbot, dialog.import_password, PASSWORD)
    click(qtbot, dialog, "importPackageButton")
    qtbot.waitUntil(lambda: dialog.findChild(PackageConflictDialog) is not None)
    conflicts = dialog.findChild(PackageConflictDialog)
    qtbot.waitUntil(conflicts.isVisible)
    titles = [conflicts.conflict_list.item(r).text().split("\n")[0] for r in range(conflicts.conflict_list.count())]
    assert titles == ["Organisation „Familienzentrum Regenbogen“", "Organisation „Kita Pusteblume“"]

    # only the two fields changed on both sides are asked; website and note merge by themselves
    assert shown(conflicts) == [
        ("Telefon", "05594 1234", "0551 525-0", "offen"),
        ("E-Mail", "hier@fz.example", "gs@fz.example", "offen"),
    ]
    click_cell(qtbot, conflicts.table, 0, 2)  # the office's phone
    assert conflicts.conflict_list.item(0).text().endswith("1 von 2 Feldern entschieden")
    assert not conflicts.ok_button.isEnabled()
    click_cell(qtbot, conflicts.table, 1, 1)  # my e-mail
    assert [row[3] for row in shown(conflicts)] == ["aus dem Paket", "hier"]
    assert conflicts.conflict_list.item(0).text().endswith("teils meine, teils aus dem Paket")
    assert not conflicts.ok_button.isEnabled()  # the Kita is still open

    conflicts.conflict_list.setCurrentRow(1)
    assert shown(conflicts) == [("Telefon", "0551 3333", "0551 4444", "offen")]  # just the one clashing field
    click(qtbot, conflicts, "keepMineButton")
    assert conflicts.ok_button.isEnabled()
    assert stored(context, "Familienzentrum Regenbogen").phone == "05594 1234"  # nothing written before deciding

    with qtbot.waitSignal(dialog.imported):
        click(qtbot, conflicts, "applyDecisionsButton")
    fz = stored(context, "Familienzentrum Regenbogen")
    assert (fz.phone, fz.email, fz.website, fz.notes) == (
        "0551 525-0",
        "hier@fz.example",
        "www.fz.example",
        "Neue Leitung",
    )
    assert stored(context, "Kita Pusteblume").phone == "0551 3333"
    assert "2 Konflikte (meine behalten: 2, aus dem Paket übernommen: 1)" in dialog.message.text()

    # decided once: the office takes the decisions without being asked, and both end with the same content
    back = tmp_path / "an-die-gs.sozdp"
    context.exchange.export_package("Geschäftsstelle", back, PASSWORD)
    result = office.exchange.import_package(back, PASSWORD)
    assert result.conflicts == []
    assert office.exchange.content()["organisation"] == context.exchange.content()["organisation"]


def test_possible_duplicates_from_a_package_are_listed_and_merged_or_kept(window, context, databases, qtbot, tmp_path):
    from sozialkoordination.actors.service import OrganisationData

    office = databases("geschaeftsstelle")
    for ctx in (context, office):  # both typed in the same two facilities of the partner list
        for name in ("Kita Pusteblume", "Jugendpflege Adelebsen"):
            ctx.actors.save_organisation(OrganisationData(name=name, postcode="37124", street="Schulweg 1"))
    package = tmp_path / "von-der-gs.sozdp"
    office.exchange.export_package("Anna", package, PASSWORD)

    dialog = open_exchange(qtbot, window)
    open_tab(qtbot, dialog.tabs, dialog.tabs.widget(1))
    enter(qtbot, dialog.file_edit, str(package))
    enter(qtbot, dialog.import_password, PASSWORD)
    click(qtbot, dialog, "importPackageButton")
    assert "2 mögliche Dubletten" in dialog.message.text()
    items = [dialog.duplicate_list.item(r).text() for r in range(dialog.duplicate_list.count())]
    assert items == [  # by name
        "Organisation „Jugendpflege Adelebsen“ aus dem Paket = Organisation „Jugendpflege Adelebsen“ hier (gleicher "
        "Name am selben Ort)",
        "Organisation „Kita Pusteblume“ aus dem Paket = Organisation „Kita Pusteblume“ hier (gleicher Name am selben "
        "Ort)",
    ]
    assert len(context.actors.organisation_choices("Pusteblume")) == 2  # listed, both kept until decided

    click(qtbot, dialog, "mergeDuplicateButton")  # the first: Jugendpflege Adelebsen
    assert "zusammengeführt" in dialog.message.text()
    assert len(context.actors.organisation_choices("Jugendpflege")) == 1
    click(qtbot, dialog, "keepBothButton")  # then Kita Pusteblume
    assert len(context.actors.organisation_choices("Pusteblume")) == 2
    assert not dialog.duplicates_box.isVisible()

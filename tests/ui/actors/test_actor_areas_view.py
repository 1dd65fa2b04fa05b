"""Actors without a Sozialraum in the list, driven like a user: the Stadt Göttingen's actors stay in the region's
list and say where they are; "ohne Sozialraum" and "außerhalb des Landkreises" find the others; the import history
shows the records of one import."""

import csv

import pytest
from PySide6.QtCore import QSettings

from sozialkoordination.actors.service import OrganisationData
from tests.ui.helpers import choose, choose_area, click, new_dialog, open_windows, select_row, set_checked, trigger


@pytest.fixture(autouse=True)
def default_columns():
    QSettings().remove("actors")
    yield
    QSettings().remove("actors")


@pytest.fixture
def places(context, sample_actors):
    save = context.actors.save_organisation
    save(OrganisationData(name="Diakonieverband Göttingen", postcode="37073", city="Göttingen"))
    save(OrganisationData(name="Beratungsstelle Kassel", postcode="34117", city="Kassel"))
    return sample_actors


def shown(view, key: str = "name") -> dict[str, str]:
    model = view.model
    index = [c.key for c in model.columns].index(key)
    return {model.data(model.index(r, 0)): model.data(model.index(r, index)) for r in range(model.rowCount())}


def test_city_actors_stay_in_the_region_list_and_the_others_are_one_choice_away(window, qtbot, places):
    view = choose_area(qtbot, window, "actors")
    assert view.region_combo.currentText() == "Adelebsen/Bovenden"  # the coordinator's own region
    names = shown(view, "sozialraum")
    assert names == {
        "Diakonieverband Göttingen": "Stadt Göttingen",  # recognisable as the city's, not a blank Sozialraum
        "Familienzentrum Regenbogen": "Bovenden",
        "Heimatverein Adelebsen": "Adelebsen",
    }
    set_checked(qtbot, view.with_city_check, False)
    assert list(shown(view)) == ["Familienzentrum Regenbogen", "Heimatverein Adelebsen"]
    set_checked(qtbot, view.with_city_check, True)

    choose(qtbot, view.raum_combo, "außerhalb des Landkreises")
    assert shown(view, "sozialraum") == {"Beratungsstelle Kassel": "außerhalb des Landkreises"}
    assert not view.with_city_check.isEnabled()  # means nothing here
    choose(qtbot, view.raum_combo, "ohne Sozialraum")
    assert list(shown(view)) == ["Beratungsstelle Kassel", "Diakonieverband Göttingen"]
    assert view.count_label.text() == "2 Organisationen"
    choose(qtbot, view.raum_combo, "Stadt Göttingen")
    assert list(shown(view)) == ["Diakonieverband Göttingen"]


def test_import_history_shows_the_records_of_one_import(window, qtbot, context, places, tmp_path):
    path = tmp_path / "schulen.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Schule", "PLZ", "Ort", "Telefon"])
        writer.writerow(["Grundschule Lenglern", "37120", "Bovenden", "0559312345"])
        writer.writerow(["IGS Göttingen", "37085", "Göttingen", "0551400123"])
    service = context.actor_import
    data = service.read(path)
    header = service.detect_header(data)
    batch = service.run(service.prepare(path, data, header, service.suggest_mapping(data.rows[header], None))).batch_id

    view = choose_area(qtbot, window, "actors")
    before = open_windows()
    trigger(qtbot, window, "historyAction")
    history = new_dialog(qtbot, before)
    select_row(qtbot, history.table, 0)
    click(qtbot, history, "showRecordsButton")
    qtbot.waitUntil(lambda: not history.isVisible())

    assert window.area_key() == "actors"
    assert view.import_combo.currentText().startswith(f"Import {batch} – schulen.csv (")
    assert view.region_combo.currentText() == "Ganzer Landkreis"
    assert shown(view, "phone") == {"Grundschule Lenglern": "05593 12345", "IGS Göttingen": "0551 400123"}
    assert shown(view, "sozialraum")["IGS Göttingen"] == "Stadt Göttingen"
    choose(qtbot, view.import_combo, "Alle Einträge")
    assert "Beratungsstelle Kassel" in shown(view)

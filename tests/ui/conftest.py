"""Fixtures for widget tests: the real main window over a fresh database, tasks run synchronously."""

import pytest
from PySide6.QtWidgets import QMessageBox

from sozialkoordination.services.actors import AffiliationData, OrganisationData, PersonData
from sozialkoordination.ui.application import create_application
from sozialkoordination.ui.main_window import MainWindow
from sozialkoordination.ui.tasks import TaskRunner
from tests.databases import databases  # noqa: F401 - a fixture for tests with a partner's database


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch):
    """No test may block on a modal box: questions are answered "Verwerfen", notices are recorded.

    Requested before qtbot, so the patch is still active when qtbot closes leftover widgets."""
    shown = []

    def notice(parent, title, text, *args, **kwargs):
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    def question(parent, title, text, *args, **kwargs):
        shown.append(text)
        return QMessageBox.StandardButton.Discard

    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, notice)
    monkeypatch.setattr(QMessageBox, "question", question)
    return shown


@pytest.fixture
def app(qapp):
    return create_application()


@pytest.fixture
def sample_actors(context):
    ids = {}
    raum = context.areas.find_sozialraum
    ids["fz"] = context.actors.save_organisation(
        OrganisationData(
            name="Familienzentrum Regenbogen",
            org_type="Familienzentrum",
            postcode="37120",
            city="Bovenden",
            sozialraum_id=raum("Bovenden").id,
            themes=["Frühe Hilfen"],
        )
    )
    ids["kita"] = context.actors.save_organisation(
        OrganisationData(
            name="Kita Pusteblume", org_type="Kita", postcode="37124", city="Rosdorf", sozialraum_id=raum("Rosdorf").id
        )
    )
    ids["verein"] = context.actors.save_organisation(
        OrganisationData(
            name="Heimatverein Adelebsen",
            org_type="Verein",
            postcode="37139",
            city="Adelebsen",
            sozialraum_id=raum("Adelebsen").id,
        )
    )
    ids["schulz"] = context.actors.save_person(
        PersonData(
            salutation="Frau",
            title="Dr.",
            first_name="Erika",
            last_name="Schulz",
            email="e.schulz@fz.example",
            affiliations=[AffiliationData(ids["fz"], role="Leitung")],
        )
    )
    return ids


@pytest.fixture
def window(app, qtbot, context):
    context.profile.save("Anna Beispiel", context.areas.find_region("SR-B").id)
    win = MainWindow(context, TaskRunner(synchronous=True))
    qtbot.addWidget(win)
    win.show()
    return win


@pytest.fixture
def answer_yes(monkeypatch):
    """Confirm every question box the way a user clicking "Ja" would; records the questions asked."""
    asked = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked

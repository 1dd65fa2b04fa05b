"""Fixtures for widget tests: the real main window over a fresh database, tasks run synchronously."""

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from sozialkoordination.actors.service import AffiliationData, OrganisationData, PersonData
from sozialkoordination.ui.shell.application import create_application
from sozialkoordination.ui.shell.main_window import MainWindow
from sozialkoordination.ui.shell.tasks import TaskRunner
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
    # Qt keeps the settings of the process: without clearing them the window would reopen the area an earlier test
    # closed it on, already loaded, and take over column widths and splitters an earlier test dragged (a meeting
    # table then scrolled sideways in one test order and not in another).
    QSettings().clear()
    QSettings().setValue("window/area", 0)
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


class _Answers:
    """Answers for the operating system's standard dialogs, given in the order the user would give them.

    The test clicks the real button; only the standard dialog that the button opens (file chooser, one-line
    question) is answered from here, as the user would answer it. An unexpected dialog fails the test."""

    def __init__(self, kind: str):
        self.kind = kind
        self.queue: list = []
        self.asked: list[str] = []

    def __call__(self, *answers) -> "_Answers":
        self.queue.extend(answers)
        return self

    def take(self, title: str):
        self.asked.append(title)
        if not self.queue:
            raise AssertionError(f"Unerwarteter {self.kind}-Dialog „{title}“ – der Test hat keine Antwort vorgesehen")
        return self.queue.pop(0)

    def done(self) -> bool:
        return not self.queue


@pytest.fixture
def save_as(monkeypatch):
    """`save_as(path, …)`: the file chooser of the next export answers with these paths (None = Abbrechen)."""
    from PySide6.QtWidgets import QFileDialog

    answers = _Answers("Speichern")

    def get_save(parent, title="", directory="", filters="", *args, **kwargs):
        path = answers.take(title)
        if path is None:
            return "", ""
        suffix = str(path).rsplit(".", 1)[-1] if "." in str(path) else ""
        chosen = next((f for f in filters.split(";;") if f"*.{suffix}" in f), filters.split(";;")[0])
        return str(path), chosen

    monkeypatch.setattr(QFileDialog, "getSaveFileName", get_save)
    return answers


@pytest.fixture
def open_file(monkeypatch):
    """`open_file(path, …)`: the file chooser of the next "Öffnen …" answers with these paths (None = Abbrechen)."""
    from PySide6.QtWidgets import QFileDialog

    answers = _Answers("Öffnen")

    def get_open(parent, title="", *args, **kwargs):
        path = answers.take(title)
        return ("", "") if path is None else (str(path), "")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", get_open)
    return answers


@pytest.fixture
def type_in(monkeypatch):
    """`type_in("Text", …)`: what the user types into the next small input box (QInputDialog); None = Abbrechen.

    For a choice box (getItem) the answer is the entry's text, which must be one of the offered items."""
    from PySide6.QtWidgets import QInputDialog

    answers = _Answers("Eingabe")

    def text(parent, title, label, *args, **kwargs):
        value = answers.take(title)
        return ("", False) if value is None else (value, True)

    def item(parent, title, label, items, *args, **kwargs):
        value = answers.take(title)
        if value is None:
            return "", False
        assert value in list(items), f"„{value}“ wird in „{title}“ nicht angeboten: {list(items)}"
        return value, True

    def number(parent, title, label, value=0, *args, **kwargs):
        answer = answers.take(title)
        return (0, False) if answer is None else (answer, True)

    monkeypatch.setattr(QInputDialog, "getText", text)
    monkeypatch.setattr(QInputDialog, "getMultiLineText", text)
    monkeypatch.setattr(QInputDialog, "getItem", item)
    monkeypatch.setattr(QInputDialog, "getInt", number)
    monkeypatch.setattr(QInputDialog, "getDouble", number)
    return answers

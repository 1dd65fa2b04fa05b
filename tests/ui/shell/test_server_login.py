"""The window started with a coordinator's own login on the office server (issue 21): it opens without owning the
database, and the search everywhere finds the persons of her Sozialregion only; the organisations of all."""

import logging
import sys

import pytest
from PySide6.QtCore import QSettings

from sozialkoordination.app import open_context
from sozialkoordination.ui.shell import application
from sozialkoordination.ui.shell.main_window import MainWindow
from sozialkoordination.ui.shell.tasks import TaskRunner
from tests.office_server import ANNA, PASSWORD, office_database, url
from tests.ui.shell.test_global_search import popup_texts, search

pytestmark = pytest.mark.postgresql_only


@pytest.fixture(scope="module")
def office(pg):
    yield from office_database(pg)


@pytest.fixture
def anna_window(app, qtbot, pg, office):
    QSettings().remove("window/geometry")  # a narrow window would hide the search field
    QSettings().setValue("window/area", 0)
    context = open_context(url(pg, office, ANNA))
    context.profile.save("Anke Adler", context.areas.find_region("SR-A").id)
    window = MainWindow(context, TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()
    context.close()


def test_the_search_of_a_coordinator_finds_her_regions_persons_only(anna_window, qtbot, tmp_path):
    search(qtbot, anna_window, "bremer")
    assert popup_texts(anna_window) == ["Nichts gefunden für „bremer“."]
    search(qtbot, anna_window, "bremke")  # the organisation in his region: district-wide
    assert "Organisationen" in popup_texts(anna_window) and "Personen" not in popup_texts(anna_window)
    search(qtbot, anna_window, "adler")
    assert popup_texts(anna_window)[:2] == ["Personen", "Anke Adler"]
    anna_window.grab().save(str(tmp_path / "anna.png"))


def test_the_window_of_a_coordinator_on_a_database_the_it_has_not_upgraded_says_what_to_do(
    app, pg, pg_migrated_template, office, message_boxes, monkeypatch
):
    name = pg.new_database(pg_migrated_template)
    pg.execute(
        f'GRANT CONNECT ON DATABASE "{name}" TO sozk_koordination',
        "GRANT USAGE ON SCHEMA public TO sozk_koordination",
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO sozk_koordination",
        "UPDATE alembic_version SET version_num = '0012'",
        database=name,
    )
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own; restore it afterwards
    handlers = list(logging.getLogger().handlers)
    try:
        assert application.run(pg.url(name, ANNA, PASSWORD)) == 1
    finally:
        for handler in set(logging.getLogger().handlers) - set(handlers):  # run() adds the log file
            logging.getLogger().removeHandler(handler)
            handler.close()
        pg.drop_database(name)
    assert "Bitte IT: sozialkoordination db upgrade" in message_boxes[-1]

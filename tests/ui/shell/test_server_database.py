"""The window on the office server: the file-only functions (backups, password) say where that is done, and
"Datenbank prüfen" reports the server connection and schema."""

import pytest

from tests.ui.helpers import use_action

pytestmark = pytest.mark.postgresql_only


def test_backups_and_password_point_to_the_server(window, qtbot, message_boxes):
    from PySide6.QtWidgets import QDialog

    use_action(qtbot, window, "backupsAction")
    assert "Datenbankserver des Büros" in message_boxes[-1] and "pg_dump" in message_boxes[-1]
    use_action(qtbot, window, "passwordAction")
    assert "Serverdatenbank" in message_boxes[-1]
    assert not [d for d in window.findChildren(QDialog) if d.isVisible()]  # no backup list, no password form


def test_check_reports_the_server_and_its_schema(window, qtbot, message_boxes):
    use_action(qtbot, window, "checkAction")  # Datei → Sicherung und Schutz → Datenbank prüfen
    report = message_boxes[-1]
    assert report.startswith("Die Datenbank ist in Ordnung.")
    assert "PostgreSQL" in report and "Verbindung in Ordnung" in report
    assert "Sicherungen: macht der Datenbankserver" in report and "Verschlüsselt" not in report


def test_the_status_line_names_the_server_without_the_password(window, context):
    shown = window.db_label.text()
    assert "Anna Beispiel" in shown and context.engine.url.host in shown
    assert context.engine.url.password not in shown

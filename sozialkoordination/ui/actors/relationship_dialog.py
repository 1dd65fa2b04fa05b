"""The relationships of one actor entered by hand (Kooperation, Trägerschaft …): list, add, remove."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from sozialkoordination.actors.connections import ORG, PERSON, RELATION_TYPES, ConnectionService, RelationshipData
from sozialkoordination.actors.service import ActorService
from sozialkoordination.core.errors import DomainError
from sozialkoordination.core.formatting import german_date
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.widgets.date_input import confirm_unusual_dates, first_problem
from sozialkoordination.ui.widgets.optional_date import OptionalDate
from sozialkoordination.ui.widgets.record_picker import ChosenRecord, organisation_picker, person_picker
from sozialkoordination.ui.widgets.tables import ID_ROLE, cell, make_table


class RelationshipDialog(QDialog):
    def __init__(
        self, connections: ConnectionService, actors: ActorService, actor: tuple[str, int], name: str, parent=None
    ):
        super().__init__(parent)
        self.setObjectName("relationshipDialog")
        self.setWindowTitle(self.tr("Beziehungen – {0}").format(name))
        self.resize(760, 520)
        self._connections, self._actor = connections, actor
        self.changed = False
        self.table = make_table(
            self,
            [self.tr("von"), self.tr("zu"), self.tr("Art"), self.tr("Zeitraum"), self.tr("Notiz")],
            "relationshipTable",
        )
        for column, width in enumerate((170, 170, 110, 150)):
            self.table.setColumnWidth(column, width)
        remove = QPushButton(self.tr("Entfernen"), self, objectName="removeRelationshipButton")
        remove.clicked.connect(self.remove_selected)

        self.target_org = ChosenRecord(organisation_picker(actors), self)
        self.target_org.setObjectName("targetOrganisationField")
        self.target_person = ChosenRecord(person_picker(actors), self)
        self.target_person.setObjectName("targetPersonField")
        self.target_org.changed.connect(lambda: self._one_target(self.target_org, self.target_person))
        self.target_person.changed.connect(lambda: self._one_target(self.target_person, self.target_org))
        self.relation_type = QComboBox(self, objectName="relationTypeCombo", editable=True)
        self.relation_type.addItems(RELATION_TYPES)
        self.directed = QCheckBox(self.tr("gerichtet (von {0} zum anderen Akteur)").format(name), self)
        self.note = QLineEdit(self, objectName="relationNoteEdit")
        self.since = OptionalDate(self, self.tr("seit"), None, stretch=False)
        self.until = OptionalDate(self, self.tr("bis"), None)
        period = QHBoxLayout()
        period.addLayout(self.since)
        period.addLayout(self.until)
        self.error = QLabel(self, objectName="relationshipError", wordWrap=True)
        self.error.setStyleSheet(theme.error_text())
        add = QPushButton(self.tr("Beziehung hinzufügen"), self, objectName="addRelationshipButton")
        add.clicked.connect(self.add)
        form = QFormLayout()
        form.addRow(self.tr("zu Organisation"), self.target_org)
        form.addRow(self.tr("oder zu Person"), self.target_person)
        form.addRow(self.tr("Art"), self.relation_type)
        form.addRow("", self.directed)
        form.addRow(self.tr("Zeitraum"), period)
        form.addRow(self.tr("Notiz"), self.note)
        hint = QLabel(
            self.tr(
                "Verbindungen durch Netzwerke, Sitzungen und Arbeitsverhältnisse entstehen von selbst; "
                "hier kommen die übrigen hinzu."
            ),
            self,
            wordWrap=True,
        )
        hint.setStyleSheet(theme.muted())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(remove)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(add)
        layout.addWidget(buttons)
        self.reload()

    def _one_target(self, chosen: ChosenRecord, other: ChosenRecord) -> None:
        if chosen.value() is not None and other.value() is not None:
            other.set_value(None, "")

    def reload(self) -> None:
        self.table.setRowCount(0)
        for row in self._connections.relationships(self._actor):
            r = self.table.rowCount()
            self.table.insertRow(r)
            period = " – ".join(p for p in (german_date(row.valid_from), german_date(row.valid_until)) if p)
            kind = row.relation_type + (" →" if row.directed else "")
            for column, value in enumerate((row.source, row.target, kind, period, row.note or "")):
                self.table.setItem(r, column, cell(value, row.id if column == 0 else None))

    def add(self) -> None:
        found = first_problem(self)
        if found is not None:
            self.error.setText(found[1])
            found[0].setFocus()
            return
        if not confirm_unusual_dates(self):
            return
        if self.target_org.value() is not None:
            target = (ORG, self.target_org.value())
        elif self.target_person.value() is not None:
            target = (PERSON, self.target_person.value())
        else:
            target = None
        data = RelationshipData(
            source=self._actor,
            target=target,
            relation_type=self.relation_type.currentText(),
            directed=self.directed.isChecked(),
            note=self.note.text(),
            valid_from=self.since.value(),
            valid_until=self.until.value(),
        )
        try:
            self._connections.save_relationship(data)
        except DomainError as error:
            self.error.setText(str(error))
            return
        self.error.clear()
        self.note.clear()
        self.target_org.set_value(None, "")
        self.target_person.set_value(None, "")
        self.changed = True
        self.reload()

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        for r in rows:
            self._connections.delete_relationship(self.table.item(r, 0).data(ID_ROLE))
        if rows:
            self.changed = True
            self.reload()

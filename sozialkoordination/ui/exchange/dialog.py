"""Datei → Datenaustausch: write a Datenpaket for a partner, read one in, and decide its conflicts side by side."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sozialkoordination.areas.service import RegionDTO
from sozialkoordination.core.errors import DomainError
from sozialkoordination.exchange.package import SUFFIX
from sozialkoordination.exchange.service import (
    KEEP_MINE,
    TAKE_THEIRS,
    Conflict,
    ConflictsPending,
    ExchangeService,
    ImportSummary,
    PossibleDuplicate,
)
from sozialkoordination.protection.service import MIN_PASSWORD_LENGTH, check_new_password
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.shell.tasks import TaskRunner
from sozialkoordination.ui.widgets.save_dialog import choose_save_path

FOLDER_SETTING = "folders/exchange"


def _password_field(parent: QWidget, name: str, placeholder: str) -> QLineEdit:
    field = QLineEdit(parent, objectName=name, echoMode=QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    field.setMinimumWidth(280)
    return field


def _hint(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent, wordWrap=True)
    label.setStyleSheet(theme.muted())
    return label


class ExchangeDialog(QDialog):
    """Two tabs: "Paket für einen Partner schreiben" and "Paket einlesen". `imported` after a successful import."""

    imported = Signal()

    def __init__(self, exchange: ExchangeService, regions: list[RegionDTO], tasks: TaskRunner, parent=None):
        super().__init__(parent)
        self.setObjectName("exchangeDialog")
        self.setWindowTitle(self.tr("Datenaustausch"))
        self.resize(640, 420)
        self._exchange, self._tasks = exchange, tasks
        self._partners = exchange.partners()
        self.tabs = QTabWidget(self, objectName="exchangeTabs")
        self.tabs.addTab(self._export_tab(regions), self.tr("Paket schreiben"))
        self.tabs.addTab(self._import_tab(), self.tr("Paket einlesen"))
        self.message = QLabel(self, objectName="exchangeMessage", wordWrap=True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Schließen"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._show_partner()

    # -- building ------------------------------------------------------------------------------------------------
    def _export_tab(self, regions: list[RegionDTO]) -> QWidget:
        page = QWidget(self)
        intro = _hint(
            self.tr(
                "Das Datenpaket enthält alles, was sich seit dem letzten Austausch mit diesem Partner geändert hat – "
                "neue und geänderte Einträge und Löschungen. Es wird mit einem eigenen Kennwort verschlüsselt; "
                "geben Sie das Kennwort getrennt von der Datei weiter (z. B. am Telefon)."
            ),
            page,
        )
        self.partner_combo = QComboBox(page, objectName="partnerCombo", editable=True)
        self.partner_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.partner_combo.lineEdit().setPlaceholderText(self.tr("z. B. Geschäftsstelle Sozialplanung"))
        for partner in self._partners:
            self.partner_combo.addItem(partner.name)
        self.partner_combo.setCurrentIndex(0 if self._partners else -1)
        self.partner_combo.currentTextChanged.connect(lambda _text: self._show_partner())
        self.partner_state = QLabel(page, objectName="partnerState", wordWrap=True)
        self.partner_state.setStyleSheet(theme.muted())
        self.region_combo = QComboBox(page, objectName="scopeRegionCombo")
        self.region_combo.addItem(self.tr("Ganzer Landkreis"), None)
        for region in regions:
            self.region_combo.addItem(region.name, region.code)
        self.without_volunteers = QCheckBox(
            self.tr("Ohne Ehrenamtliche (ihre Profile und Personendaten bleiben hier)"),
            page,
            objectName="withoutVolunteersCheck",
        )
        self.everything = QCheckBox(
            self.tr("Alles senden, auch was der Partner schon hat (falls ein Paket verloren ging)"),
            page,
            objectName="everythingCheck",
        )
        self.export_password = _password_field(
            page, "exportPasswordEdit", self.tr("mindestens {0} Zeichen").format(MIN_PASSWORD_LENGTH)
        )
        self.export_repeat = _password_field(page, "exportRepeatEdit", self.tr("noch einmal"))
        self.export_button = QPushButton(self.tr("Datenpaket speichern …"), page, objectName="exportPackageButton")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(lambda: self.export_package())
        form = QFormLayout()
        form.addRow(self.tr("Für:"), self.partner_combo)
        form.addRow("", self.partner_state)
        form.addRow(self.tr("Umfang:"), self.region_combo)
        form.addRow("", self.without_volunteers)
        form.addRow("", self.everything)
        form.addRow(self.tr("Kennwort:"), self.export_password)
        form.addRow(self.tr("Wiederholen:"), self.export_repeat)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.export_button)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(row)
        return page

    def _import_tab(self) -> QWidget:
        page = QWidget(self)
        intro = _hint(
            self.tr(
                "Ein Datenpaket wird nach den Kennungen der Einträge zusammengeführt: Neues kommt hinzu, Geänderte "
                "werden aktualisiert, Löschungen übernommen. Wurde ein Eintrag hier und beim Partner geändert, zeigt "
                "Sozialkoordination beide Fassungen nebeneinander, und Sie entscheiden. Dasselbe Paket zweimal "
                "einzulesen ändert nichts."
            ),
            page,
        )
        self.file_edit = QLineEdit(page, objectName="packageFileEdit")
        self.file_edit.setPlaceholderText(self.tr("Datenpaket ({0})").format(SUFFIX))
        browse = QPushButton(self.tr("Durchsuchen …"), page, objectName="browsePackageButton")
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(browse)
        self.import_password = _password_field(page, "importPasswordEdit", self.tr("Kennwort des Pakets"))
        self.import_button = QPushButton(self.tr("Einlesen"), page, objectName="importPackageButton")
        self.import_button.clicked.connect(lambda: self.import_package())
        form = QFormLayout()
        form.addRow(self.tr("Datei:"), file_row)
        form.addRow(self.tr("Kennwort:"), self.import_password)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.import_button)
        # Mögliche Dubletten: new records of the package that look like records here (same partner list)
        self.duplicates_box = QWidget(page, objectName="duplicatesBox")
        self.duplicate_list = QListWidget(self.duplicates_box, objectName="duplicateList")
        self.duplicate_list.setWordWrap(True)
        self.merge_button = QPushButton(
            self.tr("Zusammenführen"), self.duplicates_box, objectName="mergeDuplicateButton"
        )
        self.keep_both_button = QPushButton(self.tr("Beide behalten"), self.duplicates_box, objectName="keepBothButton")
        self.merge_button.clicked.connect(lambda: self._merge_duplicate())
        self.keep_both_button.clicked.connect(lambda: self._keep_both())
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.keep_both_button)
        box = QVBoxLayout(self.duplicates_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel(self.tr("<b>Mögliche Dubletten</b> – neu aus dem Paket, aber wohl schon hier:"), page))
        box.addWidget(self.duplicate_list, 1)
        box.addLayout(buttons)
        self.duplicates_box.hide()
        self._duplicates: list[PossibleDuplicate] = []
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.duplicates_box, 1)
        layout.addStretch(0)
        return page

    def _show_duplicates(self, duplicates: list[PossibleDuplicate]) -> None:
        self._duplicates = list(duplicates)
        self.duplicate_list.clear()
        for duplicate in self._duplicates:
            self.duplicate_list.addItem(duplicate.line())
        self.duplicate_list.setCurrentRow(0 if duplicates else -1)
        self.duplicates_box.setVisible(bool(duplicates))

    def _take_duplicate(self) -> PossibleDuplicate | None:
        row = self.duplicate_list.currentRow()
        if row < 0:
            return None
        self.duplicate_list.takeItem(row)
        duplicate = self._duplicates.pop(row)
        self.duplicates_box.setVisible(bool(self._duplicates))
        return duplicate

    def _merge_duplicate(self) -> None:
        """The record from the package goes into the one here; its UUID stays mapped, so later packages reach it."""
        duplicate = self._take_duplicate()
        if duplicate is None:
            return
        try:
            self.message.setText(self._exchange.merge_duplicate(duplicate.table, duplicate.uuid, duplicate.target_uuid))
        except DomainError as error:
            self.message.setText(str(error))
            return
        self.imported.emit()  # the lists show one record now

    def _keep_both(self) -> None:
        duplicate = self._take_duplicate()
        if duplicate is not None:
            self.message.setText(self.tr("Beide Einträge bleiben: {0}").format(duplicate.line()))

    def _show_partner(self) -> None:
        name = self.partner_combo.currentText().strip()
        partner = next((p for p in self._partners if p.name == name), None)
        if not name:
            text = self.tr("Wählen Sie einen bekannten Partner oder geben Sie einen neuen Namen ein.")
        elif partner is None:
            text = self.tr("Neuer Partner: das erste Paket enthält alle Einträge im gewählten Umfang.")
        else:
            parts = []
            if partner.last_export_at:
                parts.append(self.tr("Paket geschrieben am {0:%d.%m.%Y}").format(partner.last_export_at))
            if partner.last_import_at:
                parts.append(self.tr("Paket eingelesen am {0:%d.%m.%Y}").format(partner.last_import_at))
            text = self.tr("Letzter Austausch: {0}.").format(", ".join(parts)) if parts else ""
        self.partner_state.setText(text)

    def _browse(self) -> None:
        settings = QSettings()
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Datenpaket einlesen"),
            str(settings.value(FOLDER_SETTING, str(Path.home()))),
            self.tr("Datenpakete (*{0});;Alle Dateien (*)").format(SUFFIX),
        )
        if chosen:
            settings.setValue(FOLDER_SETTING, str(Path(chosen).parent))
            self.file_edit.setText(chosen)

    def _busy(self, busy: bool) -> None:
        self.export_button.setEnabled(not busy)
        self.import_button.setEnabled(not busy)

    def _failed(self, error: BaseException, fallback: str) -> None:
        self._busy(False)
        self.message.setText(str(error) if isinstance(error, DomainError) else fallback)

    # -- export --------------------------------------------------------------------------------------------------
    def export_package(self) -> None:
        partner = self.partner_combo.currentText().strip()
        if not partner:
            self.message.setText(self.tr("Bitte geben Sie an, für wen das Datenpaket ist."))
            self.partner_combo.setFocus()
            return
        password = self.export_password.text()
        try:
            check_new_password(password, self.export_repeat.text())
        except DomainError as error:
            self.message.setText(str(error))
            self.export_password.setFocus()
            return
        region, without = self.region_combo.currentData(), self.without_volunteers.isChecked()
        everything = self.everything.isChecked()
        safe = "".join(c if c.isalnum() else "-" for c in partner).strip("-").lower() or "partner"
        target = choose_save_path(
            self,
            self.tr("Datenpaket speichern"),
            f"datenpaket-{safe}{SUFFIX}",
            [(self.tr("Datenpaket"), SUFFIX)],
            FOLDER_SETTING,
        )
        if target is None:
            return

        def done(summary) -> None:
            self._busy(False)
            self.export_password.clear()
            self.export_repeat.clear()
            self.everything.setChecked(False)
            self._partners = self._exchange.partners()
            if self.partner_combo.findText(partner) < 0:
                self.partner_combo.addItem(partner)
            self._show_partner()
            self.message.setText(
                self.tr("Datenpaket für {0} gespeichert: {1} Einträge, {2} Löschungen ({3}).").format(
                    partner, summary.records, summary.deletions, summary.path.name
                )
            )

        self._busy(True)
        self._tasks.run(
            self,
            self.tr("Datenpaket wird geschrieben …"),
            lambda progress: self._exchange.export_package(
                partner, target, password, region, without, progress, everything
            ),
            done,
            lambda error: self._failed(error, self.tr("Das Datenpaket konnte nicht geschrieben werden.")),
            lambda: self._failed(DomainError(self.tr("Abgebrochen; es wurde kein Paket geschrieben.")), ""),
        )

    # -- import --------------------------------------------------------------------------------------------------
    def import_package(self, decisions: dict[str, str] | None = None) -> None:
        path = Path(self.file_edit.text().strip()) if self.file_edit.text().strip() else None
        if path is None:
            self.message.setText(self.tr("Bitte wählen Sie das Datenpaket aus."))
            return
        password = self.import_password.text()
        if not password:
            self.message.setText(self.tr("Bitte geben Sie das Kennwort des Datenpakets ein."))
            self.import_password.setFocus()
            return

        def failed(error: BaseException) -> None:
            if isinstance(error, ConflictsPending):
                self._busy(False)
                self.message.setText(
                    self.tr("{0} Einträge wurden hier und beim Partner geändert. Bitte entscheiden Sie.").format(
                        len(error.conflicts)
                    )
                )
                self.decide(error.conflicts)
                return
            self._failed(error, self.tr("Das Datenpaket konnte nicht eingelesen werden."))

        self._busy(True)
        self._tasks.run(
            self,
            self.tr("Datenpaket wird eingelesen …"),
            lambda progress: self._exchange.import_package(path, password, decisions=decisions, progress=progress),
            self._imported,
            failed,
            lambda: self._failed(DomainError(self.tr("Abgebrochen; es wurde nichts eingelesen.")), ""),
        )

    def decide(self, conflicts: list[Conflict]) -> PackageConflictDialog:
        dialog = PackageConflictDialog(conflicts, self)
        dialog.accepted.connect(lambda: self.import_package(dialog.decisions()))
        dialog.open()
        self.conflict_dialog = dialog
        return dialog

    def _imported(self, summary: ImportSummary) -> None:
        self._busy(False)
        self.import_password.clear()
        self._partners = self._exchange.partners()
        text = summary.line()
        if summary.warnings:
            text += " " + " ".join(summary.warnings)
        self.message.setText(text)
        self._show_duplicates(summary.duplicates)
        self.imported.emit()


class PackageConflictDialog(QDialog):
    """Each conflict side by side (Feld, hier, im Paket, gilt). Where both sides hold the record, each clashing
    field is decided on its own – a click on the value that should count – so an edit to one field never drops the
    partner's edit to another; the buttons decide a whole record or all. Accepting is possible once every conflict
    (every clashing field) is decided."""

    CHOICES = {KEEP_MINE: "Meine behalten", TAKE_THEIRS: "Aus dem Paket übernehmen"}
    SIDES = {KEEP_MINE: "hier", TAKE_THEIRS: "aus dem Paket"}

    def __init__(self, conflicts: list[Conflict], parent=None):
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle(self.tr("Konflikte im Datenpaket"))
        self.resize(940, 520)
        self._conflicts = conflicts
        self._decisions: dict[str, str] = {}  # UUID, or "UUID:field" for a field of a per-field conflict
        intro = QLabel(
            self.tr(
                "Diese Einträge wurden hier und beim Partner seit dem letzten Austausch geändert. Gezeigt werden nur "
                "die Felder, die auf beiden Seiten geändert wurden; alle übrigen Änderungen beider Seiten bleiben "
                "erhalten. Klicken Sie je Feld auf die Fassung, die gelten soll, oder wählen Sie für den ganzen "
                "Eintrag. Eingelesen wird erst, wenn alles entschieden ist."
            ),
            self,
            wordWrap=True,
        )
        self.conflict_list = QListWidget(self, objectName="conflictList")
        self.conflict_list.setWordWrap(True)
        self.conflict_list.setSpacing(3)
        self.conflict_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.conflict_list.currentRowChanged.connect(self._show)
        self.situation = QLabel(self, objectName="conflictSituation", wordWrap=True)
        self.situation.setStyleSheet(theme.strong())
        self.table = QTableWidget(0, 4, self, objectName="conflictTable")
        self.table.setHorizontalHeaderLabels([self.tr("Feld"), self.tr("Hier"), self.tr("Im Paket"), self.tr("Gilt")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2):
            self.table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.cellClicked.connect(self._cell_clicked)
        self.keep_button = QPushButton(self.tr("Meine behalten"), self, objectName="keepMineButton")
        self.take_button = QPushButton(self.tr("Aus dem Paket übernehmen"), self, objectName="takeTheirsButton")
        self.keep_button.clicked.connect(lambda: self.choose(KEEP_MINE))
        self.take_button.clicked.connect(lambda: self.choose(TAKE_THEIRS))
        self.keep_all_button = QPushButton(self.tr("Für alle: meine behalten"), self, objectName="keepAllButton")
        self.take_all_button = QPushButton(self.tr("Für alle: aus dem Paket"), self, objectName="takeAllButton")
        self.keep_all_button.clicked.connect(lambda: self.choose_all(KEEP_MINE))
        self.take_all_button.clicked.connect(lambda: self.choose_all(TAKE_THEIRS))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Einlesen"))
        self.ok_button.setObjectName("applyDecisionsButton")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Abbrechen"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.situation)
        right_layout.addWidget(self.table, 1)
        choice = QHBoxLayout()
        choice.addStretch(1)
        choice.addWidget(self.keep_button)
        choice.addWidget(self.take_button)
        right_layout.addLayout(choice)
        splitter = QSplitter(self)
        splitter.addWidget(self.conflict_list)
        splitter.addWidget(right)
        splitter.setSizes([300, 640])
        all_row = QHBoxLayout()
        all_row.addWidget(self.keep_all_button)
        all_row.addWidget(self.take_all_button)
        all_row.addStretch(1)
        all_row.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addLayout(all_row)
        for conflict in conflicts:
            self.conflict_list.addItem(QListWidgetItem(conflict.title))
        self._refresh_list()
        self.conflict_list.setCurrentRow(0)

    def decisions(self) -> dict[str, str]:
        return dict(self._decisions)

    def _keys(self, conflict: Conflict) -> list[str]:
        """Where the decisions of one conflict are kept: one per clashing field, or the record's UUID."""
        if conflict.per_field:
            return [f"{conflict.uuid}:{f.field}" for f in conflict.fields]
        return [conflict.uuid]

    def _decide(self, conflict: Conflict, decision: str) -> None:
        for key in self._keys(conflict):
            self._decisions[key] = decision

    def choose(self, decision: str) -> None:
        row = self.conflict_list.currentRow()
        if row < 0:
            return
        self._decide(self._conflicts[row], decision)
        self._refresh_list()
        undecided = [i for i, c in enumerate(self._conflicts) if c.undecided(self._decisions)]
        if undecided:  # on to the next open one, as a reader works down a list
            later = [i for i in undecided if i > row]
            self.conflict_list.setCurrentRow((later or undecided)[0])
        else:
            self._show(row)

    def choose_all(self, decision: str) -> None:
        for conflict in self._conflicts:
            self._decide(conflict, decision)
        self._refresh_list()
        self._show(self.conflict_list.currentRow())

    def _cell_clicked(self, row: int, column: int) -> None:
        """A click on a value decides that field for it (per-field conflicts); the record stays on screen, so the
        user sees every field's choice before moving on."""
        current = self.conflict_list.currentRow()
        if current < 0 or column not in (1, 2):
            return
        conflict = self._conflicts[current]
        if not conflict.per_field:
            self.choose(KEEP_MINE if column == 1 else TAKE_THEIRS)
            return
        self._decisions[self._keys(conflict)[row]] = KEEP_MINE if column == 1 else TAKE_THEIRS
        self._refresh_list()
        self._show(current)

    def _state(self, conflict: Conflict) -> str:
        chosen = [self._decisions.get(k) for k in self._keys(conflict)]
        if all(c is None for c in chosen):
            return self.tr("offen")
        if any(c is None for c in chosen):
            done = sum(c is not None for c in chosen)
            return self.tr("{0} von {1} Feldern entschieden").format(done, len(chosen))
        if len(set(chosen)) == 1:
            return self.tr(self.CHOICES[chosen[0]])
        return self.tr("teils meine, teils aus dem Paket")

    def _refresh_list(self) -> None:
        for row, conflict in enumerate(self._conflicts):
            item = self.conflict_list.item(row)
            open_ = conflict.undecided(self._decisions)
            item.setText(f"{conflict.title}\n{self._state(conflict)}")
            item.setForeground(theme.colour(theme.WARNING) if open_ else theme.colour(theme.SUCCESS))
        self.ok_button.setEnabled(not any(c.undecided(self._decisions) for c in self._conflicts))

    def _show(self, row: int) -> None:
        if row < 0:
            return
        conflict = self._conflicts[row]
        decided = not conflict.undecided(self._decisions)
        state = self.tr("Entschieden: {0}.").format(self._state(conflict)) if decided else ""
        how = ""
        if conflict.per_field and not decided:
            how = self.tr("Je Feld: auf die Fassung klicken, die gelten soll.")
        self.situation.setText(f"{conflict.title}: {self.tr(conflict.situation)}. {state}{how}".strip())
        keys = self._keys(conflict)
        self.table.setRowCount(len(conflict.fields))
        for r, field in enumerate(conflict.fields):
            chosen = self._decisions.get(keys[r] if conflict.per_field else conflict.uuid)
            side = self.tr(self.SIDES[chosen]) if chosen else self.tr("offen")
            for c, value in enumerate((field.label, field.mine, field.theirs, side)):
                item = QTableWidgetItem(value)
                if c == 0:
                    item.setForeground(theme.colour(theme.MUTED))
                elif c in (1, 2):
                    item.setToolTip(self.tr("Klicken: diese Fassung gilt"))
                    if chosen and (c == 1) == (chosen == KEEP_MINE):
                        item.setBackground(theme.tint(theme.SUCCESS))
                elif not chosen:
                    item.setForeground(theme.colour(theme.WARNING))
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()

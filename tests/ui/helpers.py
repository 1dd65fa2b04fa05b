"""Helpers for widget tests."""


def type_text(qtbot, widget, text: str) -> None:
    """Type like a user, umlauts included (QTest.keyClicks only handles ASCII and aborts otherwise)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    widget.setFocus()
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier)


def click(qtbot, root, name: str, cls=None):
    """Click the button (or tool button) called `name` inside `root` the way a user does: it must be visible
    and enabled, else the user could not click it either."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton

    widget = root.findChild(cls or QAbstractButton, name)
    assert widget is not None, f"Kein Knopf „{name}“ in {root.objectName() or type(root).__name__}"
    assert widget.isVisible(), f"Knopf „{name}“ ist nicht sichtbar"
    assert widget.isEnabled(), f"Knopf „{name}“ ist nicht anklickbar"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    return widget


def trigger(qtbot, window, name: str):
    """Choose a menu action (found by its object name) by its keyboard shortcut when it has one, else through
    its menu entry as a user does with the keyboard: the action must be enabled."""
    from PySide6.QtGui import QAction

    action = window.findChild(QAction, name)
    assert action is not None, f"Keine Aktion „{name}“"
    assert action.isEnabled(), f"Aktion „{name}“ ist nicht verfügbar"
    shortcut = action.shortcut()
    if not shortcut.isEmpty():
        window.activateWindow()
        window.setFocus()
        _key_sequence(window, shortcut)
        return action
    menu_entry = _menu_entry(window, action)
    assert menu_entry is not None, f"Aktion „{name}“ steht in keinem Menü"
    menu, rect = menu_entry
    from PySide6.QtCore import Qt

    menu.popup(window.mapToGlobal(window.rect().center()))
    qtbot.waitUntil(menu.isVisible)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    return action


def _key_sequence(widget, sequence):
    from PySide6.QtTest import QTest

    combination = sequence[0]
    QTest.keyClick(widget, combination.key(), combination.keyboardModifiers())


def _menu_entry(window, action):
    from PySide6.QtWidgets import QMenu

    for menu in window.findChildren(QMenu):
        if action in menu.actions():
            return menu, menu.actionGeometry(action)
    return None


def choose_area(qtbot, window, key: str):
    """Click the area's entry in the navigation on the left, as a user does; returns the area's widget."""
    from PySide6.QtCore import Qt

    navigation = window.navigation
    row = window._area_index(key)
    rect = navigation.visualItemRect(navigation.item(row))
    qtbot.mouseClick(navigation.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.area_key() == key
    return window.stack.currentWidget()


def select_row(qtbot, table, row: int, column: int = 0):
    """Click a row of a table or list the way a user does."""
    from PySide6.QtCore import Qt

    table.scrollTo(table.model().index(row, column))
    rect = table.visualRect(table.model().index(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def select_text(qtbot, table, text: str, column: int = 0):
    """Click the first row whose cell in `column` shows `text` (or starts with it)."""
    model = table.model()
    for row in range(model.rowCount()):
        shown = str(model.index(row, column).data() or "")
        if shown == text or shown.startswith(text):
            select_row(qtbot, table, row, column)
            return row
    raise AssertionError(f"Keine Zeile „{text}“ in der Tabelle {table.objectName()}")


def double_click_row(qtbot, table, row: int, column: int = 0):
    from PySide6.QtCore import Qt

    select_row(qtbot, table, row, column)
    rect = table.visualRect(table.model().index(row, column))
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def new_dialog(qtbot, before: set, cls=None):
    """The dialog that a click opened (a window that was not there before), waited for."""
    from PySide6.QtWidgets import QApplication, QDialog

    found = []

    def appeared():
        found[:] = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, cls or QDialog) and w.isVisible() and id(w) not in before
        ]
        return bool(found)

    qtbot.waitUntil(appeared, timeout=3000)
    return found[-1]


def open_windows() -> set:
    from PySide6.QtWidgets import QApplication

    return {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}


def click_opens(qtbot, root, name: str, cls=None):
    """Click a button that opens a (non-blocking) dialog and return that dialog."""
    before = open_windows()
    click(qtbot, root, name)
    return new_dialog(qtbot, before, cls)


def when_modal(qtbot, handler):
    """Answer the next blocking dialog (one opened with exec()): `handler(dialog)` runs once it is shown and must
    close it by clicking. Returns a list that holds the dialog afterwards, to check that it was shown."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    seen = []
    timer = QTimer()
    timer.setInterval(20)

    def poll():
        dialog = QApplication.activeModalWidget()
        if dialog is not None and dialog.isVisible() and not seen:
            seen.append(dialog)
            timer.stop()
            handler(dialog)

    timer.timeout.connect(poll)
    timer.start()
    when_modal.timers.append(timer)  # kept alive until the dialog was answered
    return seen


when_modal.timers = []


def click_tree_item(qtbot, tree, *path: str):
    """Expand and click a tree entry given by its texts from the top (e.g. "Adelebsen/Bovenden", "Bovenden")."""
    from PySide6.QtCore import Qt

    item = None
    for text in path:
        children = (
            [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
            if item is None
            else [item.child(i) for i in range(item.childCount())]
        )
        match = next((c for c in children if c.text(0) == text), None)
        assert match is not None, f"Kein Eintrag „{text}“ in {[c.text(0) for c in children]}"
        if item is not None:
            item.setExpanded(True)
        item = match
    tree.scrollToItem(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center())
    assert tree.currentItem() is item
    return item


def click_into(qtbot, field) -> None:
    """Click into a field as a user does; the click also brings its window to the front (offscreen windows are
    not activated by showing them, and without an active window no focus moves and Tab does nothing)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    while (popup := QApplication.activePopupWidget()) is not None:
        popup.close()  # a click outside an open list (a name completion) closes it first
    window = field.window()
    if not window.isActiveWindow():
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    assert field.hasFocus()


def enter(qtbot, field, text: str) -> None:
    """Replace what a field shows by typing (or empty it), then leave it: click in, Ctrl+A, type, Tab."""
    from PySide6.QtCore import Qt

    click_into(qtbot, field)
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        type_text(qtbot, field, text)
    else:
        qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClick(field, Qt.Key.Key_Tab)


# -- choosing in lists, combo boxes, tabs and check boxes the way a user does ---------------------------------------
def pick(qtbot, picker, typed: str, label: str) -> None:
    """Type part of a name into a record picker, then click the entry in the completion list that opens."""
    from PySide6.QtCore import Qt

    click_into(qtbot, picker)
    type_text(qtbot, picker, typed)
    popup = picker.completer().popup() if picker.completer() else picker._completer.popup()
    qtbot.waitUntil(popup.isVisible)
    model = popup.model()
    row = next((r for r in range(model.rowCount()) if model.index(r, 0).data() == label), None)
    assert row is not None, (
        f"„{label}“ nicht in der Auswahl {[model.index(r, 0).data() for r in range(model.rowCount())]}"
    )
    index = model.index(row, 0)
    popup.scrollTo(index)
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=popup.visualRect(index).center())
    assert not popup.isVisible()


def choose(qtbot, combo, text: str) -> None:
    """Choose a combo box entry as a user does: click it open, walk to the entry with the arrow keys and take it with
    Enter (Qt's combo list ignores a mouse release that follows its opening too closely, so a synthetic click on the
    entry is unreliable). Where the list does not open (offscreen, a window not in front), the keyboard on the closed
    combo does the same: Home, then Down to the entry."""
    from PySide6.QtCore import Qt

    index = combo.findText(text)
    assert index >= 0, f"„{text}“ steht nicht in {[combo.itemText(i) for i in range(combo.count())]}"
    assert combo.isVisible() and combo.isEnabled(), f"Auswahl für „{text}“ ist nicht bedienbar"
    if combo.currentIndex() == index:
        return
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
    view = combo.view()
    try:
        qtbot.waitUntil(view.isVisible, timeout=1000)
    except Exception:  # noqa: BLE001 - the list did not open: use the keyboard on the closed combo
        combo.setFocus()
        qtbot.keyClick(combo, Qt.Key.Key_Home)
        while combo.currentIndex() < index:
            qtbot.keyClick(combo, Qt.Key.Key_Down)
    else:
        current = view.currentIndex().row()
        key = Qt.Key.Key_Down if index > current else Qt.Key.Key_Up
        for _step in range(abs(index - current)):
            qtbot.keyClick(view, key)
        qtbot.keyClick(view, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not view.isVisible())
    assert combo.currentText() == text


def open_tab(qtbot, tabs, widget) -> None:
    """Click the tab that shows `widget` (its page, or the scroll area around it)."""
    from PySide6.QtCore import Qt

    index = next(i for i in range(tabs.count()) if tabs.widget(i) is widget or tabs.widget(i).isAncestorOf(widget))
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def tick(qtbot, table, row: int, column: int = 0) -> None:
    """Click the check box drawn in a table cell."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    index = table.model().index(row, column)
    table.scrollTo(index)
    option = QStyleOptionViewItem()
    option.rect = table.visualRect(index)
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    option.state |= QStyle.StateFlag.State_Enabled
    option.widget = table
    box = table.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, table)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=box.center())


def click_list_item(qtbot, widget, row: int) -> None:
    """Click an entry of a QListWidget."""
    from PySide6.QtCore import Qt

    item = widget.item(row)
    widget.scrollToItem(item)
    qtbot.mouseClick(widget.viewport(), Qt.MouseButton.LeftButton, pos=widget.visualItemRect(item).center())
    assert widget.currentRow() == row


def press_ok(qtbot, dialog) -> None:
    """Click the OK button of a dialog's button box."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


# journeys helpers


def replace_text(qtbot, field, text: str) -> None:
    """Select everything in a line edit (or an editable combo's) and type `text` over it."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QComboBox

    if isinstance(field, QComboBox):
        field = field.lineEdit()
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    type_text(qtbot, field, text)


def type_date(qtbot, root, day) -> None:
    """Type a date (datetime.date) the German way into the date field `root` (or the one inside it), then leave it."""
    from sozialkoordination.ui.widgets.date_input import DateInput

    field = root if isinstance(root, DateInput) else root.findChild(DateInput)
    assert field is not None and field.isEnabled(), "Kein bedienbares Datumsfeld"
    enter(qtbot, field, day.strftime("%d.%m.%Y"))
    assert field.date() == day, field.text()


def click_ok(qtbot, dialog) -> None:
    """Click the OK (or Save/Accept) button of the dialog's button box."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    box = dialog.findChild(QDialogButtonBox)
    button = next(b for b in box.buttons() if box.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def answer_date(qtbot, day=None):
    """when_modal for `ask_date`: type `day` (None: keep the proposed date) and click OK."""

    def answer(dialog):
        try:
            if day is not None:
                type_date(qtbot, dialog, day)
            click_ok(qtbot, dialog)
        except BaseException as error:  # never leave the test hanging in the dialog's exec()
            seen.append(error)
            dialog.reject()
            raise

    seen = when_modal(qtbot, answer)
    return seen


def choose_tab(qtbot, tabs, text: str):
    """Click the tab called `text` of a QTabWidget (returns the page – the panel inside, where the page is a scroll
    area) or a QTabBar (returns the bar)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QScrollArea, QTabBar

    bar = tabs if isinstance(tabs, QTabBar) else tabs.tabBar()
    index = next((i for i in range(bar.count()) if bar.tabText(i) == text), None)
    assert index is not None, f"Kein Reiter „{text}“"
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index
    if tabs is bar:
        return tabs
    page = tabs.currentWidget()
    return page.widget() if isinstance(page, QScrollArea) and page.widgetResizable() else page


# -- helpers of the rewritten widget tests ------------------------------------------------------------
def context_menu(qtbot, widget, pos, entry: str):
    """Right-click `widget` at `pos` and choose the context-menu entry called `entry` (its text), as a user does.

    Works for menus shown with exec() (blocking) and with popup(). The entry must be visible and enabled."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication, QMenu

    chosen: list = []
    timer = QTimer()
    timer.setInterval(20)

    def choose():
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu) or not menu.isVisible():
            return
        timer.stop()
        entries = {a.text(): a for a in menu.actions() if a.isVisible() and not a.isSeparator()}
        action = entries.get(entry)
        if action is None or not action.isEnabled():
            menu.close()
            state = "nicht anklickbar" if action is not None else f"nicht im Menü: {list(entries)}"
            chosen.append(AssertionError(f"Kontextmenü-Eintrag „{entry}“ {state}"))
            return
        chosen.append(action)
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())

    timer.timeout.connect(choose)
    timer.start()
    try:
        qtbot.mouseClick(widget, Qt.MouseButton.RightButton, pos=pos)  # a right-click also selects the row
        event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, widget.mapToGlobal(pos))
        QApplication.sendEvent(widget, event)
        qtbot.waitUntil(lambda: bool(chosen), timeout=2000)
    finally:
        timer.stop()
    if isinstance(chosen[0], Exception):
        raise chosen[0]
    return chosen[0]


def row_menu(qtbot, table, row: int, entry: str, column: int = 0):
    """Right-click a row of a table (or list) and choose `entry` from its context menu."""
    table.scrollTo(table.model().index(row, column))
    pos = table.visualRect(table.model().index(row, column)).center()
    return context_menu(qtbot, table.viewport(), pos, entry)


def _section(table, label: str) -> int:
    model = table.model()
    from PySide6.QtCore import Qt

    for section in range(model.columnCount()):
        if model.headerData(section, Qt.Orientation.Horizontal) == label:
            return section
    raise AssertionError(f"Keine Spalte „{label}“ in {table.objectName()}")


def header_menu(qtbot, table, entry: str, label: str | None = None):
    """Right-click the table's header (on the column `label`, else the first visible one) and choose `entry`."""
    from PySide6.QtCore import QPoint

    header = table.horizontalHeader()
    section = _section(table, label) if label else header.logicalIndexAt(QPoint(1, 1))
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    return context_menu(qtbot, header.viewport(), QPoint(x, header.height() // 2), entry)


def click_header(qtbot, table, label: str):
    """Click a column header (sorting); the column must be shown."""
    from PySide6.QtCore import QPoint, Qt

    section = _section(table, label)
    assert not table.isColumnHidden(section), f"Spalte „{label}“ ist ausgeblendet"
    header = table.horizontalHeader()
    if table.model().rowCount():
        table.scrollTo(table.model().index(0, section))
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def choose_in(qtbot, combo, text: str):
    """Open a combo box's list and click the entry showing `text`, as a user does (emits `activated` too)."""
    from PySide6.QtCore import Qt

    assert combo.isVisible() and combo.isEnabled(), f"Auswahl {combo.objectName()} ist nicht bedienbar"
    index = combo.findText(text)
    assert index >= 0, f"„{text}“ wird in {combo.objectName()} nicht angeboten: " + str(
        [combo.itemText(i) for i in range(combo.count())]
    )
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible, timeout=2000)
    model_index = combo.model().index(index, combo.modelColumn(), combo.rootModelIndex())
    view.scrollTo(model_index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(model_index).center())
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=2000)
    assert combo.currentText() == text, f"{combo.objectName()} zeigt „{combo.currentText()}“ statt „{text}“"


def click_box_button(qtbot, dialog, button=None):
    """Click a button of the dialog's QDialogButtonBox (by default OK, else the given StandardButton)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    button = button or QDialogButtonBox.StandardButton.Ok
    for box in dialog.findChildren(QDialogButtonBox):
        widget = box.button(button)
        if widget is not None and widget.isVisible():
            assert widget.isEnabled(), f"„{widget.text()}“ ist nicht anklickbar"
            qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
            return widget
    raise AssertionError(f"Kein Knopf {button} in {dialog.objectName() or type(dialog).__name__}")


def answer_modal(qtbot, handler):
    """Like `when_modal`, but a failing check inside `handler` closes the dialog (so the blocking exec() returns
    and the test fails with that check instead of hanging). Returns the list that holds the dialog afterwards."""

    def guarded(dialog):
        try:
            handler(dialog)
        except BaseException:
            dialog.done(0)
            raise

    return when_modal(qtbot, guarded)


def ask_answers(monkeypatch, *answers):
    """Answer the next QMessageBox.question boxes with these buttons in turn (the last one repeats); returns
    the list of the questions' texts."""
    from PySide6.QtWidgets import QMessageBox

    asked = []
    queue = list(answers)

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return queue.pop(0) if len(queue) > 1 else queue[0]

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def click_tab(qtbot, tabs, text: str):
    """Click the tab called `text` of a QTabWidget or QTabBar."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTabWidget

    bar = tabs.tabBar() if isinstance(tabs, QTabWidget) else tabs
    index = next((i for i in range(bar.count()) if bar.tabText(i).replace("&", "") == text), None)
    assert index is not None, f"Kein Reiter „{text}“: {[bar.tabText(i) for i in range(bar.count())]}"
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert bar.currentIndex() == index


def pick_record(qtbot, picker, typed: str, label: str):
    """Type into a record search field and click the entry `label` in the list that drops down."""
    from PySide6.QtCore import Qt

    type_text(qtbot, picker, typed)
    from PySide6.QtWidgets import QCompleter

    popup = picker.findChild(QCompleter).popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    model = popup.model()
    rows = [model.index(r, 0) for r in range(model.rowCount())]
    match = next((i for i in rows if i.data() == label), None)
    assert match is not None, f"„{label}“ nicht in der Auswahl: {[i.data() for i in rows]}"
    popup.scrollTo(match)
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=popup.visualRect(match).center())


def edit_cell(qtbot, table, row: int, column: int, text: str):
    """Double-click a table cell, type `text` over its content and confirm with Enter."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    index = table.model().index(row, column)
    table.scrollTo(index)
    pos = table.visualRect(index).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)

    def editor():
        return next((e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()), None)

    qtbot.waitUntil(lambda: editor() is not None, timeout=2000)
    editor = editor()
    editor.selectAll()
    type_text(qtbot, editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: index.data() == text, timeout=2000)  # the view commits the editor's text queued


def leave_field(qtbot, field):
    """Leave a field with Tab, as a user does after typing (its editingFinished fires)."""
    from PySide6.QtCore import Qt

    window = field.window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=2000)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert not field.hasFocus()


def use_action(qtbot, window, name: str):
    """`trigger`, after bringing the window to the front (a closed dialog may have left no window active, and
    shortcuts only reach the active window)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    return trigger(qtbot, window, name)


def press_shortcut(qtbot, window, key, modifiers):
    """Press a key combination in the (activated) window."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window, key, modifiers)


def toggle_check(qtbot, table, row: int, column: int):
    """Tick or untick a check box in a table cell: click the cell, then the space bar, as with the keyboard."""
    from PySide6.QtCore import Qt

    index = table.model().index(row, column)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    assert table.currentIndex() == index
    qtbot.keyClick(table, Qt.Key.Key_Space)


def set_checked(qtbot, check, ticked: bool = True):
    """Click a check box on its box (a check box without text may be wider than its box) until it shows `ticked`."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QStyle, QStyleOptionButton

    assert check.isVisible() and check.isEnabled(), f"Kästchen {check.objectName()} ist nicht bedienbar"
    if check.isChecked() != ticked:
        option = QStyleOptionButton()
        check.initStyleOption(option)
        box = check.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, check)
        qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=box.center())
    assert check.isChecked() == ticked


def clear_field(qtbot, field):
    """Empty a text field as a user does: select everything (Strg+A) and delete it."""
    from PySide6.QtCore import Qt

    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    assert field.text() == ""

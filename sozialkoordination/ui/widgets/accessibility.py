"""Keyboard and screen-reader conventions applied in one place instead of in every view (BITV 2.0 / EN 301 549):
lists and tables are left with Tab (arrows move inside), plain-text fields pass Tab on, every input gets the name
of the label beside it (and that label becomes its buddy, so Alt+letter works), search fields are named after their
hint, and buttons with the same text in one window get names that say what they act on.

`watch_windows(app)` applies it to every window when it becomes active; `prepare(widget)` applies it at once."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QAccessible, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QBoxLayout,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QStackedWidget,
    QTabWidget,
    QTextEdit,
    QWidget,
)

PREPARED = "a11yPrepared"
INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit, QAbstractItemView)
MAX_LABEL = 60  # a label longer than this is a sentence of explanation, not the name of a field


def set_name(widget: QWidget, name: str, description: str = "") -> QWidget:
    """Give a widget the name a screen reader announces (and an optional longer description)."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
    return widget


def plain(text: str) -> str:
    """A label's text as a name: without the accelerator's "&", markup and a trailing colon."""
    text = re.sub(r"<[^>]+>", "", text or "")
    text = re.sub(r"&(?!&)", "", text).replace("&&", "&")
    return text.strip().rstrip(":").strip()


def accessible_name(widget: QWidget) -> str:
    """What assistive technology is told this widget is called (Qt's own answer: name, buddy label or text)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    name = interface.text(QAccessible.Text.Name) if interface is not None and interface.isValid() else ""
    return plain(name or widget.accessibleName())


def prepare(root: QWidget) -> None:
    """Apply the conventions to `root` and everything inside it (again safely: each widget only once)."""
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        _prepare_widget(widget)
    _distinguish_buttons(root.window())
    if isinstance(root.window(), QDialog):
        assign_accelerators(root.window())
        _widen_for_text(root.window())


_NORMAL_LINE = 16  # px of a line of the usual 9–10 pt text at 96 dpi: dialog widths in the code are made for it
WIDENED = "a11yWidened"


def _widen_for_text(dialog: QDialog) -> None:
    """Dialogs give their least or first size in pixels, made for the usual text size: with larger text (200 %) a
    field was left a few letters wide and the import wizard cut its labels. Those sizes grow with the text, as far
    as the screen allows; dialogs sized by their content (message boxes) already fit."""
    if dialog.property(WIDENED):
        return
    dialog.setProperty(WIDENED, True)
    factor = QFontMetrics(dialog.font()).height() / _NORMAL_LINE
    if factor <= 1.1:
        return
    screen = dialog.screen()
    room = screen.availableGeometry().size() * 0.95 if screen is not None else QSize(10**6, 10**6)
    if dialog.minimumWidth() > 0:
        dialog.setMinimumWidth(int(min(dialog.minimumWidth() * factor, room.width())))
    width, height = max(dialog.width(), dialog.minimumWidth()), dialog.height()
    if dialog.testAttribute(Qt.WidgetAttribute.WA_Resized):  # a size set in the code, not by the content
        width, height = int(min(width * factor, room.width())), int(min(height * factor, room.height()))
    width = min(max(width, dialog.width()), room.width())
    height = min(max(height, dialog.height()), room.height())
    if (width, height) != (dialog.width(), dialog.height()):
        dialog.resize(width, height)
        if screen is not None:  # grown where it stood, it could reach past the screen's edge: centre it again
            area = screen.availableGeometry()
            frame = dialog.frameGeometry()
            frame.moveCenter(area.center())
            dialog.move(max(frame.left(), area.left()), max(frame.top(), area.top()))


def _prepare_widget(widget: QWidget) -> None:
    if widget.property(PREPARED):
        return
    widget.setProperty(PREPARED, True)
    if isinstance(widget, QHeaderView):
        return
    if isinstance(widget, QTabWidget) and not widget.accessibleName():
        texts = [plain(widget.tabText(i)) for i in range(widget.count())]
        widget.setAccessibleName("Registerkarten: " + ", ".join(t for t in texts if t))
    if isinstance(widget, QAbstractItemView):
        widget.setTabKeyNavigation(False)  # Tab leaves the table; the arrow keys move inside it
    elif isinstance(widget, QPlainTextEdit | QTextEdit):
        widget.setTabChangesFocus(True)  # Tab moves on to the next field instead of typing a tab character …
        widget.installEventFilter(_tab_typist())  # … and Ctrl+Tab types one
    if isinstance(widget, INPUTS) and not _inside_other_input(widget) and not widget.accessibleName():
        _name_input(widget)
    elif isinstance(widget, QAbstractButton) and not plain(widget.text()) and not widget.accessibleName():
        _name_by_tooltip(widget)


class _TabTypist(QObject):
    """Ctrl+Tab types a tab character into a notes field, whose plain Tab moves on to the next field."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if (
            event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Tab
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            and isinstance(watched, QPlainTextEdit | QTextEdit)
            and not watched.isReadOnly()
        ):
            watched.insertPlainText("\t")
            return True
        return False


_TYPIST: _TabTypist | None = None


def _tab_typist() -> _TabTypist:
    global _TYPIST
    if _TYPIST is None:
        _TYPIST = _TabTypist()
    return _TYPIST


def _name_by_tooltip(button: QAbstractButton) -> None:
    """A check box in a grid (Montag vormittags) or an icon button: its tooltip says what it is."""
    if button.toolTip():
        button.setAccessibleName(plain(button.toolTip().split("\n")[0]))


def _inside_other_input(widget: QWidget) -> bool:
    """The line edit inside a combo box or spin box, the list of a combo box's popup: named by their owner."""
    if widget.objectName().startswith("qt_") or widget.window().windowType() == Qt.WindowType.Popup:
        return True  # Qt's own parts (the calendar's table) and popups (a completer's list)
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QAbstractSpinBox):
            return True
        if parent.isWindow():
            return isinstance(parent.parentWidget(), QComboBox)
        parent = parent.parentWidget()
    return False


def _name_input(widget: QWidget) -> None:
    label = _buddy_label(widget) or _label_before(widget) or _form_label(widget)
    if label is not None:
        if label.buddy() is None and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
            label.setBuddy(widget)  # Alt+letter of the label (where it has one) now reaches the field
        widget.setAccessibleName(plain(label.text()))
        return
    hint = widget.placeholderText() if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit) else ""
    if not hint and isinstance(widget, QComboBox) and widget.lineEdit() is not None:
        hint = widget.lineEdit().placeholderText()
    text = hint or widget.toolTip() or _group_title(widget)
    if text:
        widget.setAccessibleName(plain(text.split("\n")[0]))


def _buddy_label(widget: QWidget) -> QLabel | None:
    window = widget.window()
    for label in window.findChildren(QLabel):
        if label.buddy() is widget and plain(label.text()):
            return label
    return None


def _label_before(widget: QWidget) -> QLabel | None:
    """The short label just before the widget in its layout (a box or grid row, or a form's label column)."""
    parent = widget.parentWidget()
    if parent is None:
        return None
    layout = _layout_holding(parent.layout(), widget) if parent.layout() is not None else None
    if layout is None:
        return None
    if isinstance(layout, QFormLayout):
        label = layout.labelForField(widget)
        return label if isinstance(label, QLabel) and _is_short(label) else None
    if isinstance(layout, QGridLayout):
        index = layout.indexOf(widget)
        row, column, _rows, _columns = layout.getItemPosition(index)
        for c in range(column - 1, -1, -1):
            item = layout.itemAtPosition(row, c)
            found = item.widget() if item is not None else None
            if isinstance(found, QLabel):
                return found if _is_short(found) else None
            if found is not None:
                return None
        return None
    if isinstance(layout, QBoxLayout):
        index = layout.indexOf(widget)
        for i in range(index - 1, -1, -1):
            found = layout.itemAt(i).widget()
            if isinstance(found, QLabel):
                return found if _is_short(found) and found.buddy() in (None, widget) else None
            if found is not None:
                return None
    return None


def _form_label(widget: QWidget) -> QLabel | None:
    """The label of the form row whose field holds this widget in a row of its own (a date with its check box)."""
    parent = widget.parentWidget()
    root = parent.layout() if parent is not None else None
    holding = _layout_holding(root, widget) if root is not None else None
    path = _path_to(root, holding) if holding is not None else None
    if not path:
        return None
    inner: QLayout | QWidget = widget
    for layout in reversed(path):
        if isinstance(layout, QFormLayout):
            row, _role = (
                layout.getWidgetPosition(inner) if isinstance(inner, QWidget) else layout.getLayoutPosition(inner)
            )
            item = layout.itemAt(row, QFormLayout.ItemRole.LabelRole) if row >= 0 else None
            label = item.widget() if item is not None else None
            return label if isinstance(label, QLabel) and _is_short(label) else None
        inner = layout
    return None


def _layout_holding(layout: QLayout, widget: QWidget) -> QLayout | None:
    if layout.indexOf(widget) >= 0:
        return layout
    for i in range(layout.count()):
        child = layout.itemAt(i).layout()
        if child is not None:
            found = _layout_holding(child, widget)
            if found is not None:
                return found
    return None


def _is_short(label: QLabel) -> bool:
    text = plain(label.text())
    return bool(text) and len(text) <= MAX_LABEL


def _group_title(widget: QWidget) -> str:
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QGroupBox) and parent.title():
            return parent.title()
        parent = parent.parentWidget()
    return ""


# -- Alt+letter for the labels of a form -------------------------------------------------------------------------------
_MNEMONIC = re.compile(r"&([^&\s])")


def assign_accelerators(window: QWidget) -> None:
    """Each field label of a dialog gets an Alt+letter that leads to its field (as KDE's accelerator manager does):
    the first letter of the label not yet taken by a button or another label of the same window."""
    taken = set()
    for widget in window.findChildren(QAbstractButton) + window.findChildren(QLabel):
        taken.update(m.group(1).lower() for m in _MNEMONIC.finditer(widget.text()))
    for label in window.findChildren(QLabel):
        text = label.text()
        if label.buddy() is None or "&" in text or "<" in text or not text.strip():
            continue
        _lead_into(label.buddy())
        for position, char in enumerate(text):
            if char.isalpha() and char.isascii() and char.lower() not in taken:
                taken.add(char.lower())
                label.setText(f"{text[:position]}&{text[position:]}")
                break


def _lead_into(buddy: QWidget) -> None:
    """A label's field that is a row of widgets (a chosen person beside its search field) takes no focus itself:
    Alt+letter would do nothing. Its first field that takes the focus stands in for it (click focus keeps the row
    itself out of the Tab chain)."""
    if buddy.focusPolicy() != Qt.FocusPolicy.NoFocus:
        return
    proxy = buddy.focusProxy() or next(
        (
            child
            for child in buddy.findChildren(QWidget)
            if child.focusPolicy() & Qt.FocusPolicy.TabFocus and not child.isHidden() and not child.isWindow()
        ),
        None,
    )
    if proxy is not None:
        # The policy first, then the proxy: Qt passes a policy set later on to the proxy, and the first check box
        # of a row of life phases fell out of the Tab chain (found by the audit).
        buddy.setFocusProxy(None)
        buddy.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        buddy.setFocusProxy(proxy)


# -- buttons with the same text ---------------------------------------------------------------------------------------
def _distinguish_buttons(window: QWidget) -> None:
    """ "Bearbeiten …" under the networks and "Bearbeiten …" under the members are two different things: where
    buttons of one window share a text, each is named after what it acts on (its group, tab, card or area)."""
    by_name: dict[str, list[QAbstractButton]] = {}
    for button in window.findChildren(QAbstractButton):
        if button.window() is not window or button.objectName().startswith("qt_"):
            continue
        if button.property("a11yDistinguished") or button.accessibleName():
            continue
        name = plain(button.text())
        if name:
            by_name.setdefault(name, []).append(button)
    for name, buttons in by_name.items():
        if len(buttons) < 2:
            continue
        for button in buttons:
            context = _context(button)
            if context:
                button.setAccessibleName(f"{name} ({context})")
                button.setProperty("a11yDistinguished", True)


def _context(widget: QWidget) -> str:
    """What a widget belongs to: its form row, its table, its group box, its card's heading, its tab or its area."""
    label = _form_label(widget)
    if label is not None:
        return plain(label.text())
    for neighbour in _neighbours(widget):
        if isinstance(neighbour, QAbstractItemView) and neighbour.accessibleName():
            return neighbour.accessibleName()
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QGroupBox) and parent.title():
            return plain(parent.title())
        if parent.objectName() == "card":
            heading = parent.findChild(QLabel)
            if heading is not None and plain(heading.text()):
                return plain(heading.text())
        holder = parent.parentWidget()
        if isinstance(holder, QStackedWidget) and isinstance(holder.parentWidget(), QTabWidget):
            tabs = holder.parentWidget()
            return plain(tabs.tabText(tabs.indexOf(parent)))
        area = parent.property("areaTitle")
        if area:
            return str(area)
        parent = holder
    return ""


def _neighbours(widget: QWidget) -> list[QWidget]:
    """The widgets laid out in the same layout as this one, nearest first (a button row under its table)."""
    parent = widget.parentWidget()
    if parent is None or parent.layout() is None:
        return []
    root = parent.layout()
    holding = _layout_holding(root, widget)
    if holding is None:
        return []
    chain = _path_to(root, holding) or [root]
    found: list[QWidget] = []
    for layout in reversed(chain):  # from the innermost layout outwards
        for i in range(layout.count()):
            w = layout.itemAt(i).widget()
            if w is not None and w is not widget:
                found.append(w)
    return found


def _path_to(layout: QLayout, target: QLayout) -> list[QLayout] | None:
    if layout is target:
        return [layout]
    for i in range(layout.count()):
        child = layout.itemAt(i).layout()
        if child is not None:
            path = _path_to(child, target)
            if path is not None:
                return [layout, *path]
    return None


# -- every window, when it is shown ---------------------------------------------------------------------------------
_window_hooks: list[Callable[[QWidget], None]] = []


def add_window_hook(hook: Callable[[QWidget], None]) -> None:
    """`hook(dialog)` runs whenever a dialog becomes the active window (the help adds its F1 there)."""
    if hook not in _window_hooks:
        _window_hooks.append(hook)


class _WindowWatcher(QObject):
    """Prepares a dialog or main window each time it becomes the active window (areas are prepared when they are
    built, see tables.remember_area) – so names are in place before a screen reader asks for them. A signal, not an
    application-wide event filter: a Python filter would run for every event of the program (measured: about
    twice the cost of each event)."""

    def __init__(self, app: QApplication):
        super().__init__(app)
        self.setObjectName("accessibilityWatcher")
        app.focusWindowChanged.connect(self._window_activated)

    def _window_activated(self, _window) -> None:
        widget = QApplication.activeWindow()
        if isinstance(widget, QDialog | QMainWindow):
            prepare(widget)
            if isinstance(widget, QDialog):
                for hook in list(_window_hooks):
                    hook(widget)


def watch_windows(app: QApplication) -> None:
    if app.findChild(_WindowWatcher, "accessibilityWatcher") is None:
        _WindowWatcher(app)

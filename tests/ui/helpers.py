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

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

"""The organisation form asks about a postcode of four digits instead of padding it, and stores phone numbers in
the DIN 5008 grouping; driven through the real widgets."""

from PySide6.QtWidgets import QLabel

from sozialkoordination.actors.service import ActorFilter
from tests.ui.helpers import answer_modal, choose_area, click, leave_field, replace_text, type_text, use_action


def test_four_digit_postcode_is_asked_about_and_not_saved_until_complete(window, context, qtbot):
    seen = {}

    def fill(dialog):
        type_text(qtbot, dialog.name, "Stadtteilzentrum Grone")
        type_text(qtbot, dialog.address.postcode, "3707")
        type_text(qtbot, dialog.address.city, "Göttingen")
        leave_field(qtbot, dialog.address.postcode)
        question = dialog.findChild(QLabel, "postcodeQuestion")
        seen["question"] = (question.isVisibleTo(dialog), question.text())
        type_text(qtbot, dialog.phone, "0551123456")
        click(qtbot, dialog, "saveButton")  # refused: the form stays open and says why
        seen["error"] = dialog.error_label.text()
        seen["open"] = dialog.isVisible()
        replace_text(qtbot, dialog.address.postcode, "37079")
        leave_field(qtbot, dialog.address.postcode)
        seen["after"] = question.isVisibleTo(dialog)
        click(qtbot, dialog, "saveButton")

    choose_area(qtbot, window, "actors")
    shown = answer_modal(qtbot, fill)
    use_action(qtbot, window, "newOrganisationAction")
    assert shown and not shown[0].isVisible()

    visible, text = seen["question"]
    assert visible and text.startswith("Die PLZ „3707“ hat nur vier Ziffern.")
    assert "„03707“ gemeint (Sachsen, Thüringen)?" in text
    assert seen["open"] and "Bitte vollständig eingeben." in seen["error"]
    assert seen["after"] is False
    rows = context.actors.rows(ActorFilter(text="Grone"))
    stored = context.actors.get_organisation(rows[0].id)
    assert (stored.postcode, stored.phone) == ("37079", "0551 123456")  # never "03707"; DIN 5008
    assert rows[0].values[5] == "Stadt Göttingen"

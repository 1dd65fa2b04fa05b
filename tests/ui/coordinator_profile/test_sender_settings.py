"""The sender of letters and documents, set once in Datei → Einstellungen and stored with the data."""

import io

import docx

from sozialkoordination.networks.dto import NetworkData
from tests.ui.helpers import answer_modal, click, replace_text, use_action
from tests.unit.meetings.test_sent_documents import PNG


def fill(qtbot, dialog, **values) -> None:
    for name, text in values.items():
        replace_text(qtbot, dialog.sender_edits[name], text)


def test_sender_profile_with_logo_and_own_template(window, qtbot, context, tmp_path, open_file):
    logo = tmp_path / "wappen.png"
    logo.write_bytes(PNG)
    template = tmp_path / "Briefkopf.docx"
    letterhead = docx.Document()
    letterhead.sections[0].header.paragraphs[0].text = "Briefkopf"
    letterhead.save(template)
    open_file(logo, template)

    def answer(dialog):
        assert dialog.sender_box.isVisible()
        assert dialog.sender_edits["dienststelle"].text() == "Landkreis Göttingen"  # the default
        assert dialog.sender_edits["contact"].text() == "Anna Beispiel"  # proposed: the coordinator's name
        assert dialog.logo_label.text() == "– kein Logo –" and not dialog.logo_remove.isEnabled()
        fill(
            qtbot,
            dialog,
            fachbereich="Fachbereich Soziales",
            street="Reinhäuser Landstraße 4",
            postcode="37083",
            city="Göttingen",
            phone="0551 525-1234",
            email="koordination@landkreisgoettingen.de",
        )
        click(qtbot, dialog, "logoButton")
        click(qtbot, dialog, "templateButton")
        assert dialog.logo_label.text() == "wappen.png" and dialog.template_label.text() == "Briefkopf.docx"
        click(qtbot, dialog, "okButton")

    shown = answer_modal(qtbot, answer)
    use_action(qtbot, window, "settingsAction")
    assert shown and not shown[0].isVisible()
    assert open_file.done()
    sender = context.profile.sender()
    assert (sender.fachbereich, sender.street, sender.postcode, sender.city) == (
        "Fachbereich Soziales",
        "Reinhäuser Landstraße 4",
        "37083",
        "Göttingen",
    )
    assert sender.email == "koordination@landkreisgoettingen.de" and sender.contact == "Anna Beispiel"
    assert sender.logo == PNG and sender.logo_name == "wappen.png"
    assert docx.Document(io.BytesIO(sender.template)).sections[0].header.paragraphs[0].text == "Briefkopf"
    assert sender.missing == []

    def remove_logo(dialog):
        assert dialog.sender_edits["phone"].text() == "0551 525-1234"  # shown again as stored
        click(qtbot, dialog, "logoRemoveButton")
        click(qtbot, dialog, "okButton")

    answer_modal(qtbot, remove_logo)
    use_action(qtbot, window, "settingsAction")
    assert context.profile.sender().logo is None and context.profile.sender().template is not None


def test_bad_sender_input_is_explained_and_not_stored(window, qtbot, context, tmp_path, open_file):
    not_a_template = tmp_path / "vorlage.docx"
    not_a_template.write_text("kein Word")
    open_file(not_a_template)
    messages = []

    def answer(dialog):
        fill(qtbot, dialog, email="koordination(at)landkreis", postcode="3708")
        click(qtbot, dialog, "templateButton")
        click(qtbot, dialog, "okButton")
        assert dialog.isVisible()  # stays open, says what is wrong
        messages.append(dialog.error_label.text())
        click(qtbot, dialog, "cancelButton")

    answer_modal(qtbot, answer)
    use_action(qtbot, window, "settingsAction")
    assert "keine gültige E-Mail-Adresse" in messages[0]
    assert "nicht fünf Ziffern" in messages[0]
    assert "keine Word-Vorlage" in messages[0]
    sender = context.profile.sender()
    assert sender.email is None and sender.postcode is None and sender.template is None


def test_template_with_placeholders_is_checked_when_chosen(window, qtbot, context, tmp_path, open_file):
    faulty, good = tmp_path / "Falsch.docx", tmp_path / "Vorlage.docx"
    for path, text in ((faulty, "{{ absender }}"), (good, "{{ dienststelle }} · {{ telefon }}")):
        template = docx.Document()
        template.sections[0].header.paragraphs[0].text = text
        template.add_paragraph("{{ inhalt }}")
        template.save(path)
    open_file(faulty, good)
    messages = []

    def answer(dialog):
        assert "{{ dienststelle }}" in dialog.template_button.toolTip()
        click(qtbot, dialog, "templateButton")
        click(qtbot, dialog, "okButton")
        assert dialog.isVisible()
        messages.append(dialog.error_label.text())
        click(qtbot, dialog, "templateButton")
        fill(qtbot, dialog, phone="0551 525-1234")
        click(qtbot, dialog, "okButton")

    answer_modal(qtbot, answer)
    use_action(qtbot, window, "settingsAction")
    assert "unbekannte Platzhalter: {{ absender }}" in messages[0]
    sender = context.profile.sender()
    assert sender.template_name == "Vorlage.docx"
    agenda = tmp_path / "netz.docx"
    network = context.networks.save(NetworkData(name="AK Frühe Hilfen", sozialregion_id=context.areas.regions()[0].id))
    context.networks.export_members(network, agenda)
    assert docx.Document(agenda).sections[0].header.paragraphs[0].text == "Landkreis Göttingen · 0551 525-1234"


def test_standard_template_saved_from_the_settings_and_chosen_again(
    window, qtbot, context, tmp_path, save_as, open_file, message_boxes
):
    target = tmp_path / "Meine Vorlage.docx"
    save_as(target)
    open_file(target)

    def answer(dialog):
        click(qtbot, dialog, "templateSampleButton")  # saved where the user chose …
        click(qtbot, dialog, "templateButton")  # … and chosen again as the own template
        assert dialog.template_label.text() == "Meine Vorlage.docx"
        click(qtbot, dialog, "okButton")

    answer_modal(qtbot, answer)
    use_action(qtbot, window, "settingsAction")
    assert save_as.done() and open_file.done()
    assert any("Die Standardvorlage ist gespeichert" in text for text in message_boxes)
    header = docx.Document(target).sections[0].header.paragraphs[0].text
    assert header == "{{ kopfzeile }}"
    assert context.profile.sender().template == target.read_bytes()

"""The Präventionskette as a page of the Sozialraumprofil: per life phase the offers, the Gemeinden without one and
where high need meets no offer, read back from the Word file."""

from __future__ import annotations

import docx

from sozialkoordination.sozialraumprofil.service import ProfileReportService
from tests.unit.offers.scenario import GIEBOLDEHAUSEN, build


def test_profile_of_a_sozialraum_has_the_praeventionskette(context, tmp_path):
    build(context)
    area = context.indicators.area_tree().raeume[GIEBOLDEHAUSEN]
    target = tmp_path / "profil.docx"
    ProfileReportService.from_context(context).write(area, target)
    document = docx.Document(target)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Präventionskette" in headings
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Lebensphase")
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table.rows[1:]}
    assert rows["0–3 Jahre"][:2] == ["2", "2"]  # in the Sozialraum, and in the whole Landkreis beside it
    assert "Rhumspringe" in rows["0–3 Jahre"][2] and "Bilshausen" not in rows["0–3 Jahre"][2]
    assert rows["0–3 Jahre"][3] == "Rhumspringe, Wollbrandshausen"
    assert rows["Familie/Eltern"][2:] == ["–", "–"]  # the counselling reaches the whole Sozialraum

"""Datenpaket, merging: conflicts decided field by field, and organisations/persons both sides imported from the
same partner list offered for merge instead of doubled."""

from __future__ import annotations

import pytest

from sozialkoordination.services.exchange import ConflictsPending
from tests.unit.test_exchange import PASSWORD, laptop, send  # noqa: F401 - laptop is a fixture

FZ = "Familienzentrum Regenbogen"


def edit_org(ctx, name: str, **fields) -> None:
    data = ctx.actors.get_organisation(ctx.actors.organisation_choices(name)[0][0])
    for key, value in fields.items():
        setattr(data, key, value)
    ctx.actors.save_organisation(data)


def org(ctx, name: str):
    return ctx.actors.get_organisation(ctx.actors.organisation_choices(name)[0][0])


def test_decisions_per_field_are_enough_and_each_field_gets_its_side(laptop, databases, tmp_path):  # noqa: F811
    office = databases("geschaeftsstelle")
    send(laptop, office, tmp_path, "erstes")
    edit_org(office, FZ, phone="0551 525-0", email="gs@fz.example")
    edit_org(laptop, FZ, phone="05594 9999", email="hier@fz.example")
    path = tmp_path / "zurueck.sozdp"
    office.exchange.export_package("Anna", path, PASSWORD)
    with pytest.raises(ConflictsPending) as pending:
        laptop.exchange.import_package(path, PASSWORD)
    (conflict,) = pending.value.conflicts
    assert conflict.per_field and [f.field for f in conflict.fields] == ["phone", "email"]
    with pytest.raises(ConflictsPending):  # one field decided is not enough
        laptop.exchange.import_package(path, PASSWORD, decisions={f"{conflict.uuid}:phone": "dein"})

    decisions = {f"{conflict.uuid}:phone": "dein", f"{conflict.uuid}:email": "mein"}
    result = laptop.exchange.import_package(path, PASSWORD, decisions=decisions)
    assert (result.kept_mine, result.took_theirs) == (1, 1)
    fz = org(laptop, FZ)
    assert (fz.phone, fz.email) == ("0551 525-0", "hier@fz.example")

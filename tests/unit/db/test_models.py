"""Helpers of the model base."""

import uuid

from sozialkoordination.models.base import new_uuids


def test_new_uuids_are_distinct_random_version_4_uuids():
    values = new_uuids(5000)
    assert len(set(values)) == 5000
    parsed = [uuid.UUID(v) for v in values]
    assert {u.version for u in parsed} == {4}
    assert {u.variant for u in parsed} == {uuid.RFC_4122}
    assert [str(u) for u in parsed] == values  # canonical lower-case form, as str(uuid4()) writes it
    assert new_uuids(0) == []

"""Look-alike names compare equal (the impostor warning must not be dodged by a letter)."""

from __future__ import annotations

import pytest

from readiness.name_skeleton import skeleton


@pytest.mark.parametrize("claimed", ["J\u0430ne Doe", "\uff2aane Doe", "Ja\u200dne Doe",
                                     "Jane Doe\u200b", "  jane   DOE ", "J\u0430n\u0435 D\u043ee"])
def test_look_alikes_share_a_skeleton(claimed: str) -> None:
    assert skeleton(claimed) == skeleton("Jane Doe")


def test_different_names_stay_different() -> None:
    assert skeleton("Jane Doe") != skeleton("Joan Doe")
    assert skeleton("Zoë Ó Briain") == skeleton("Zoë Ó Briain")

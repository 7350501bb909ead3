"""The swapped-coordinates heuristics on their own: against the file and against China."""

import numpy as np

from geo.swapped import swapped_reasons


def flagged(centres: list[list[float]] | np.ndarray) -> list[int]:
    return [i for i, reason in enumerate(swapped_reasons(np.asarray(centres))) if reason]


def test_one_swapped_village_among_hundreds_is_found():
    rng = np.random.default_rng(7)
    centres = np.column_stack([rng.uniform(91.0, 92.5, 600), rng.uniform(31.5, 33.0, 600)])
    centres[123] = centres[123, ::-1]
    assert flagged(centres) == [123]


def test_a_province_wide_file_of_genuine_features_raises_nothing():
    rng = np.random.default_rng(8)  # all of Tibet and Qinghai: lon 78-103, lat 27-39
    centres = np.column_stack([rng.uniform(78, 103, 120), rng.uniform(27, 39, 120)])
    assert flagged(centres) == []


def test_in_a_file_of_two_only_the_one_outside_china_is_swapped():
    assert flagged([[91.70, 32.26], [32.26, 91.70]]) == [1]


def test_a_file_where_every_feature_is_swapped_is_caught_by_the_china_rule():
    assert flagged([[32.26, 81.70], [32.30, 81.75], [32.20, 81.72]]) == [0, 1, 2]


def test_a_genuine_file_far_from_china_raises_nothing():
    assert flagged([[8.5, 47.3], [8.6, 47.4], [8.55, 47.35]]) == []  # Zürich

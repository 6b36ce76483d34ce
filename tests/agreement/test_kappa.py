"""Our coefficients reproduce the published worked examples and the reference libraries."""

from __future__ import annotations

import math

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

from annotator.core.kappa import (
    cohen_kappa,
    confusion,
    fleiss_kappa,
    krippendorff_alpha_nominal,
    value_counts,
)

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
# 4 observers x 12 units, nominal values 1..5, blanks missing.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]

# Fleiss (1971) as on Wikipedia's "Fleiss' kappa": 10 subjects x 5 categories, 14 raters each.
FLEISS_1971 = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def test_krippendorff_2011_worked_example() -> None:
    codes = [[-1 if v is None else v - 1 for v in row] for row in KRIPPENDORFF_2011]
    alpha = krippendorff_alpha_nominal(value_counts(codes, 5))
    assert round(alpha, 3) == 0.743
    reference = [[np.nan if v is None else v for v in row] for row in KRIPPENDORFF_2011]
    assert alpha == pytest.approx(krippendorff.alpha(reference, level_of_measurement="nominal"))


def test_fleiss_1971_worked_example() -> None:
    kappa = fleiss_kappa(FLEISS_1971)
    assert round(kappa, 3) == 0.210
    assert kappa == pytest.approx(sm_fleiss_kappa(np.array(FLEISS_1971)))


def test_cohen_two_by_two_worked_example() -> None:
    assert cohen_kappa([[20, 5], [10, 15]]) == pytest.approx(0.40)


def _same(ours: float, theirs: float) -> bool:
    """Equal figures, or both undefined (NaN)."""
    return (math.isnan(ours) and math.isnan(theirs)) or ours == pytest.approx(theirs)


def _codes(raters: int, units: int, categories: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, categories, units)
    noise = rng.integers(0, categories, (raters, units))
    # Mostly agreeing raters, like real annotators, so the figures are far from 0.
    return np.where(rng.random((raters, units)) < 0.7, truth, noise)


@settings(max_examples=40, deadline=None)
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@given(st.integers(0, 10_000), st.integers(2, 6), st.integers(5, 200))
def test_cohen_equals_scikit_learn(seed: int, categories: int, units: int) -> None:
    a, b = _codes(2, units, categories, seed)
    ours, theirs = cohen_kappa(confusion(a, b, categories)), cohen_kappa_score(a, b)
    assert _same(ours, theirs)


@settings(max_examples=40, deadline=None)
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@given(st.integers(0, 10_000), st.integers(2, 8), st.integers(2, 6), st.integers(5, 200))
def test_fleiss_equals_statsmodels(seed: int, raters: int, categories: int, units: int) -> None:
    table = value_counts(_codes(raters, units, categories, seed), categories)
    ours, theirs = fleiss_kappa(table), sm_fleiss_kappa(table)
    assert _same(ours, theirs)


@settings(max_examples=40, deadline=None)
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@given(st.integers(0, 10_000), st.integers(2, 6), st.integers(2, 6), st.integers(5, 200))
def test_krippendorff_equals_the_library_with_missing_values(
    seed: int, raters: int, categories: int, units: int
) -> None:
    codes = _codes(raters, units, categories, seed)
    rng = np.random.default_rng(seed + 1)
    codes = np.where(rng.random(codes.shape) < 0.2, -1, codes)
    table = value_counts(codes, categories)
    if (table.sum(axis=1) >= 2).sum() == 0 or len(np.unique(codes[codes >= 0])) < 2:
        return  # the library refuses data with a single value or no pairable unit
    reference = np.where(codes < 0, np.nan, codes.astype(float))
    theirs = krippendorff.alpha(reference, level_of_measurement="nominal")
    assert _same(krippendorff_alpha_nominal(table), theirs)


def test_undefined_figures_are_nan() -> None:
    assert math.isnan(cohen_kappa([[5, 0], [0, 0]]))
    assert math.isnan(fleiss_kappa([[3, 0], [3, 0]]))
    assert math.isnan(krippendorff_alpha_nominal([[3, 0], [2, 0]]))
    assert math.isnan(krippendorff_alpha_nominal([[1, 0], [0, 1]]))  # nothing pairable

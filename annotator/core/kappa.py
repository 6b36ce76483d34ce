"""Chance-corrected agreement coefficients: Cohen's kappa, Fleiss' kappa, Krippendorff's alpha.

Pure numpy over count tables, so that a million tokens take milliseconds. The
tests check each against its published worked example and against the
reference libraries (scikit-learn, statsmodels, krippendorff) on random data.
A coefficient whose expected disagreement is zero (everyone always used one
category) is undefined: these functions return NaN, as the libraries do.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]


def cohen_kappa(confusion: Any) -> float:
    """Cohen's kappa from a square table: rows rater 1's categories, columns rater 2's."""
    table = np.asarray(confusion, dtype=float)
    n = table.sum()
    if n == 0:
        return float("nan")
    observed = np.trace(table) / n
    expected = float(table.sum(axis=1) @ table.sum(axis=0)) / (n * n)
    return _chance_corrected(observed, expected)


def confusion(a: Sequence[int] | IntArray, b: Sequence[int] | IntArray, categories: int) -> IntArray:
    """The categories x categories table of two raters' codes (0..categories-1), pairwise."""
    x, y = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    return np.bincount(x * categories + y, minlength=categories * categories).reshape(categories, categories)


def fleiss_kappa(table: Any) -> float:
    """Fleiss' kappa from a subjects x categories table of how many raters chose each.

    Subjects may have different numbers of raters (missing raters left out): each
    subject's agreement is over its own pairs of raters, category shares over all
    ratings; with equal numbers this is exactly Fleiss (1971). Subjects with fewer
    than two ratings carry no agreement and are dropped.
    """
    counts = np.asarray(table, dtype=float)
    raters = counts.sum(axis=1)
    keep = raters >= 2
    counts, raters = counts[keep], raters[keep]
    if not len(counts):
        return float("nan")
    per_subject = ((counts * counts).sum(axis=1) - raters) / (raters * (raters - 1))
    observed = float(per_subject.mean())
    shares = counts.sum(axis=0) / raters.sum()
    expected = float((shares * shares).sum())
    return _chance_corrected(observed, expected)


def krippendorff_alpha_nominal(table: Any) -> float:
    """Krippendorff's alpha (nominal) from a units x categories table of value counts.

    Missing values are simply not counted; units with fewer than two values are
    not pairable and left out (Krippendorff 2011, coincidence matrix form).
    """
    counts = np.asarray(table, dtype=float)
    values = counts.sum(axis=1)
    keep = values >= 2
    counts, values = counts[keep], values[keep]
    n = values.sum()
    if n == 0:
        return float("nan")
    # Diagonal of the coincidence matrix: sum over units of n_uc (n_uc - 1) / (m_u - 1).
    agree = float((((counts * counts).sum(axis=1) - values) / (values - 1)).sum())
    totals = counts.sum(axis=0)  # n_c, the coincidence matrix's marginals
    expected = n * n - float((totals * totals).sum())
    if expected == 0:
        return float("nan")
    return 1.0 - (n - 1) * (n - agree) / expected


def value_counts(codes: Any, categories: int) -> IntArray:
    """A raters x units array of codes (negative = missing) as a units x categories count table."""
    data = np.asarray(codes, dtype=np.int64)
    if data.ndim != 2:
        raise ValueError("codes must be a raters x units array")
    units = data.shape[1]
    table = np.zeros((units, categories), dtype=np.int64)
    columns = np.arange(units)
    for row in data:
        present = row >= 0
        # Each rater gives at most one value per unit, so no index repeats within a row.
        table[columns[present], row[present]] += 1
    return table


def _chance_corrected(observed: float, expected: float) -> float:
    if expected >= 1.0:
        return float("nan")
    return (observed - expected) / (1.0 - expected)

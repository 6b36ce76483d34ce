"""Agreement over articles: span and relation F1 by hand, token kappas equal the libraries'."""

from __future__ import annotations

import random
import re

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

from annotator.core.agreement import NO_LABEL, Unit, measure, token_labels, tokens
from annotator.core.model import AnnotationSet, Relation, Span

LABELS = ("PERSON", "ROLE", "QUOTE", "CUE")
TEXT = "Press Secretary Sarah Sanders said the plan was not real, officials said."


def test_tokens_and_innermost_label() -> None:
    starts, ends = tokens("Sen. Cotton's focus")
    assert [("Sen. Cotton's focus")[s:e] for s, e in zip(starts, ends, strict=True)] == [
        "Sen",
        ".",
        "Cotton",
        "'",
        "s",
        "focus",
    ]
    codes = {"QUOTE": 1, "PERSON": 2}
    spans = [Span(0, 19, "QUOTE"), Span(5, 11, "PERSON")]
    assert token_labels(starts, ends, spans, codes).tolist() == [1, 1, 2, 1, 1, 1]
    # A span that cuts a token still labels it.
    assert token_labels(starts, ends, [Span(6, 8, "PERSON")], codes).tolist() == [0, 0, 2, 0, 0, 0]


def test_span_and_relation_f1_by_hand() -> None:
    role, person, cue = Span(0, 15, "ROLE"), Span(16, 29, "PERSON"), Span(30, 34, "CUE")
    a = AnnotationSet("a", (role, person, cue), (Relation("ROLE_OF", role, person),), done=True)
    short = Span(22, 29, "PERSON")  # "Sanders": overlaps, not exact
    b = AnnotationSet("b", (role, short), (Relation("ROLE_OF", role, short),), done=True)
    report = measure([Unit(1, TEXT, {"a": a, "b": b})], ["a", "b"], LABELS)
    pair = ("a", "b")
    assert report.pair_f1(pair, "exact", "ROLE") == 1.0
    assert report.pair_f1(pair, "exact", "PERSON") == 0.0
    assert report.pair_f1(pair, "overlap", "PERSON") == 1.0
    assert report.pair_f1(pair, "exact", "CUE") == 0.0
    # exact: 1 match of 3 and 2 spans -> 2*1/5; overlap: 2 matches -> 4/5
    assert report.pair_f1(pair, "exact") == pytest.approx(0.4)
    assert report.pair_f1(pair, "overlap") == pytest.approx(0.8)
    assert report.pair_f1(pair, "exact", "ROLE_OF", relations=True) == 0.0
    assert report.pair_f1(pair, "overlap", "ROLE_OF", relations=True) == 1.0
    [article] = report.per_article
    assert article.span_f1["exact"] == pytest.approx(0.4)
    data = report.as_dict()
    assert data["spans"]["overlap"]["pairs"]["a|b"]["PERSON"]["f1"] == 1.0  # type: ignore[index]
    # Tokens: "Sarah" is PERSON for a, no label for b; "said" CUE for a only.
    cats = report.categories
    assert cats[0] == NO_LABEL
    conf = np.array(report.confusion)
    assert (conf == conf.T).all()
    assert conf[cats.index("PERSON"), 0] == 1  # "Sarah"
    assert conf[cats.index("CUE"), 0] == 1


def _random_units(seed: int, annotators: int, articles: int, missing: float) -> list[Unit]:
    rng = random.Random(seed)
    words = "the minister said that officials denied reports , according to Smith ".split()
    units = []
    for n in range(articles):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(20, 60)))
        base = _random_spans(rng, text)
        sets = {}
        for i in range(annotators):
            if i > 1 and rng.random() < missing:
                continue  # this annotator did not mark the article done
            spans = [s for s in base if rng.random() < 0.8] + _random_spans(rng, text)[:2]
            sets[f"ann{i}"] = AnnotationSet(f"ann{i}", tuple(spans), done=True)
        units.append(Unit(n, text, sets))
    return units


def _random_spans(rng: random.Random, text: str) -> list[Span]:
    spans = []
    for _ in range(rng.randint(0, 6)):
        start = rng.randrange(len(text) - 1)
        end = min(len(text), start + rng.randint(1, 30))
        spans.append(Span(start, end, rng.choice(LABELS)))
    return spans


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_token_figures_equal_the_libraries(seed: int) -> None:
    names = ["ann0", "ann1", "ann2"]
    units = _random_units(seed, 3, 15, missing=0.0)
    report = measure(units, names, LABELS)
    codes = {label: i + 1 for i, label in enumerate(LABELS)}
    rows = []
    for unit in units:
        starts, ends = tokens(unit.text)
        rows.append([token_labels(starts, ends, unit.sets[n].spans, codes) for n in names])
    data = np.concatenate([np.array(r) for r in rows], axis=1)
    assert report.tokens == data.shape[1]
    for i, j in [(0, 1), (0, 2), (1, 2)]:
        assert report.cohen[(names[i], names[j])] == pytest.approx(cohen_kappa_score(data[i], data[j]))
    table = np.stack([(data == c).sum(axis=0) for c in range(len(LABELS) + 1)], axis=1)
    assert report.fleiss == pytest.approx(sm_fleiss_kappa(table))
    assert report.alpha == pytest.approx(
        krippendorff.alpha(data.astype(float), level_of_measurement="nominal", value_domain=range(5))
    )


def test_missing_annotators_are_left_out_not_counted_as_no_label() -> None:
    names = ["ann0", "ann1", "ann2"]
    units = _random_units(7, 3, 20, missing=0.5)
    assert any(len(u.sets) == 2 for u in units)
    report = measure(units, names, LABELS)
    codes = {label: i + 1 for i, label in enumerate(LABELS)}
    columns = []
    for unit in units:
        starts, ends = tokens(unit.text)
        block = np.full((3, len(starts)), np.nan)
        for i, n in enumerate(names):
            if n in unit.sets:
                block[i] = token_labels(starts, ends, unit.sets[n].spans, codes)
        columns.append(block)
    data = np.concatenate(columns, axis=1)
    assert report.alpha == pytest.approx(krippendorff.alpha(data, level_of_measurement="nominal"))
    both = ~np.isnan(data[0]) & ~np.isnan(data[2])
    assert report.cohen[("ann0", "ann2")] == pytest.approx(cohen_kappa_score(data[0][both], data[2][both]))


NEWSY = "ab_1 \n\t.,'’“”—éßж٣\u0301\u00a0\u2003-"


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab_1 \n\t.,'’“”—éßж٣\u0301\u00a0\u2003-"), max_size=60)
    | st.text(max_size=40)
)
def test_vectorised_tokens_equal_the_regex(text: str) -> None:
    starts, ends = tokens(text)
    expected = [m.span() for m in re.finditer(r"\w+|[^\w\s]", text)]
    assert list(zip(starts.tolist(), ends.tolist(), strict=True)) == expected

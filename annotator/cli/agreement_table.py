"""The agreement report as readable tables."""

from __future__ import annotations

import math

from annotator.core.agreement import MODES, AgreementReport


def _f(x: float) -> str:
    return f"{'-':>7}" if math.isnan(x) else f"{x:7.3f}"


def agreement_table(report: AgreementReport, lowest: int = 10) -> str:
    """Mean pairwise F1 per label, per pair, token kappas, the least agreed articles."""
    pairs = report.pairs
    names = [f"{a}~{b}" for a, b in pairs]
    width = max([12, *(len(n) for n in names)])
    lines = [
        f"{report.articles} articles compared, {report.tokens} tokens; annotators: "
        + ", ".join(report.annotators),
        "",
    ]
    for title, relations in (
        ("Spans: pairwise F1", False),
        ("Relations (both ends match): pairwise F1", True),
    ):
        lines += [title, f"{'label':14} {'exact':>7} {'overlap':>7}   per pair (exact / overlap)"]
        for label in [*report.labels_seen(relations), None]:
            name = label or "micro"
            mean = " ".join(_f(report.mean_f1(m, label, relations)) for m in MODES)
            per = "  ".join(
                f"{n}: {'/'.join(_f(report.pair_f1(p, m, label, relations)).strip() for m in MODES)}"
                for n, p in zip(names, pairs, strict=True)
            )
            lines.append(f"{name:14} {mean}   {per}")
        lines.append("")
    lines += ["Tokens (no label is a category)", f"{'':{width}} {'kappa':>7}"]
    for n, p in zip(names, pairs, strict=True):
        lines.append(f"{n:{width}} {_f(report.cohen[p])}   Cohen")
    lines.append(f"{'all':{width}} {_f(report.fleiss)}   Fleiss")
    lines.append(f"{'all':{width}} {_f(report.alpha)}   Krippendorff's alpha (nominal)")
    swaps = _swaps(report, 5)
    if swaps:
        lines += ["", "Labels swapped most often (tokens)"]
        lines += [f"  {a} / {b}: {n}" for a, b, n in swaps]
    lines += ["", f"Lowest agreement (span F1 exact / overlap, token alpha, of {report.articles})"]
    for art in report.lowest(lowest):
        f1 = " / ".join(f"{art.span_f1[m]:.3f}" for m in MODES)
        alpha = "-" if math.isnan(art.alpha) else f"{art.alpha:.3f}"
        lines.append(f"  #{art.article_id:<6} {f1}  alpha {alpha:>6}  {art.title[:60]}")
    return "\n".join(lines)


def _swaps(report: AgreementReport, n: int) -> list[tuple[str, str, int]]:
    """The most frequent off-diagonal pairs of categories (each unordered pair once)."""
    cats = report.categories
    found = [
        (cats[i], cats[j], report.confusion[i][j])
        for i in range(len(cats))
        for j in range(i + 1, len(cats))
        if report.confusion[i][j]
    ]
    return sorted(found, key=lambda t: -t[2])[:n]

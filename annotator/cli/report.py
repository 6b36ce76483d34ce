"""The evaluation report as a readable table."""

from __future__ import annotations

from annotator.core.scoring import EXACT, OVERLAP, Counts, Report

LABEL_ORDER = [
    "PERSON",
    "ROLE",
    "ORG",
    "CUE",
    "QUOTE",
    "QUOTE/direct",
    "QUOTE/indirect",
    "DENIAL",
    "DENIAL/direct",
    "DENIAL/indirect",
    "CLAIM",
]


def _row(name: str, exact: Counts | None, overlap: Counts | None) -> str:
    def cells(c: Counts | None) -> str:
        if c is None:
            return f"{'-':>6} {'-':>6} {'-':>6}"
        return f"{c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}"

    gold = (overlap or exact or Counts()).gold
    pred = (overlap or exact or Counts()).pred
    return f"{name:16} {cells(exact)}   {cells(overlap)}   {gold:5d} {pred:5d}"


def evaluation_table(report: Report) -> str:
    """Spans per label (exact and overlap), quote coverage, speakers, relations."""
    head = f"{'':16} {'exact':^20}   {'overlap':^20}"
    sub = f"{'label':16} {'P':>6} {'R':>6} {'F1':>6}   {'P':>6} {'R':>6} {'F1':>6}   {'gold':>5} {'pred':>5}"
    lines = [
        f"{report.documents} documents "
        f"({report.unmatched_gold} gold without prediction, {report.unmatched_pred} predicted not in gold)",
        "",
        "Spans",
        head,
        sub,
    ]
    labels = sorted(
        set(report.spans[EXACT]) | set(report.spans[OVERLAP]),
        key=lambda k: (LABEL_ORDER.index(k) if k in LABEL_ORDER else 99, k),
    )
    for label in labels:
        lines.append(_row(label, report.spans[EXACT].get(label), report.spans[OVERLAP].get(label)))
    for mode_name, group in (("micro", report.spans),):
        exact, overlap = Counts(), Counts()
        for k, v in group[EXACT].items():
            if "/" not in k:
                exact.add(v)
        for k, v in group[OVERLAP].items():
            if "/" not in k:
                overlap.add(v)
        lines.append(_row(mode_name, exact, overlap))
    lines += ["", "Quotes (QUOTE and DENIAL) covered by more than a share of their characters"]
    for share, c in sorted(report.coverage.items()):
        lines.append(f"  > {share:4}  P {c.precision:.3f}  R {c.recall:.3f}  F1 {c.f1:.3f}")
    lines += [
        "",
        f"Speaker accuracy on matched quotes: {report.speaker_accuracy:.3f} "
        f"({report.speaker_correct}/{report.speaker_total})",
        "",
        "Relations (both ends must match)",
        head,
        sub,
    ]
    for label in sorted(set(report.relations[EXACT]) | set(report.relations[OVERLAP])):
        lines.append(_row(label, report.relations[EXACT].get(label), report.relations[OVERLAP].get(label)))
    return "\n".join(lines)

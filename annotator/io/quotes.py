"""The flat quote table (CSV): one row per QUOTE or DENIAL, with its speaker,
the speaker's role and the cue, for a spreadsheet (formats.md).

UTF-8 with a byte-order mark, so that Excel shows curly quotes and accents
right (LibreOffice, pandas and Python's csv read it too). Several speakers or
cues of one quote are joined with " | ". A text cell that begins with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'`` so that no
spreadsheet runs it as a formula.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from annotator.core.model import Relation, Span
from annotator.io.exported import Annotated, WriteReport

STATEMENTS = ("QUOTE", "DENIAL")
COLUMNS = [
    "article_id",
    "title",
    "date",
    "annotator",
    "label",
    "type",
    "quote",
    "speaker",
    "speaker_label",
    "speaker_role",
    "cue",
    "claim",
    "start",
    "end",
]
JOIN = " | "


def write_quotes(items: Iterable[Annotated], path: Path, report: WriteReport) -> None:
    """Write one row per statement of every item to ``path``."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for item in items:
            rows = rows_of(item)
            writer.writerows([[formula_safe(cell) for cell in row] for row in rows])
            report.count(item, spans=len(rows), relations=0)
            if not rows:
                report.left_out["articles without a QUOTE or DENIAL (no row)"] += 1


# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets
# (``=HYPERLINK(...)``, ``@SUM(...)``; tab and carriage return too, per OWASP).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(cell: str | int) -> str | int:
    """A text cell that a spreadsheet would run as a formula, quoted with a leading
    apostrophe (shown as text, not run); numbers and other text as they are."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def rows_of(item: Annotated) -> list[list[str | int]]:
    """The item's statements as table rows, in text order."""
    text = item.article.text
    relations = item.sorted_relations()

    def words(span: Span) -> str:
        return text[span.start : span.end]

    def linked(label: str, *, head: Span | None = None, child: Span | None = None) -> list[Relation]:
        return [
            r
            for r in relations
            if r.label == label
            and (head is None or r.head.key == head.key)
            and (child is None or r.child.key == child.key)
        ]

    rows: list[list[str | int]] = []
    article = item.article
    for span in item.sorted_spans():
        if span.label not in STATEMENTS:
            continue
        speakers = [r.child for r in linked("SPEAKER", head=span)]
        roles = [r.head for s in speakers if s.label == "PERSON" for r in linked("ROLE_OF", child=s)]
        cues = [r.head for r in linked("CUE_OF", child=span)]
        claims = [r.child for r in linked("DENIES", head=span)]
        rows.append(
            [
                article.id,
                article.title,
                article.date.isoformat() if article.date else "",
                item.annotator,
                span.label,
                span.attrs.get("type", ""),
                words(span),
                JOIN.join(words(s) for s in speakers),
                JOIN.join(s.label for s in speakers),
                JOIN.join(words(s) for s in roles),
                JOIN.join(words(s) for s in cues),
                JOIN.join(words(s) for s in claims),
                span.start,
                span.end,
            ]
        )
    return rows

"""The agreement report as one self-contained HTML file: tables and inline SVG charts.

No scripts, fonts or images from anywhere: the file opens the same offline and
can be mailed as it is.
"""

from __future__ import annotations

import math
from html import escape

from annotator.core.agreement import EXACT, MODES, AgreementReport

# The SVG namespace: an identifier, never fetched.
SVG = "http://www.w3.org/2000/svg"
CELL = 54
ROW = 26
LEFT = 130

STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; }
table { border-collapse: collapse; } td, th { padding: 3px 10px; border-bottom: 1px solid #ddd; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
svg text { font: 12px system-ui, sans-serif; }
.note { color: #666; }
"""


def _fmt(x: float) -> str:
    return "–" if math.isnan(x) else f"{x:.3f}"


def _colour(x: float) -> str:
    """Red (0) through yellow to green (1); grey when undefined."""
    if math.isnan(x):
        return "#e0e0e0"
    x = min(1.0, max(0.0, x))
    hue = 120 * x
    return f"hsl({hue:.0f}, 70%, 72%)"


def heatmap(report: AgreementReport, mode: str) -> str:
    """Labels x pairs of annotators, each cell the pair's F1 on that label."""
    labels = [*report.labels_seen(), None]
    pairs = report.pairs
    width = LEFT + CELL * (len(pairs) + 1) + 10
    height = 60 + ROW * len(labels)
    out = [
        f'<svg class="heatmap" data-mode="{mode}" xmlns="{SVG}" '
        f'width="{width}" height="{height}" role="img">',
        f"<title>Pairwise span F1 per label ({mode} match)</title>",
    ]
    columns = [f"{a}~{b}" for a, b in pairs] + ["mean"]
    for c, name in enumerate(columns):
        x = LEFT + c * CELL + CELL / 2
        out.append(
            f'<text x="{x:.0f}" y="52" text-anchor="start" transform="rotate(-35 {x:.0f} 52)">'
            f"{escape(name)}</text>"
        )
    for r, label in enumerate(labels):
        y = 60 + r * ROW
        out.append(
            f'<text x="{LEFT - 8}" y="{y + 17}" text-anchor="end">{escape(label or "all (micro)")}</text>'
        )
        values = [report.pair_f1(p, mode, label) for p in pairs] + [report.mean_f1(mode, label)]
        for c, value in enumerate(values):
            x = LEFT + c * CELL
            out.append(
                f'<rect x="{x}" y="{y}" width="{CELL - 2}" height="{ROW - 2}" fill="{_colour(value)}">'
                f"<title>{escape(label or 'all')} {escape(columns[c])}: {_fmt(value)}</title></rect>"
            )
            out.append(
                f'<text x="{x + CELL / 2 - 1:.0f}" y="{y + 17}" text-anchor="middle">{_fmt(value)}</text>'
            )
    out.append("</svg>")
    return "\n".join(out)


def confusion_matrix(report: AgreementReport) -> str:
    """Categories x categories: how often one annotator's label met another's on a token."""
    cats = list(report.categories)
    counts = report.confusion
    size = 44
    width = LEFT + size * len(cats) + 10
    height = 90 + size * len(cats)
    out = [
        f'<svg class="confusion" xmlns="{SVG}" width="{width}" height="{height}" role="img">',
        "<title>Label confusion between annotators (tokens)</title>",
    ]
    for c, name in enumerate(cats):
        x = LEFT + c * size + size / 2
        out.append(f'<text x="{x:.0f}" y="82" transform="rotate(-40 {x:.0f} 82)">{escape(name)}</text>')
    for r, name in enumerate(cats):
        y = 90 + r * size
        out.append(f'<text x="{LEFT - 8}" y="{y + size / 2 + 4:.0f}" text-anchor="end">{escape(name)}</text>')
        row_total = sum(counts[r]) or 1
        for c in range(len(cats)):
            n = counts[r][c]
            share = n / row_total
            # Off the diagonal are swaps: red; the diagonal (agreement) in blue.
            fill = (
                f"rgba(40, 90, 200, {share:.3f})"
                if r == c
                else f"rgba(210, 40, 40, {min(1.0, 3 * share):.3f})"
            )
            x = LEFT + c * size
            out.append(
                f'<rect x="{x}" y="{y}" width="{size - 2}" height="{size - 2}" fill="{fill}" stroke="#ccc">'
                f"<title>{escape(name)} / {escape(cats[c])}: {n} ({share:.1%} of {escape(name)})"
                "</title></rect>"
            )
            if n:
                mid = f'x="{x + size / 2 - 1:.0f}" y="{y + size / 2 + 4:.0f}"'
                out.append(f'<text {mid} text-anchor="middle">{n}</text>')
    out.append("</svg>")
    return "\n".join(out)


def lowest_list(report: AgreementReport, n: int) -> str:
    """The least agreed articles, each with a bar of its exact span F1."""
    rows = []
    for art in report.lowest(n):
        f1 = art.span_f1[EXACT]
        bar = 0 if math.isnan(f1) else 120 * f1
        rows.append(
            "<tr>"
            f'<td class="n">{art.article_id}</td><td>{escape(art.title or "(untitled)")}</td>'
            f'<td><svg width="124" height="14"><rect width="122" height="12" fill="#eee"/>'
            f'<rect width="{bar:.0f}" height="12" fill="{_colour(f1)}"/></svg></td>'
            + "".join(f'<td class="n">{_fmt(art.span_f1[m])}</td>' for m in MODES)
            + f'<td class="n">{_fmt(art.relation_f1)}</td><td class="n">{_fmt(art.alpha)}</td>'
            f'<td class="n">{art.tokens}</td></tr>'
        )
    head = (
        "<tr><th>id</th><th>title</th><th></th><th>span F1 exact</th><th>overlap</th>"
        "<th>relation F1</th><th>token alpha</th><th>tokens</th></tr>"
    )
    return f'<table class="lowest">{head}{"".join(rows)}</table>'


def token_table(report: AgreementReport) -> str:
    rows = [
        f'<tr><td>Cohen\'s kappa</td><td>{escape(a)} ~ {escape(b)}</td><td class="n">{_fmt(k)}</td></tr>'
        for (a, b), k in report.cohen.items()
    ]
    rows.append(f'<tr><td>Fleiss\' kappa</td><td>all</td><td class="n">{_fmt(report.fleiss)}</td></tr>')
    rows.append(
        f"<tr><td>Krippendorff's alpha (nominal)</td><td>all</td>"
        f'<td class="n">{_fmt(report.alpha)}</td></tr>'
    )
    return f'<table class="tokens">{"".join(rows)}</table>'


def relation_table(report: AgreementReport) -> str:
    head = "<tr><th>relation</th>" + "".join(f"<th>{m}</th>" for m in MODES) + "</tr>"
    rows = [
        f"<tr><td>{escape(label or 'all (micro)')}</td>"
        + "".join(f'<td class="n">{_fmt(report.mean_f1(m, label, True))}</td>' for m in MODES)
        + "</tr>"
        for label in [*report.labels_seen(True), None]
    ]
    return f'<table class="relations">{head}{"".join(rows)}</table>'


def render(report: AgreementReport, title: str, lowest: int = 10) -> str:
    """The whole report as one HTML document."""
    who = ", ".join(escape(n) for n in report.annotators)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Agreement: {escape(title)}</title>
<style>{STYLE}</style></head>
<body>
<h1>Inter-annotator agreement: {escape(title)}</h1>
<p>{report.articles} articles, {report.tokens} tokens; annotators {who}.
<span class="note">Spans and relations: pairwise F1 (positive specific agreement).
Tokens: innermost label per token, "no label" a category.</span></p>
<h2>Pairwise span F1 per label</h2>
<h3>Exact match</h3>
{heatmap(report, "exact")}
<h3>Overlap match</h3>
{heatmap(report, "overlap")}
<h2>Relations (both ends match), mean pairwise F1</h2>
{relation_table(report)}
<h2>Token level</h2>
{token_table(report)}
<h2>Label confusion</h2>
<p class="note">For every token and pair of annotators, the label each gave. Red cells off the
diagonal are labels annotators swap for one another.</p>
{confusion_matrix(report)}
<h2>Lowest agreement</h2>
{lowest_list(report, lowest)}
</body></html>
"""

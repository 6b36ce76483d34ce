"""brat standoff: a folder of ``NAME.txt`` + ``NAME.ann`` pairs, with
``annotation.conf`` (and ``visual.conf`` for the scheme's colours) so that brat
opens it (formats.md).

- ``.txt`` is the article text exactly; ``T``/``R``/``A`` lines give spans,
  relations and attributes (``A1	Type T3 Direct`` for QUOTE ``type=direct``:
  names and values with their first letter upper-cased, matched back through
  the scheme). Suggestion scores go in ``#`` AnnotatorNotes lines.
- A span containing line breaks or tabs is written as brat itself writes it: as
  fragments split there (``T1	QUOTE 0 10;12 20	...``); the reader joins
  fragments separated only by white space back into one span, and refuses truly
  discontinuous ones.
- What brat has no place for goes in a sidecar ``NAME.json``: the annotator,
  the status, the article's title/date/source/url/id/meta and, for the rare span
  that begins or ends with a line break, its exact offsets.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError
from annotator.core.limits import CONTROL
from annotator.core.model import AnnotationSet, ArticleInput, ArticleRecord, Relation, Span
from annotator.core.scheme import Scheme
from annotator.core.text import guess_title, newline_offset_map, normalise_newlines
from annotator.core.validate import check_annotator_name, check_relation, check_span
from annotator.io import checks
from annotator.io.brat_events import Foreign, Tally, map_annotations
from annotator.io.exported import DONE, Annotated, WriteReport, article_meta
from annotator.io.mapping import EMPTY, LabelMap

CONF = "annotation.conf"
VISUAL = "visual.conf"
# brat's .ann is tab-separated and read line by line with str.splitlines(): a span's
# text in it must hold none of these.
_BREAKS = re.compile(r"[^\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")


def brat_name(name: str) -> str:
    """Our attribute name or value as brat shows it: first letter upper-cased."""
    return name[:1].upper() + name[1:]


# -- writing -------------------------------------------------------------------
def write_folder(
    items: Iterable[Annotated], folder: Path, scheme: Scheme, report: WriteReport, *, nested: bool
) -> None:
    """Write the items into ``folder`` (a temporary folder the caller renames);
    ``nested``: one subfolder per annotator, each with its own configuration too
    (brat looks for it up the folder tree, but not every brat-reading tool does)."""
    configs = {CONF: annotation_conf(scheme), VISUAL: visual_conf(scheme)}
    for name, content in configs.items():
        (folder / name).write_text(content, encoding="utf-8")
    folders: dict[str, str] = {}  # annotator -> folder name
    taken: set[str] = set()
    for item in items:
        if nested and item.annotator not in folders:
            folders[item.annotator] = folder_name(item.annotator, taken)
        where = folder / folders[item.annotator] if nested else folder
        if not where.is_dir():
            where.mkdir()
            for name, content in configs.items():
                (where / name).write_text(content, encoding="utf-8")
        stem = f"{item.article.id:06d}"
        ann, exact = ann_text(item)
        (where / f"{stem}.txt").write_text(item.article.text, encoding="utf-8", newline="\n")
        (where / f"{stem}.ann").write_text(ann, encoding="utf-8", newline="\n")
        (where / f"{stem}.json").write_text(_sidecar(item, exact), encoding="utf-8", newline="\n")
        report.count(item)
    if nested:
        report.notes.append(f"one folder per annotator: {', '.join(sorted(folders.values()))}")


# Names Windows keeps for devices, whatever the extension.
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(10)), *(f"LPT{n}" for n in range(10))}
_FOLDER_MAX = 80  # bytes


def folder_name(name: str, taken: set[str]) -> str:
    """A folder name for an annotator, unique among ``taken`` (which it joins).

    A name that is a safe folder name as it is stays as it is; any other (characters
    replaced, too long, a device name, or the same as a name taken once case and
    Unicode normalisation are ignored, as macOS and Windows do) gets part of its
    hash appended. The sidecar holds the real name, so import gets it back.
    """
    safe = re.sub(r"[^\w.@+-]", "_", name).strip(".") or "_"
    if (
        safe != name
        or len(safe.encode("utf-8", "surrogatepass")) > _FOLDER_MAX
        or safe.split(".")[0].upper() in _RESERVED
        or _fold(safe) in taken
    ):
        digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()
        safe = f"{safe[: _FOLDER_MAX - 11]}~{digest[:10]}"
        n = 2
        while _fold(safe) in taken:  # a hash prefix shared: vanishingly rare, still unique
            safe, n = f"{safe[: _FOLDER_MAX - 11]}~{digest[:10]}-{n}", n + 1
    taken.add(_fold(safe))
    return safe


def _fold(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def ann_text(item: Annotated) -> tuple[str, dict[str, list[int]]]:
    """The ``.ann`` lines, and the exact offsets of spans the fragments cannot give back."""
    text = item.article.text
    lines: list[str] = []
    ids: dict[tuple[int, int, str], str] = {}
    exact: dict[str, list[int]] = {}
    attributes: list[str] = []
    notes: list[str] = []
    for n, span in enumerate(item.sorted_spans(), 1):
        tid = f"T{n}"
        ids[span.key] = tid
        fragments = _fragments(text, span.start, span.end)
        if not fragments:  # only line breaks and tabs: a null span at its start
            fragments = [(span.start, span.start)]
        if (fragments[0][0], fragments[-1][1]) != (span.start, span.end):
            exact[tid] = [span.start, span.end]
        offsets = ";".join(f"{s} {e}" for s, e in fragments)
        covered = " ".join(text[s:e] for s, e in fragments)
        lines.append(f"{tid}\t{span.label} {offsets}\t{covered}")
        for name, value in sorted(span.attrs.items()):
            attributes.append(f"A{len(attributes) + 1}\t{brat_name(name)} {tid} {brat_name(value)}")
        score = item.scores.get(span.key)
        if score is not None:
            notes.append(f"#{len(notes) + 1}\tAnnotatorNotes {tid}\tscore={score:g}")
    for n, rel in enumerate(item.sorted_relations(), 1):
        lines.append(f"R{n}\t{rel.label} Arg1:{ids[rel.head.key]} Arg2:{ids[rel.child.key]}\t")
    lines += attributes + notes
    return "".join(line + "\n" for line in lines), exact


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span cut at line breaks and tabs, as brat cuts a selection over lines."""
    return [(m.start(), m.end()) for m in _BREAKS.finditer(text, start, end)]


def _sidecar(item: Annotated, exact: dict[str, list[int]]) -> str:
    data: dict[str, Any] = {
        "annotator": item.annotator,
        "status": item.status,
        "article": article_meta(item.article, item.origin),
    }
    if exact:
        data["exact_offsets"] = exact
    return json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False) + "\n"


def annotation_conf(scheme: Scheme) -> str:
    """brat's annotation.conf for the scheme: entities, relations (overlaps allowed), attributes."""
    # The scheme's name is free text: one line, no control characters, in a comment.
    name = CONTROL.sub(" ", scheme.name)
    lines = [f"# {name} v{scheme.version}, written by annotator", "[entities]"]
    lines += [label.name for label in scheme.labels]
    lines.append("[relations]")
    for rel in scheme.relations:
        lines.append(f"{rel.name}\tArg1:{'|'.join(rel.head)}, Arg2:{'|'.join(rel.child)}")
    # Spans may nest and cross (a PERSON inside a QUOTE): tell brat so.
    lines.append("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>")
    lines += ["[events]", "[attributes]"]
    merged: dict[str, tuple[list[str], list[str]]] = {}
    for label in scheme.labels:
        for name, values in label.attributes.items():
            targets, known = merged.setdefault(brat_name(name), ([], []))
            targets.append(label.name)
            known += [brat_name(v) for v in values if brat_name(v) not in known]
    for name, (targets, allowed) in merged.items():
        lines.append(f"{name}\tArg:{'|'.join(targets)}, Value:{'|'.join(allowed)}")
    return "\n".join(lines) + "\n"


def visual_conf(scheme: Scheme) -> str:
    """brat's visual.conf with the scheme's colours."""
    lines = ["[labels]", *(label.name for label in scheme.labels), "[drawing]"]
    lines += [f"{label.name}\tbgColor:{label.colour}" for label in scheme.labels]
    return "\n".join(lines) + "\n"


# -- reading -------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class BratDocument:
    """A ``.txt`` and its ``.ann`` (and our sidecar ``.json``, if present)."""

    txt: Path
    ann: Path

    @property
    def sidecar(self) -> Path:
        return self.txt.with_suffix(".json")


def read_document(
    doc: BratDocument,
    scheme: Scheme,
    *,
    annotator: str | None = None,
    done: bool = False,
    mapping: LabelMap = EMPTY,
    tally: Tally | None = None,
) -> ArticleRecord:
    """One brat document as an article with its annotations; InputError says what is wrong.
    With a (non-empty) ``mapping``, foreign labels and events are mapped onto the scheme
    and what it leaves out is counted in ``tally``."""
    raw_text = _decode(checks.read_limited(doc.txt), doc.txt.name)
    text = normalise_newlines(raw_text)
    if not text.strip():
        raise InputError("empty text")
    side: Mapping[str, Any] = {}
    if doc.sidecar.is_file():
        side = checks.brat_sidecar(checks.read_limited(doc.sidecar), doc.sidecar.name)
    from_file = mapping.annotator_for(doc.ann)
    name = annotator or side.get("annotator") or from_file or doc.txt.parent.name
    if not isinstance(name, str) or not name.strip():
        raise InputError("no annotator: pass --annotator NAME")
    ann = _decode(checks.read_limited(doc.ann), doc.ann.name)
    if not mapping.empty:
        spans, relations = parse_mapped_ann(ann, raw_text, scheme, mapping, tally or Tally(), str(doc.ann))
    else:
        spans, relations = parse_ann(ann, raw_text, scheme, side.get("exact_offsets") or {})
    done = done or side.get("status") == DONE
    return ArticleRecord(
        _article(text, side.get("article") or {}, doc),
        AnnotationSet(check_annotator_name(name), spans, relations, done),
    )


def _decode(data: bytes, name: str) -> str:
    """UTF-8 as brat reads it: a byte-order mark is a character like any other."""
    if b"\x00" in data:
        raise InputError(f"{name}: binary file (contains NUL bytes), not UTF-8 text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 (invalid byte at {exc.start})") from None


def _article(text: str, meta: Mapping[str, Any], doc: BratDocument) -> ArticleInput:
    import datetime as dt

    def field(key: str) -> str:
        value = meta.get(key)
        return value if isinstance(value, str) else ""

    date = None
    if field("date"):
        try:
            date = dt.date.fromisoformat(field("date")[:10])
        except ValueError:
            raise InputError(f"invalid date {field('date')!r} in {doc.sidecar.name}") from None
    kept = dict(meta) if meta else {"file": str(doc.txt)}
    return ArticleInput(
        text=text,
        title=field("title") or guess_title(text),
        date=date,
        source=field("source") or (doc.txt.name if not meta else ""),
        url=field("url"),
        external_id=field("id"),
        meta=kept,
    )


def parse_ann(
    ann: str, raw_text: str, scheme: Scheme, exact: Mapping[str, Any]
) -> tuple[tuple[Span, ...], tuple[Relation, ...]]:
    """Spans and relations from ``.ann`` lines; offsets count in the ``.txt`` as written."""
    convert = newline_offset_map(raw_text)
    text = normalise_newlines(raw_text)
    spans: dict[str, Span] = {}
    relations: list[tuple[int, str, str, str]] = []
    attributes: list[tuple[int, str, str, str]] = []
    for number, line in enumerate(normalise_newlines(ann).split("\n"), 1):
        if not line.strip():
            continue
        kind = line[0]
        try:
            if kind == "T":
                tid, span = _textbound(line, raw_text, exact)
                if tid in spans:
                    raise InputError(f"{tid} is defined twice")
                moved = Span(convert(span.start), convert(span.end), span.label)
                check_span(moved, text, scheme, tid)
                spans[tid] = moved
            elif kind == "R":
                relations.append((number, *_relation(line)))
            elif kind == "A" or kind == "M":
                attributes.append((number, *_attribute(line)))
            elif kind == "#":
                continue  # notes (our scores among them) are not annotations
            elif kind == "E":
                raise InputError(
                    "brat event annotations are not supported without a mapping saying which "
                    "relations their roles are: pass --map FILE (e.g. resources/maps/polnear.toml)"
                )
            elif kind in _KINDS:
                raise InputError(f"brat {_KINDS.get(kind, kind)} annotations are not supported")
            else:
                raise InputError(f"not a brat annotation line: {line[:40]!r}")
        except InputError as exc:
            raise InputError(exc.reason, line=number) from None
    for number, name, target, value in attributes:
        if target not in spans:
            raise InputError(f"attribute of unknown annotation {target}", line=number)
        span = spans[target]
        key, val = _scheme_attribute(scheme, span.label, name, value, number)
        spans[target] = Span(span.start, span.end, span.label, {**span.attrs, key: val})
    result: list[Relation] = []
    for number, label, head, child in relations:
        for end in (head, child):
            if end not in spans:
                raise InputError(f"relation points at unknown annotation {end}", line=number)
        relation = Relation(label, spans[head], spans[child])
        try:
            check_relation(relation, scheme, f"R line {number}")
        except InputError as exc:
            raise InputError(exc.reason, line=number) from None
        result.append(relation)
    return tuple(spans.values()), tuple(result)


_KINDS = {"E": "event", "N": "normalization", "*": "equivalence"}
_TEXTBOUND = re.compile(r"(T\d{1,9})\t(\S+) (\d{1,12} \d{1,12}(?:;\d{1,12} \d{1,12})*)\t(.*)")
_RELATION = re.compile(r"R\d{1,9}\t(\S+) Arg1:(T\d{1,9}) Arg2:(T\d{1,9})\s*(?:\t.*)?")
_ATTRIBUTE = re.compile(r"[AM]\d{1,9}\t(\S+) (T\d{1,9})(?: (\S+))?\s*")


def _textbound(line: str, raw_text: str, exact: Mapping[str, Any]) -> tuple[str, Span]:
    match = _TEXTBOUND.fullmatch(line)
    if match is None:
        raise InputError(
            f"malformed text-bound line {line[:60]!r} (expected 'T1<TAB>LABEL START END<TAB>TEXT')"
        )
    tid, label, offsets, covered = match.groups()
    pieces = [tuple(int(x) for x in part.split(" ")) for part in offsets.split(";")]
    for s, e in pieces:
        if not 0 <= s <= e <= len(raw_text):
            raise InputError(f"{tid}: offsets {s}-{e} are outside the text (0-{len(raw_text)})")
    expected = " ".join(raw_text[s:e] for s, e in pieces)
    if covered != expected:
        raise InputError(f"{tid}: offsets {offsets} give {expected!r}, but the line says {covered!r}")
    gaps = [raw_text[pieces[i][1] : pieces[i + 1][0]] for i in range(len(pieces) - 1)]
    if any(gap.strip() for gap in gaps) or any(pieces[i][1] > pieces[i + 1][0] for i in range(len(gaps))):
        raise InputError(
            f"{tid}: discontinuous span ({offsets}) cannot be imported: a span here is one stretch of text"
        )
    start, end = pieces[0][0], pieces[-1][1]
    if tid in exact:  # our own export: the span began or ended with a line break
        start, end = (int(x) for x in exact[tid])
    return tid, Span(start, end, label)


def _relation(line: str) -> tuple[str, str, str]:
    match = _RELATION.fullmatch(line)
    if match is None:
        raise InputError(f"malformed relation line {line[:60]!r} (expected 'R1<TAB>LABEL Arg1:T1 Arg2:T2')")
    label, head, child, *_ = match.groups()
    return label, head, child


def _attribute(line: str) -> tuple[str, str, str]:
    match = _ATTRIBUTE.fullmatch(line)
    if match is None:
        raise InputError(f"malformed attribute line {line[:60]!r} (expected 'A1<TAB>NAME T1 VALUE')")
    name, target, value = match.groups()
    if value is None:
        raise InputError(
            f"attribute {name} of {target} has no value (binary brat attributes are not supported)"
        )
    return name, target, value


def _scheme_attribute(scheme: Scheme, label: str, name: str, value: str, line: int) -> tuple[str, str]:
    """The scheme's attribute and value a brat attribute stands for (exact, then any case)."""
    label_def = scheme.label(label)
    attributes = label_def.attributes if label_def else {}
    key = _match(name, list(attributes))
    if key is None:
        raise InputError(f"label {label} has no attribute {name!r}", line=line)
    val = _match(value, list(attributes[key]))
    if val is None:
        allowed = ", ".join(attributes[key])
        raise InputError(f"{key}={value!r} not allowed for {label} (one of {allowed})", line=line)
    return key, val


def _match(brat: str, ours: list[str]) -> str | None:
    for candidate in ours:
        if brat_name(candidate) == brat or candidate == brat:
            return candidate
    lowered = [c for c in ours if c.lower() == brat.lower()]
    return lowered[0] if len(lowered) == 1 else None


_LINE_START = re.compile(r"(?:[TREAMN*]\d*|#\d*)\t")
_EVENT = re.compile(r"E\d+\t([^\s:]+):(T\d+)((?: [^\s:]+:[TE]\d+)*)\s*")


def parse_mapped_ann(
    ann: str, raw_text: str, scheme: Scheme, mapping: LabelMap, tally: Tally, where: str
) -> tuple[tuple[Span, ...], tuple[Relation, ...]]:
    """A foreign ``.ann`` read through a mapping: text-bounds of any label, relations and
    events (``E1<TAB>Type:T4 Role:T3 ...``). A line that starts no annotation continues
    the one before (some tools write a span's line breaks as they are); a span whose
    offsets give other text than its line is skipped and counted, as is whatever the
    mapping leaves out."""
    convert = newline_offset_map(raw_text)
    text = normalise_newlines(raw_text)
    lines: list[tuple[int, str]] = []
    for number, line in enumerate(normalise_newlines(ann).split("\n"), 1):
        if lines and line and not _LINE_START.match(line) and lines[-1][1].startswith("T"):
            lines[-1] = (lines[-1][0], lines[-1][1] + "\n" + line)
        elif line.strip():
            lines.append((number, line))
    bounds: list[Foreign] = []
    relations: list[tuple[int, str, str, str]] = []
    events: list[tuple[int, str, list[tuple[str, str]]]] = []
    for number, line in lines:
        kind = line[0]
        if kind == "T":
            bound = _foreign_textbound(line, raw_text, number)
            if bound is None:
                tally.add("text-bound line whose offsets do not give its text", f"{where}:{number}")
                continue
            pieces = tuple((convert(s), convert(e)) for s, e in bound.pieces)
            bounds.append(Foreign(bound.tid, bound.label, pieces, number))
        elif kind == "R" and (match := _RELATION.fullmatch(line)):
            label, head, child = match.group(1), match.group(2), match.group(3)
            relations.append((number, label, head, child))
        elif kind == "E" and (event := _EVENT.fullmatch(line)):
            trigger_type, _trigger, rest = event.groups()
            roles = [tuple(part.split(":", 1)) for part in rest.split()]
            events.append((number, trigger_type, [(r, t) for r, t in roles]))
        elif kind == "#":
            continue
        else:
            tally.add(f"{_KINDS.get(kind, 'unreadable')} line", f"{where}:{number}")
    spans, mapped = map_annotations(mapping, scheme, text, bounds, relations, events, tally, where)
    kept: list[Span] = []
    for span in spans:
        try:
            check_span(span, text, scheme, "mapped span")
        except InputError as exc:
            tally.add(f"mapped span the scheme refuses ({exc.reason.split(':')[-1].strip()})", where)
            continue
        kept.append(span)
    keys = {span.key for span in kept}
    linked: list[Relation] = []
    for relation in mapped:
        if relation.head.key not in keys or relation.child.key not in keys:
            continue
        try:
            check_relation(relation, scheme, "mapped relation")
        except InputError:
            tally.add(
                f"{relation.label} from {relation.head.label} to {relation.child.label} "
                "(the scheme does not allow it)",
                where,
            )
            continue
        linked.append(relation)
    return tuple(kept), tuple(linked)


def _foreign_textbound(line: str, raw_text: str, number: int) -> Foreign | None:
    """A text-bound line of any label; None when its offsets do not give its text
    (white space aside: a joined line break may stand for a space)."""
    parts = line.split("\t", 2)
    if len(parts) != 3:
        return None
    head = re.fullmatch(r"(\S+) (\d{1,9} \d{1,9}(?:;\d{1,9} \d{1,9})*)", parts[1])
    if not parts[0][1:].isdigit() or head is None:
        return None
    label, offsets = head.groups()
    pieces = tuple((int(a), int(b)) for a, b in (piece.split(" ") for piece in offsets.split(";")))
    if any(not 0 <= s <= e <= len(raw_text) for s, e in pieces):
        return None
    expected = " ".join(raw_text[s:e] for s, e in pieces)
    if expected.split() != parts[2].split():
        return None
    return Foreign(parts[0], label, pieces, number)

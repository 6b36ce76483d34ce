"""Turning the paths a user names (files, folders) into records to import.

A ``.txt`` beside a ``.ann`` of the same name is a brat document (text exactly
as written, annotations from the ``.ann``); every other file is read in the
format its content and name say (:mod:`annotator.io.formats`), or the one
named with ``--format``; a file of no format we read is refused by name.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from annotator.core import safe_json
from annotator.core.errors import InputError
from annotator.core.limits import MAX_ARTICLE_BYTES, too_big
from annotator.core.scheme import Scheme
from annotator.io.brat import BratDocument, read_document
from annotator.io.brat_events import Tally
from annotator.io.checks import read_limited
from annotator.io.formats import BRAT, SUFFIXES, Refusal, by_name, detect, known
from annotator.io.items import Parsed, ReadItem, ReadOptions, Refused
from annotator.io.mapping import EMPTY, LabelMap

BRAT_SUFFIX = ".ann"
# Files that sit beside others' and are no articles: brat's sidecars, INCEpTION's type system.
_SIDECAR_OF = {".json": BRAT_SUFFIX}


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: Path
    size: int
    brat: BratDocument | None = None
    scanned: bool = False  # found in a folder, not named


def expand_paths(paths: Sequence[Path], mapping: LabelMap = EMPTY) -> tuple[list[SourceFile], list[Refused]]:
    """Files to read: named files as they are, folders searched recursively for
    the suffixes of the formats we read (hidden files and brat's sidecar
    ``NAME.json`` beside ``NAME.ann`` skipped). The --map file may say where a
    ``.ann``'s text is; then each ``.ann`` is one document (two annotators' files
    of one text are two) and a text that has one is not also read as plain text."""
    files: list[SourceFile] = []
    problems: list[Refused] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and not _is_sidecar(p)
            )
            if not found:
                problems.append(Refused(str(path), f"folder holds no files of a format we read ({known()})"))
            candidates = found
        elif path.is_file():
            candidates = [path]
        else:
            problems.append(Refused(str(path), "no such file or folder"))
            continue
        for candidate in candidates:
            scanned = candidate is not path
            if mapping.moves_texts:
                source = _mapped_source(candidate, mapping, problems)
                key = source.brat.ann.resolve() if source and source.brat else candidate.resolve()
            else:
                source = _source(candidate, problems)
                key = (
                    candidate.with_suffix(".txt").resolve() if source and source.brat else candidate.resolve()
                )
            if source is not None and key not in seen:
                seen.add(key)
                files.append(replace(source, scanned=scanned))
    claimed = {f.path.resolve() for f in files if f.brat is not None}
    files = [f for f in files if f.brat is not None or f.path.resolve() not in claimed]
    return files, problems


def _mapped_source(path: Path, mapping: LabelMap, problems: list[Refused]) -> SourceFile | None:
    """A ``.ann`` with its text where the mapping says; other files as they are."""
    if path.suffix.lower() != BRAT_SUFFIX:
        return (
            _source(path, problems)
            if path.suffix.lower() != ".txt"
            else SourceFile(path, path.stat().st_size)
        )
    txt = mapping.text_for(path)
    if not txt.is_file():
        problems.append(Refused(str(path), f"brat annotations without their text ({txt} is missing)"))
        return None
    return SourceFile(txt, txt.stat().st_size + path.stat().st_size, BratDocument(txt, path))


def _source(path: Path, problems: list[Refused]) -> SourceFile | None:
    """The file as something to read: a brat document when a .txt and .ann pair up."""
    txt, ann = path.with_suffix(".txt"), path.with_suffix(BRAT_SUFFIX)
    if path.suffix.lower() == BRAT_SUFFIX or (path.suffix.lower() == ".txt" and ann.is_file()):
        if not txt.is_file():
            problems.append(
                Refused(str(path), f"brat annotations without their text ({txt.name} is missing)")
            )
            return None
        return SourceFile(txt, txt.stat().st_size + ann.stat().st_size, BratDocument(txt, ann))
    return SourceFile(path, path.stat().st_size)


def _is_sidecar(path: Path) -> bool:
    other = _SIDECAR_OF.get(path.suffix.lower())
    return other is not None and path.with_suffix(other).is_file()


def read_file(
    source: SourceFile,
    scheme: Scheme,
    *,
    annotator: str | None = None,
    done: bool = False,
    options: ReadOptions | None = None,
    format: str | None = None,
    tally: Tally | None = None,
) -> Iterator[ReadItem]:
    """The records in one file, in ``format`` or the one its content and name say;
    brat annotations through the options' mapping when one is given."""
    options = options or ReadOptions(annotator, done)
    annotator, done = options.annotator, options.done
    if source.brat is not None:
        try:
            record = read_document(
                source.brat, scheme, annotator=annotator, done=done, mapping=options.label_map, tally=tally
            )
        except InputError as exc:
            where = source.brat.ann if exc.line is not None else source.path
            yield Refused(
                f"{where}:{exc.line}" if exc.line is not None else str(where), exc.reason, source.size
            )
        except OSError as exc:
            yield Refused(str(source.path), f"cannot read ({exc.strerror})", source.size)
        else:
            yield Parsed(record, str(source.brat.ann), source.size)
        return
    # A plain-text file holds one article: refused unread when too big for one. Files of
    # many articles (JSONL, Label Studio, CoNLL...) are checked article by article.
    one_article = source.path.suffix.lower() in {".txt", ".text"}
    try:
        data = read_limited(source.path) if one_article else source.path.read_bytes()
    except InputError as exc:
        yield Refused(str(source.path), exc.reason, source.size)
        return
    except OSError as exc:
        yield Refused(str(source.path), f"cannot read ({exc.strerror})", source.size)
        return
    if format == BRAT:
        yield Refused(str(source.path), f"not brat: no {source.path.with_suffix(BRAT_SUFFIX).name} beside it")
        return
    kind = by_name(format) if format is not None else detect(source.path, data)
    if isinstance(kind, Refusal):
        yield Refused(str(source.path), str(kind), source.size)
        return
    if kind.name == "text" and len(data) > MAX_ARTICLE_BYTES:
        yield Refused(str(source.path), too_big(source.path.name, len(data)), source.size)
        return
    items = kind.read(source.path, data, scheme, options)
    yield from (
        _or_skipped(source, data, items)
        if source.scanned and source.path.suffix.lower() == ".json"
        else items
    )


def _or_skipped(source: SourceFile, data: bytes, items: Iterator[ReadItem]) -> Iterator[ReadItem]:
    """A ``.json`` file found in a folder that is no file of tasks (another tool's, or our
    own agreement report: nothing read, no task with a text) is skipped, named with the
    reason, rather than refused; a file of tasks that were all refused is still refused."""
    held: list[Refused] = []
    for item in items:
        if isinstance(item, Parsed):
            yield from held
            yield item
            yield from items
            return
        held.append(item)
    if held and _holds_tasks(data):
        yield from held
    elif held:
        first = held[0]
        reason = first.reason if first.where == str(source.path) else f"{first.where}: {first.reason}"
        yield Refused(str(source.path), f"no articles we read in it ({reason})", source.size, skipped=True)


def _holds_tasks(data: bytes) -> bool:
    """Whether JSON holds something like a task: an object with a text (``text``, or Label
    Studio's ``data``), alone or in an array; unreadable JSON counts as tasks (refused)."""
    try:
        value = safe_json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, InputError):
        return True
    tasks = value if isinstance(value, list) else [value]
    return any(isinstance(task, dict) and ("text" in task or "data" in task) for task in tasks)

"""Turning the paths a user names (files, folders) into records to import.

A ``.txt`` beside a ``.ann`` of the same name is a brat document (text exactly
as written, annotations from the ``.ann``); other ``.txt`` files are plain-text
articles, ``.jsonl`` files Prodigy-style tasks.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.core.errors import InputError
from annotator.core.scheme import Scheme
from annotator.io.brat import BratDocument, read_document
from annotator.io.items import Item, Parsed, Refused
from annotator.io.jsonl import read_jsonl_file
from annotator.io.label_map import LabelMap, Tally
from annotator.io.plaintext import read_plaintext_file

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
TEXT_SUFFIXES = {".txt", ".text"}
BRAT_SUFFIX = ".ann"


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: Path
    size: int
    brat: BratDocument | None = None


def expand_paths(
    paths: Sequence[Path], mapping: LabelMap | None = None
) -> tuple[list[SourceFile], list[Refused]]:
    """Files to read: named files as they are, folders searched recursively for
    ``.txt`` and ``.jsonl`` files (hidden ones skipped). A mapping may say where a
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
                and p.suffix.lower() in JSONL_SUFFIXES | TEXT_SUFFIXES | {BRAT_SUFFIX}
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                problems.append(Refused(str(path), "folder holds no .txt or .jsonl files"))
            candidates = found
        elif path.is_file():
            candidates = [path]
        else:
            problems.append(Refused(str(path), "no such file or folder"))
            continue
        for candidate in candidates:
            if mapping is not None and (mapping.text_folder or mapping.annotator_from_suffix):
                source = _mapped_source(candidate, mapping, problems)
                key = source.brat.ann.resolve() if source and source.brat else candidate.resolve()
            else:
                source = _source(candidate, problems)
                key = (
                    candidate.with_suffix(".txt").resolve() if source and source.brat else candidate.resolve()
                )
            if source is not None and key not in seen:
                seen.add(key)
                files.append(source)
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


def read_file(
    source: SourceFile,
    scheme: Scheme,
    *,
    annotator: str | None = None,
    done: bool = False,
    mapping: LabelMap | None = None,
    tally: Tally | None = None,
) -> Iterator[Item]:
    """The records in one file, by its kind (brat, JSONL or plain text); brat
    annotations through ``mapping`` when one is given."""
    if source.brat is not None:
        try:
            record = read_document(
                source.brat, scheme, annotator=annotator, done=done, mapping=mapping, tally=tally
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
    try:
        data = source.path.read_bytes()
    except OSError as exc:
        yield Refused(str(source.path), f"cannot read ({exc.strerror})", source.size)
        return
    if source.path.suffix.lower() in JSONL_SUFFIXES:
        yield from read_jsonl_file(source.path, data, scheme, annotator=annotator, done=done)
    else:
        yield from read_plaintext_file(source.path, data)

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
from annotator.io.checks import read_limited
from annotator.io.items import Item, Parsed, Refused
from annotator.io.jsonl import read_jsonl_file
from annotator.io.plaintext import read_plaintext_file

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
TEXT_SUFFIXES = {".txt", ".text"}
BRAT_SUFFIX = ".ann"


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: Path
    size: int
    brat: BratDocument | None = None


def expand_paths(paths: Sequence[Path]) -> tuple[list[SourceFile], list[Refused]]:
    """Files to read: named files as they are, folders searched recursively for
    ``.txt`` and ``.jsonl`` files (hidden ones skipped)."""
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
            source = _source(candidate, problems)
            key = candidate.with_suffix(".txt").resolve() if source and source.brat else candidate.resolve()
            if source is not None and key not in seen:
                seen.add(key)
                files.append(source)
    return files, problems


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
    source: SourceFile, scheme: Scheme, *, annotator: str | None = None, done: bool = False
) -> Iterator[Item]:
    """The records in one file, by its kind (brat, JSONL or plain text)."""
    if source.brat is not None:
        try:
            record = read_document(source.brat, scheme, annotator=annotator, done=done)
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
    jsonl = source.path.suffix.lower() in JSONL_SUFFIXES
    try:
        # A JSONL file holds many articles (each line is checked); a text file one.
        data = source.path.read_bytes() if jsonl else read_limited(source.path)
    except InputError as exc:
        yield Refused(str(source.path), exc.reason, source.size)
        return
    except OSError as exc:
        yield Refused(str(source.path), f"cannot read ({exc.strerror})", source.size)
        return
    if jsonl:
        yield from read_jsonl_file(source.path, data, scheme, annotator=annotator, done=done)
    else:
        yield from read_plaintext_file(source.path, data)

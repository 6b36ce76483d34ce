"""Turning the paths a user names (files, folders) into records to import."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.core.scheme import Scheme
from annotator.io.items import Item, Refused
from annotator.io.jsonl import read_jsonl_file
from annotator.io.plaintext import read_plaintext_file

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
TEXT_SUFFIXES = {".txt", ".text"}


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: Path
    size: int


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
                and p.suffix.lower() in JSONL_SUFFIXES | TEXT_SUFFIXES
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
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                files.append(SourceFile(candidate, candidate.stat().st_size))
    return files, problems


def read_file(
    source: SourceFile, scheme: Scheme, *, annotator: str | None = None, done: bool = False
) -> Iterator[Item]:
    """The records in one file, by its kind (JSONL or plain text)."""
    try:
        data = source.path.read_bytes()
    except OSError as exc:
        yield Refused(str(source.path), f"cannot read ({exc.strerror})", source.size)
        return
    if source.path.suffix.lower() in JSONL_SUFFIXES:
        yield from read_jsonl_file(source.path, data, scheme, annotator=annotator, done=done)
    else:
        yield from read_plaintext_file(source.path, data)

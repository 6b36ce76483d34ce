"""The formats ``annotator import`` reads: one registry that the import, its
``--format NAME`` and the desktop app's file dialog all use.

A file's format is decided by its content as well as its name: XML that is
UIMA XMI, JSON that is Label Studio's or a CAS, lines that are CoNLL or
CoNLL-U are read as such whatever they are called (a ``.txt`` included), and
a name we do not know is read only when the content says what it is. What is
recognised but not read (WebAnno TSV, other XML) and what is not recognised
at all is refused by name, with the formats we read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.core import safe_json
from annotator.core.errors import InputError
from annotator.core.limits import MAX_ARTICLE_BYTES
from annotator.core.scheme import Scheme
from annotator.io.items import ReadItem, ReadOptions

Reader = Callable[[Path, bytes, Scheme, ReadOptions], Iterator[ReadItem]]


@dataclass(frozen=True, slots=True)
class Format:
    """A format we read: its name (for ``--format``), what to call it, its usual suffixes."""

    name: str
    title: str
    suffixes: tuple[str, ...]
    read: Reader


def _text(path: Path, data: bytes, scheme: Scheme, options: ReadOptions) -> Iterator[ReadItem]:
    from annotator.io.plaintext import read_plaintext_file

    return read_plaintext_file(path, data)


def _jsonl(path: Path, data: bytes, scheme: Scheme, options: ReadOptions) -> Iterator[ReadItem]:
    from annotator.io.jsonl.reader import read_jsonl_file

    return read_jsonl_file(path, data, scheme, options=options)


def _doccano(path: Path, data: bytes, scheme: Scheme, options: ReadOptions) -> Iterator[ReadItem]:
    from annotator.io.jsonl.reader import read_jsonl_file

    return read_jsonl_file(path, data, scheme, options=options, tool="doccano")


def _json_tasks(path: Path, data: bytes, scheme: Scheme, options: ReadOptions) -> Iterator[ReadItem]:
    from annotator.io.jsonl.reader import read_json_array

    return read_json_array(path, data, scheme, options=options)


def _label_studio(path: Path, data: bytes, scheme: Scheme, options: ReadOptions) -> Iterator[ReadItem]:
    from annotator.io.label_studio import read_label_studio_file

    return read_label_studio_file(path, data, scheme, options)


def _cas_xmi(path: Path, data: bytes, scheme: Scheme, options: ReadOptions) -> Iterator[ReadItem]:
    from annotator.io.cas import read_cas_file

    return read_cas_file(path, data, scheme, options, json=False)


def _cas_json(path: Path, data: bytes, scheme: Scheme, options: ReadOptions) -> Iterator[ReadItem]:
    from annotator.io.cas import read_cas_file

    return read_cas_file(path, data, scheme, options, json=True)


def _conll(path: Path, data: bytes, scheme: Scheme, options: ReadOptions) -> Iterator[ReadItem]:
    from annotator.io.conll_import import read_conll_file

    return read_conll_file(path, data, scheme, options)


def _conllu(path: Path, data: bytes, scheme: Scheme, options: ReadOptions) -> Iterator[ReadItem]:
    from annotator.io.conll_import import read_conllu_file

    return read_conllu_file(path, data, scheme, options)


def _spacy(path: Path, data: bytes, scheme: Scheme, options: ReadOptions) -> Iterator[ReadItem]:
    from annotator.io.docbin_import import read_docbin_file

    return read_docbin_file(path, data, scheme, options)


FORMATS: tuple[Format, ...] = (
    Format("text", "Plain text", (".txt", ".text"), _text),
    Format("jsonl", "Prodigy or doccano JSONL", (".jsonl", ".ndjson"), _jsonl),
    Format("doccano", "doccano JSONL", (), _doccano),
    Format("json", "JSON array of tasks", (), _json_tasks),
    Format("label-studio", "Label Studio JSON / JSON-MIN", (".json",), _label_studio),
    Format("cas-xmi", "UIMA CAS XMI (INCEpTION, WebAnno)", (".xmi",), _cas_xmi),
    Format("cas-json", "UIMA CAS JSON (INCEpTION)", (), _cas_json),
    Format("conll", "CoNLL-2003 BIO", (".conll", ".bio", ".iob", ".iob2"), _conll),
    Format("conllu", "CoNLL-U", (".conllu",), _conllu),
    Format("spacy", "spaCy DocBin", (".spacy",), _spacy),
)
BRAT = "brat"  # a .txt beside a .ann: handled by the sources, as a pair
BY_NAME = {f.name: f for f in FORMATS}
NAMES = (*BY_NAME, BRAT)
SUFFIXES = frozenset(s for f in FORMATS for s in f.suffixes) | {".ann"}


class Refusal(str):
    """Why a file cannot be read (a str, for the refusal line)."""


def known() -> str:
    """The formats we read, for messages."""
    return ", ".join(NAMES)


def by_name(name: str) -> Format:
    """The format called ``name``; KeyError's message lists those we read."""
    try:
        return BY_NAME[name.lower()]
    except KeyError:
        raise KeyError(f"unknown format {name!r} (formats read: {known()})") from None


def dialog_filters() -> str:
    """The file dialog's filters: every readable file first, then each format."""
    every = " ".join(f"*{s}" for s in sorted(SUFFIXES))
    own = [f"{f.title} ({' '.join('*' + s for s in f.suffixes)})" for f in FORMATS if f.suffixes]
    return ";;".join([f"Articles and annotations ({every})", *own, "brat standoff (*.ann)", "All files (*)"])


_WEBANNO_TSV = re.compile(rb"^\s*#FORMAT=WebAnno TSV")
_CONLLU_ROW = re.compile(
    r"^\d+(-\d+|\.\d+)?\t[^\t]*\t[^\t]*\t[^\t]*\t[^\t]*\t[^\t]*\t[^\t]*\t[^\t]*\t[^\t]*\t[^\t]*$"
)
_CONLL_ROW = re.compile(r"^\S+( \S+)* (O|[BIES][-_]\S+)$|^\S+(\t\S+)*\t(O|[BIES][-_]\S+)$")


def detect(path: Path, data: bytes) -> Format | Refusal:
    """The format of a file, from its content first and its name second."""
    suffix = path.suffix.lower()
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if suffix == ".spacy" or (head[:2] in (b"\x78\x9c", b"\x78\xda") and b"\x00" in data[:4096]):
        return BY_NAME["spacy"]
    if b"\x00" in data[:4096]:
        return Refusal("binary file (contains NUL bytes), not a format we read")
    if _WEBANNO_TSV.match(head):
        return Refusal(
            "WebAnno TSV is not read: export the project from INCEpTION/WebAnno as UIMA CAS XMI or CAS JSON "
            f"(formats read: {known()})"
        )
    if b"http://www.omg.org/XMI" in head[:2048] and head.startswith(b"<"):
        return BY_NAME["cas-xmi"]
    if head.startswith(b"<?xml"):
        return Refusal(f"XML that is not UIMA CAS XMI (formats read: {known()})")
    if head[:1] in (b"{", b"["):
        found = _json_kind(data, suffix)
        if found is not None:
            return found
    lines = _first_lines(data)
    if lines and _is_conllu(lines):
        return BY_NAME["conllu"]
    if lines and _is_conll(lines):
        return BY_NAME["conll"]
    for f in FORMATS:
        if suffix in f.suffixes:
            return f
    why = "a file without a suffix" if suffix == "" else f"unknown file type {suffix!r}"
    return Refusal(f"{why} whose content is none of ours (formats read: {known()}; or pass --format NAME)")


def _json_kind(data: bytes, suffix: str = "") -> Format | None:
    """JSONL (a first line that is a whole object: each line is then read by its keys),
    or JSON as a whole (Label Studio, CAS JSON, an array of tasks, one task over lines).

    The first line is looked at alone so that a big JSONL file is not decoded twice."""
    start = _skip_blank(data)
    end = data.find(b"\n", start)
    first = data[start : end if end >= 0 else len(data)]
    if len(first) > MAX_ARTICLE_BYTES and suffix in BY_NAME["jsonl"].suffixes:
        return BY_NAME["jsonl"]  # a line too big for one article: refused by size, never parsed
    try:
        line: Any = safe_json.loads(first.decode("utf-8-sig"))
    except (UnicodeDecodeError, InputError):
        line = None
    if isinstance(line, dict) and end >= 0 and data[end:].strip():
        return BY_NAME["jsonl"]
    try:
        value: Any = safe_json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, InputError):
        return BY_NAME["jsonl"] if isinstance(line, dict) else None
    from annotator.io.label_studio import is_label_studio

    if isinstance(value, dict) and "%FEATURE_STRUCTURES" in value:
        return BY_NAME["cas-json"]
    if is_label_studio(value):
        return BY_NAME["label-studio"]
    if isinstance(value, list) or data.strip().count(b"\n"):
        return BY_NAME["json"]  # an array of tasks, or one task over several lines
    return BY_NAME["jsonl"]  # one object on one line


def _skip_blank(data: bytes) -> int:
    """Where the content starts, past a BOM and white space."""
    head = data[:4096]
    return len(head) - len(head.lstrip(b"\xef\xbb\xbf \t\r\n"))


def _first_lines(data: bytes, limit: int = 50) -> list[str]:
    try:
        text = data[:65536].decode("utf-8-sig", errors="strict")
    except UnicodeDecodeError as exc:
        text = data[: exc.start].decode("utf-8-sig")
    return [line for line in text.splitlines()[:-1] or text.splitlines() if line.strip()][:limit]


def _is_conllu(lines: list[str]) -> bool:
    rows = [line for line in lines if not line.startswith("#")]
    comments = any(line.startswith(("# sent_id", "# text =", "# newdoc")) for line in lines)
    return bool(rows) and (comments or len(rows) >= 3) and all(_CONLLU_ROW.match(r) for r in rows)


def _is_conll(lines: list[str]) -> bool:
    if lines[0].startswith("-DOCSTART-"):
        return True
    rows = [line for line in lines if not line.startswith("-DOCSTART-")]
    return len(rows) >= 3 and all(_CONLL_ROW.match(r) for r in rows)

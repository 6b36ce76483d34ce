"""Reading CoNLL-2003 BIO and CoNLL-U files as articles with spans.

- CoNLL-2003: one token per line, its tag in the last column (``B-``/``I-``/``O``,
  also IOB1's leading ``I-`` and BIOES's ``E-``/``S-``), a blank line between
  sentences, ``-DOCSTART-`` between documents. The file keeps no white space, so
  a document's text is its tokens joined by spaces, a sentence per line.
- CoNLL-U (read with ``conllu``): ``# newdoc`` starts a document; each
  sentence's ``# text`` is its text (else its forms with ``SpaceAfter=No``
  honoured); a blank line joins sentences of a paragraph, a line break
  paragraphs (``# newpar``). Spans come from BIO tags in MISC (``NER=`` or
  ``NE=``), the usual place, when there are any.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError
from annotator.core.scheme import Scheme
from annotator.io.foreign import ForeignSpan, foreign_record
from annotator.io.items import Parsed, ReadItem, ReadOptions, Refused

DOCSTART = "-DOCSTART-"
MISC_KEYS = ("NER", "NE")


def read_conll_file(path: Path, data: bytes, scheme: Scheme, options: ReadOptions) -> Iterator[ReadItem]:
    """Each ``-DOCSTART-`` document of a CoNLL-2003 file as an article."""
    try:
        lines = data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        yield Refused(str(path), f"not UTF-8 (byte {exc.start})", len(data))
        return
    doc: list[tuple[int, str, str]] = []  # (line, token, tag); token "" = sentence break
    first = 1
    for number, line in enumerate([*lines, DOCSTART], 1):
        cols = line.split()
        if cols and cols[0] == DOCSTART:
            if any(token for _, token, _ in doc):
                yield _conll_doc(path, first, doc, scheme, options)
            doc, first = [], number + 1
        elif not cols:
            doc.append((number, "", ""))
        elif len(cols) < 2:
            yield Refused(f"{path}:{number}", "a CoNLL line needs a token and a tag", len(data))
            return
        else:
            doc.append((number, cols[0], cols[-1]))


def _conll_doc(
    path: Path, first: int, rows: list[tuple[int, str, str]], scheme: Scheme, options: ReadOptions
) -> ReadItem:
    where = f"{path}:{first}"
    text = ""
    tokens: list[tuple[int, int, str]] = []
    for _, token, tag in rows:
        if not token:  # a sentence ends: the next one starts on a line of its own
            if text and not text.endswith("\n"):
                text += "\n"
            continue
        if text and not text.endswith("\n"):
            text += " "
        tokens.append((len(text), len(text) + len(token), tag))
        text += token
    text = text.rstrip()
    try:
        spans = bio_spans(tokens)
        record, notes = foreign_record(text, spans, [], scheme, options, tool="conll", source=path.name)
    except InputError as exc:
        return Refused(where, exc.reason)
    return Parsed(record, where, sum(len(t) + len(g) + 2 for _, t, g in rows), notes)


def bio_spans(tokens: Sequence[tuple[int, int, str]]) -> list[ForeignSpan]:
    """Spans from (start, end, tag) tokens tagged BIO, IOB1 or BIOES."""
    spans: list[ForeignSpan] = []
    open_: list[Any] | None = None  # [start, end, label]
    for start, end, tag in tokens:
        if tag == "O" or tag == "_":
            prefix, label = "O", ""
        elif len(tag) > 2 and tag[1] in "-_" and tag[0] in "BIES":
            prefix, label = tag[0], tag[2:]
        else:
            raise InputError(f"tag {tag!r} is not B-, I-, E-, S- or O")
        if open_ is not None and (prefix in "OBS" or label != open_[2]):
            spans.append(ForeignSpan(open_[0], open_[1], open_[2]))
            open_ = None
        if prefix == "O":
            continue
        if open_ is None:
            open_ = [start, end, label]
        else:
            open_[1] = end
        if prefix in "ES":
            spans.append(ForeignSpan(open_[0], open_[1], open_[2]))
            open_ = None
    if open_ is not None:
        spans.append(ForeignSpan(open_[0], open_[1], open_[2]))
    return spans


def read_conllu_file(path: Path, data: bytes, scheme: Scheme, options: ReadOptions) -> Iterator[ReadItem]:
    """Each ``# newdoc`` document of a CoNLL-U file as an article."""
    import conllu

    try:
        sentences = conllu.parse(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        yield Refused(str(path), f"not UTF-8 (byte {exc.start})", len(data))
        return
    except Exception as exc:  # noqa: BLE001 (conllu raises its own and ValueError alike)
        yield Refused(str(path), f"not CoNLL-U ({type(exc).__name__}: {exc})", len(data))
        return
    docs: list[list[Any]] = []
    for sentence in sentences:
        if not docs or any(k.startswith("newdoc") for k in sentence.metadata):
            docs.append([])
        docs[-1].append(sentence)
    share = len(data) // max(1, len(docs))
    for n, doc in enumerate(docs, 1):
        where = f"{path}: document {n}"
        try:
            text, spans = _conllu_text(doc)
            record, notes = foreign_record(text, spans, [], scheme, options, tool="conllu", source=path.name)
        except InputError as exc:
            yield Refused(where, exc.reason, share)
            continue
        yield Parsed(record, where, share, notes)


def _conllu_text(sentences: list[Any]) -> tuple[str, list[ForeignSpan]]:
    text = ""
    tagged: list[tuple[int, int, str]] = []
    for k, sentence in enumerate(sentences):
        if k:
            text += "\n" if any(m.startswith("newpar") for m in sentence.metadata) else " "
        base = len(text)
        own = sentence.metadata.get("text")
        words = [t for t in sentence if not _inside_range(t, sentence)]
        if own is None:
            own = "".join(
                t["form"] + ("" if (t.get("misc") or {}).get("SpaceAfter") == "No" else " ") for t in words
            ).rstrip()
        at = 0
        for token in words:
            found = own.find(token["form"], at)
            if found < 0:
                sid = sentence.metadata.get("sent_id", k + 1)
                raise InputError(f"sentence {sid}: token {token['form']!r} is not in its # text")
            at = found + len(token["form"])
            misc = token.get("misc") or {}
            tag = next((misc[key] for key in MISC_KEYS if key in misc), "O") or "O"
            tagged.append((base + found, base + at, tag))
        text += own
    return text, bio_spans(tagged)


def _inside_range(token: Any, sentence: Any) -> bool:
    """A syntactic word inside a multiword token (``1-2``), or an empty node: the form is the range's."""
    tid = token["id"]
    if not isinstance(tid, int):
        return tid[1] == "."  # an empty node (8.1) has no form in the text; a range (1-2) has
    return any(
        isinstance(t["id"], tuple) and t["id"][1] == "-" and t["id"][0] <= tid <= t["id"][2] for t in sentence
    )

"""Any Unicode text, imported and read back, keeps its spans' offsets and text."""

import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from annotator.core.text import normalise_newlines
from annotator.store import Project
from annotator.usecases.importing import import_paths
from annotator.usecases.projects import new_project

# Favour what breaks offset arithmetic: astral characters, CR/LF, a BOM, combining marks.
TRICKY = st.sampled_from(["🙂", "𝔘", "😀", "\r\n", "\r", "\n", "\ufeff", "e\u0301", "“", "\u2028", " "])
TEXTS = st.lists(st.one_of(TRICKY, st.characters(exclude_categories=("Cs",))), min_size=1, max_size=80).map(
    "".join
)
_names = (f"annotator-{i}" for i in itertools.count())


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Project, Path]]:
    folder = tmp_path_factory.mktemp("prop")
    with new_project(folder / "prop.annotator") as project:
        yield project, folder


def _splits_crlf(text: str, offset: int) -> bool:
    return 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS, data=st.data())
def test_jsonl_spans_keep_offsets_and_text(
    shared: tuple[Project, Path], text: str, data: st.DataObject
) -> None:
    project, folder = shared
    assume(normalise_newlines(text).strip())
    bounds = st.integers(0, len(text))
    pairs = data.draw(st.lists(st.tuples(bounds, bounds), max_size=6))
    spans = sorted({(min(a, b), max(a, b)) for a, b in pairs if a != b})
    spans = [(s, e) for s, e in spans if not _splits_crlf(text, s) and not _splits_crlf(text, e)]
    assume(all(normalise_newlines(text[s:e]) for s, e in spans))
    annotator = next(_names)
    task = {
        "text": text,
        "spans": [
            {"start": s, "end": e, "label": "QUOTE", "type": "direct", "text": text[s:e]} for s, e in spans
        ],
    }
    path = folder / "in.jsonl"
    # A BOM at the start of the file, as editors on Windows write it.
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(task, ensure_ascii=False).encode("utf-8") + b"\n")
    report = import_paths(project, [path], annotator=annotator)
    assert report.ok, report.refused
    article_id = project.find_article(normalise_newlines(text))
    assert article_id is not None
    stored = project.article(article_id).text
    assert stored == normalise_newlines(text)
    got = project.annotation_set(article_id, annotator).spans
    assert sorted(stored[sp.start : sp.end] for sp in got) == sorted(
        normalise_newlines(text[s:e]) for s, e in spans
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_plain_text_files_keep_every_character_but_line_ends(shared: tuple[Project, Path], text: str) -> None:
    project, folder = shared
    assume(
        "\x00" not in text and normalise_newlines(text).strip() and not text.lstrip(" \t").startswith("date")
    )
    path = folder / "in.txt"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    report = import_paths(project, [path])
    assert report.ok, report.refused
    article_id = project.find_article(normalise_newlines(text))
    assert article_id is not None and project.article(article_id).text == normalise_newlines(text)

"""The self-test: the whole path a user takes, on a temporary project.

Create (migrations), import the bundled sample, load the pipeline, suggest,
export JSONL and ``.spacy``, reopen. It proves that an installation (or a
frozen bundle) carries everything it needs; it opens no window.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from annotator.resources import resources_dir
from annotator.store import Project
from annotator.store.migrate import MIGRATIONS, head_revision, known_revision
from annotator.suggest.engine import Engine
from annotator.usecases.exporting import Selection, export
from annotator.usecases.importing import import_paths
from annotator.usecases.projects import new_project, open_existing
from annotator.usecases.suggesting import load_engine, suggest_project
from annotator.usecases.team import server_driver

# What the engine must find in the sample article (resources/samples/): it is
# written to hold people, quotes and their speakers.
EXPECTED_LABELS = frozenset({"PERSON", "QUOTE"})
EXPECTED_RELATIONS = frozenset({"SPEAKER"})
FIRST_REVISION = "0001"


@dataclass(frozen=True, slots=True)
class Step:
    """One checked step: its name, whether it gave the expected result, and why."""

    name: str
    ok: bool
    detail: str


class StepFailed(Exception):
    """A step whose result was not the expected one (the message says how)."""


@dataclass(slots=True)
class _State:
    folder: Path
    path: Path
    project: Project | None = None
    engine: Engine | None = None
    articles: int = 0
    suggestions: int = 0
    relations: int = 0
    texts: tuple[str, ...] = ()

    @property
    def open(self) -> Project:
        assert self.project is not None
        return self.project


def run_self_test(
    on_step: Callable[[Step], None] = lambda step: None,
    folder: Path | None = None,
    engine: Engine | None = None,
) -> list[Step]:
    """Run every step in order; stop at the first failure.

    ``folder`` keeps the files (default: a temporary folder, removed after);
    ``engine`` is used instead of loading the pipeline (tests load it once).
    """
    with _workdir(folder) as where:
        state = _State(where, where / "self-test.annotator", engine=engine)
        steps: list[Step] = []
        try:
            for name, check in _CHECKS:
                try:
                    step = Step(name, True, check(state))
                except StepFailed as exc:
                    step = Step(name, False, str(exc))
                # A self-test reports every failure, whatever it is, as a failed
                # step with its reason rather than a traceback.
                except Exception as exc:  # noqa: BLE001
                    step = Step(name, False, f"{type(exc).__name__}: {exc}")
                steps.append(step)
                on_step(step)
                if not step.ok:
                    break
        finally:
            if state.project is not None:
                state.project.close()
        return steps


@contextmanager
def _workdir(folder: Path | None) -> Iterator[Path]:
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        yield folder
        return
    # ignore_cleanup_errors: on Windows SQLite may hold the file a moment longer.
    with tempfile.TemporaryDirectory(prefix="annotator-self-test-", ignore_cleanup_errors=True) as tmp:
        yield Path(tmp)


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise StepFailed(message)


def _create(state: _State) -> str:
    state.project = new_project(state.path)
    revision = state.open.schema_revision
    _expect(revision == head_revision(), f"schema {revision}, expected {head_revision()}")
    # HEAD is known without reading the scripts; an older revision makes Alembic
    # read them all from MIGRATIONS, which must exist as files (also when frozen).
    _expect(known_revision(FIRST_REVISION), f"migration scripts missing from {MIGRATIONS}")
    return f"schema {revision}, migrations read from {MIGRATIONS}"


def _import(state: _State) -> str:
    samples = resources_dir() / "samples"
    files = sorted(samples.glob("*.txt"))
    _expect(bool(files), f"no sample article in {samples}")
    report = import_paths(state.open, [samples])
    _expect(not report.refused, "; ".join(f"{r.where}: {r.reason}" for r in report.refused[:3]))
    _expect(report.imported == len(files), f"{report.imported} imported, expected {len(files)}")
    state.articles = report.imported
    state.texts = tuple(state.open.article(i).text for i in report.article_ids)
    return f"{report.imported} article(s) from {samples}"


def _load(state: _State) -> str:
    from annotator.suggest.pipeline import missing_message

    state.engine = state.engine or load_engine(state.open)
    info = state.engine.info
    _expect(not info.missing, missing_message())
    return f"{info.name} {info.version}"


def _suggest(state: _State) -> str:
    report = suggest_project(state.open, engine=state.engine)
    _expect(report.suggested == state.articles, f"{report.suggested} suggested, expected {state.articles}")
    labels: set[str] = set()
    relations: set[str] = set()
    for _, result in state.open.iter_suggested():
        labels.update(s.span.label for s in result.suggestions)
        relations.update(r.relation.label for r in result.relations)
    _expect(labels >= EXPECTED_LABELS, f"no {', '.join(sorted(EXPECTED_LABELS - labels))} suggested")
    _expect(
        relations >= EXPECTED_RELATIONS, f"no {', '.join(sorted(EXPECTED_RELATIONS - relations))} suggested"
    )
    state.suggestions, state.relations = report.spans, report.relations
    return f"{report.spans} spans ({', '.join(sorted(labels))}), {report.relations} relations"


def _export_jsonl(state: _State) -> str:
    output = state.folder / "suggestions.jsonl"
    export(state.open, "jsonl", output, Selection(suggestions=True))
    lines = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines() if line.strip()]
    _expect(len(lines) == state.articles, f"{len(lines)} lines, expected {state.articles}")
    _expect(
        {line["text"] for line in lines} == set(state.texts), "the exported texts differ from the imported"
    )
    spans = sum(len(line.get("spans", [])) for line in lines)
    _expect(spans == state.suggestions, f"{spans} spans written, expected {state.suggestions}")
    return f"{len(lines)} line(s), {spans} spans"


def _export_spacy(state: _State) -> str:
    from spacy.tokens import DocBin

    assert state.engine is not None
    output = state.folder / "suggestions.spacy"
    export(state.open, "spacy", output, Selection(suggestions=True))
    docs = list(DocBin().from_disk(output).get_docs(state.engine.nlp.vocab))
    _expect(len(docs) == state.articles, f"{len(docs)} docs, expected {state.articles}")
    _expect({doc.text for doc in docs} == set(state.texts), "the exported texts differ from the imported")
    spans = sum(len(doc.spans.get("sc", [])) for doc in docs)
    _expect(spans > 0, "no spans in doc.spans['sc']")
    return f"{len(docs)} doc(s), {spans} spans, {sum(len(doc.ents) for doc in docs)} ents"


def _reopen(state: _State) -> str:
    state.open.close()
    state.project = open_existing(state.path)
    counts = state.open.counts()
    _expect(counts.articles == state.articles, f"{counts.articles} articles, expected {state.articles}")
    _expect(
        counts.suggestions == state.suggestions,
        f"{counts.suggestions} suggestions, expected {state.suggestions}",
    )
    revision = state.open.schema_revision
    _expect(revision == head_revision(), f"schema {revision}, expected {head_revision()}")
    return f"{counts.articles} article(s), {counts.suggestions} suggestions, schema {revision}"


def _server_driver(state: _State) -> str:
    """The driver a team server project needs, loaded with its libpq (no server: nothing connects)."""
    try:
        return server_driver()
    except ImportError as exc:
        # A bundle must open server projects; an installation may leave the server extra out.
        _expect(not getattr(sys, "frozen", False), f"the bundle cannot open a team server project ({exc})")
        return f"not installed ({exc}); for team server projects: pip install 'news-claims-annotator[server]'"


_CHECKS: tuple[tuple[str, Callable[[_State], str]], ...] = (
    ("create a project", _create),
    ("import the bundled sample", _import),
    ("load the spaCy pipeline", _load),
    ("suggest", _suggest),
    ("export JSONL", _export_jsonl),
    ("export .spacy", _export_spacy),
    ("reopen the project", _reopen),
    ("load the team server driver (no connection)", _server_driver),
)

"""A span categorizer trained on a project's reviewed work, on top of a spaCy pipeline.

The model folder is the base pipeline (its components frozen, as shipped) plus
two ``spancat`` components, the :data:`HEADS`: one for short spans (ROLE, ORG,
CUE) over spaCy's n-grams, one for statements (QUOTE, DENIAL, CLAIM) over the
long candidates of :mod:`annotator.suggest.candidates` (apart, so that the few
statements are not drowned among the n-grams). Both read the base pipeline's
``tok2vec`` output (a listener: no second embedding to compute). Their
configuration is :data:`SPANCAT_CONFIG`, written here; the folder is an ordinary
spaCy pipeline (``meta.json`` + ``config.cfg``) that ``spacy.load`` opens.

Training parses each article once with the base pipeline, then updates only the
new component for a fixed number of epochs (``nlp.update`` with the base
components excluded), so an epoch costs the span scorer alone.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError
from annotator.suggest import pipeline

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import DocBin
    from spacy.training import Example

EXPORT_KEY = "sc"  # where the DocBin export keeps every reviewed span
DEFAULT_LABELS = ("ROLE", "ORG", "CUE", "QUOTE", "DENIAL", "CLAIM")
STATEMENT_LABELS = frozenset({"QUOTE", "DENIAL", "CLAIM"})  # long: the statement head
META_KEY = "annotator"  # our part of meta.json: labels, articles, fingerprint


@dataclass(frozen=True, slots=True)
class Head:
    """One spancat component: its name, where it writes its spans, its candidates."""

    name: str
    spans_key: str
    suggester: dict[str, Any]

    def wants(self, label: str) -> bool:
        return (label in STATEMENT_LABELS) == (self.name == STATEMENTS.name)


# Short spans (roles, sources, cues): every n-gram up to max_ngram tokens.
SHORT = Head(
    "annotator_spans",
    "annotator_spans",
    {"@misc": "spacy.ngram_range_suggester.v1", "min_size": 1, "max_size": 5},
)
# Statements (quotes, denials, claims): the long candidates of annotator.suggest.candidates.
STATEMENTS = Head(
    "annotator_statements", "annotator_statements", {"@misc": "annotator.statement_candidates.v1"}
)
HEADS = (SHORT, STATEMENTS)

# Each head's config (the suggester and spans_key are filled in per head).
SPANCAT_CONFIG = """
[component]
spans_key = "annotator_spans"
threshold = 0.5
max_positive = 1

[component.suggester]
@misc = "spacy.ngram_range_suggester.v1"
min_size = 1
max_size = 5

[component.model]
@architectures = "spacy.SpanCategorizer.v1"

[component.model.reducer]
@layers = "spacy.mean_max_reducer.v1"
hidden_size = 64

[component.model.scorer]
@layers = "spacy.LinearLogistic.v1"
nO = null
nI = null

[component.model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = 96
upstream = "tok2vec"
"""

# Used when the base pipeline has no tok2vec to listen to (rules alone, a transformer).
OWN_TOK2VEC = {
    "@architectures": "spacy.HashEmbedCNN.v2",
    "pretrained_vectors": None,
    "width": 96,
    "depth": 2,
    "embed_size": 2000,
    "window_size": 1,
    "maxout_pieces": 3,
    "subword_features": True,
}

PARSE_WITH = ("tok2vec", "parser", "sentencizer")  # what the candidates need on training docs
# Article-updates in all: 20 epochs of up to 250 articles, 8 of 640, 6 of 840 (PolNeAR
# train, a model of 640 articles scored on the other 200: 8 epochs beat 4 by +0.004
# content and +0.005 cue F1; 840 articles train in about 11 minutes on 2 cores).
UPDATES_WANTED = 5000

Progress = Callable[[int, int], None]


class TrainingError(AnnotatorError):
    """Training that cannot be done as asked."""


class TrainingCancelled(AnnotatorError):
    """The user stopped training; nothing was written."""


@dataclass(frozen=True, slots=True)
class TrainSettings:
    """How long and how to train (defaults: a few minutes on a few hundred articles)."""

    labels: tuple[str, ...] = DEFAULT_LABELS
    epochs: int | None = None  # None: about UPDATES_WANTED updates, 3 to 20 epochs
    batch_size: int = 2  # articles per update
    dropout: float = 0.1
    learn_rate: float = 0.003
    seed: int = 0
    max_ngram: int = 5

    def epochs_for(self, articles: int) -> int:
        """The epochs to run on this many training articles."""
        if self.epochs is not None:
            return self.epochs
        return max(3, min(20, -(-UPDATES_WANTED // max(articles, 1))))


@dataclass(slots=True)
class TrainResult:
    """What training did: spans seen per label, losses by epoch, held-out scores."""

    base: str
    labels: list[str]
    train_docs: int
    dev_docs: int
    spans: dict[str, int] = field(default_factory=dict)
    losses: list[float] = field(default_factory=list)
    scores: dict[str, dict[str, float]] = field(default_factory=dict)  # label -> p, r, f (exact)
    seconds: float = 0.0


def spancat_config(head: Head, settings: TrainSettings, tok2vec_width: int | None) -> dict[str, Any]:
    """A head's config (:data:`SPANCAT_CONFIG` with the head and settings filled in)."""
    from thinc.api import Config

    config = Config().from_str(SPANCAT_CONFIG, interpolate=False)["component"]
    config["spans_key"] = head.spans_key
    config["suggester"] = dict(head.suggester)
    if head is SHORT:
        config["suggester"]["max_size"] = settings.max_ngram
    if tok2vec_width is None:
        config["model"]["tok2vec"] = dict(OWN_TOK2VEC)
    else:
        config["model"]["tok2vec"]["width"] = tok2vec_width
    return dict(config)


def base_pipeline(base: str | None) -> tuple[Language, str]:
    """The pipeline to build on: the one named, else the best installed (never a trained one)."""
    nlp, info = pipeline.load(pipeline.choose(base))
    for head in HEADS:
        if head.name in nlp.pipe_names:
            nlp.remove_pipe(head.name)  # retraining a trained folder: start the heads afresh
    return nlp, info.name or "blank en (no pipeline installed)"


def train(
    base: str | None,
    train_bin: DocBin,
    dev_bin: DocBin,
    settings: TrainSettings | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> tuple[Language, TrainResult]:
    """Train the :data:`HEADS` on the reviewed docs of ``train_bin``; score it on ``dev_bin``.

    Progress counts articles: each parsed once, then once per epoch.
    Raises :class:`TrainingCancelled` when ``cancelled()`` turns true.
    """
    from thinc.api import Adam, fix_random_seed

    settings = settings or TrainSettings()
    fix_random_seed(settings.seed)
    started = time.perf_counter()
    nlp, base_name = base_pipeline(base)
    train_examples, spans = _examples(nlp, train_bin, settings.labels)
    if not spans:
        raise TrainingError(
            f"the reviewed articles hold no span of {', '.join(settings.labels)}: nothing to learn"
        )
    dev_examples, _ = _examples(nlp, dev_bin, settings.labels)
    n_train, n_all = len(train_examples), len(train_examples) + len(dev_examples)
    epochs = settings.epochs_for(n_train)
    total = n_all + epochs * n_train
    tick = _ticker(progress, total)
    _parse(nlp, train_examples + dev_examples, tick, cancelled)
    width = _tok2vec_width(nlp)
    sample = train_examples[:50]
    heads = []
    for head in HEADS:
        labels = sorted(label for label in spans if head.wants(label))
        if labels:
            spancat = nlp.add_pipe("spancat", name=head.name, config=spancat_config(head, settings, width))
            spancat.initialize(lambda: sample, nlp=nlp, labels=labels)  # type: ignore[attr-defined]
            heads.append(head.name)
    optimizer = Adam(settings.learn_rate)
    frozen = [name for name in nlp.pipe_names if name not in heads]
    result = TrainResult(base_name, sorted(spans), n_train, len(dev_examples), dict(spans))
    order = list(train_examples)
    rng = random.Random(settings.seed)
    done = n_all
    for _epoch in range(epochs):
        rng.shuffle(order)
        losses: dict[str, float] = {}
        for start in range(0, len(order), settings.batch_size):
            if cancelled():
                raise TrainingCancelled("training cancelled: no model written")
            batch = order[start : start + settings.batch_size]
            nlp.update(batch, sgd=optimizer, drop=settings.dropout, exclude=frozen, losses=losses)
            done += len(batch)
            tick(done)
        result.losses.append(round(sum(losses.values()), 3))
    result.scores = _score(nlp, heads, dev_examples or train_examples)
    result.seconds = round(time.perf_counter() - started, 1)
    return nlp, result


def save(nlp: Language, result: TrainResult, folder: Path, about: dict[str, Any]) -> None:
    """Write the pipeline to ``folder`` with what it was trained on in its meta.json."""
    meta = dict(nlp.meta)
    meta["name"] = "annotator_trained"
    meta["version"] = "1.0.0"
    meta["description"] = f"{result.base} with a span categorizer trained by annotator"
    meta[META_KEY] = {
        **about,
        "base": result.base,
        "labels": result.labels,
        "train_docs": result.train_docs,
        "dev_docs": result.dev_docs,
        "spans": result.spans,
        "scores": result.scores,
        "fingerprint": uuid.uuid4().hex[:12],
    }
    nlp.meta.update(meta)
    nlp.to_disk(folder)


def _examples(nlp: Language, docbin: DocBin, labels: Sequence[str]) -> tuple[list[Example], dict[str, int]]:
    """Reference docs from the export, their spans of ``labels`` under each head's key."""
    from spacy.training import Example

    wanted = set(labels)
    examples: list[Example] = []
    counts: dict[str, int] = {}
    for reference in docbin.get_docs(nlp.vocab):
        kept = [s for s in reference.spans.get(EXPORT_KEY, []) if s.label_ in wanted]
        for head in HEADS:
            reference.spans[head.spans_key] = [s for s in kept if head.wants(s.label_)]
        for span in kept:
            counts[span.label_] = counts.get(span.label_, 0) + 1
        examples.append(Example(nlp.make_doc(reference.text), reference))
    return examples, counts


def _parse(
    nlp: Language, examples: list[Example], tick: Callable[[int], None], cancelled: Callable[[], bool]
) -> None:
    """Run the (frozen) base pipeline once over every article: the predicted side."""
    texts = (eg.reference.text for eg in examples)
    # Only what the candidates and the listener read: the tok2vec output and the parse.
    with nlp.select_pipes(enable=[name for name in PARSE_WITH if name in nlp.pipe_names]):
        docs = nlp.pipe(texts, batch_size=8)
        for i, doc in enumerate(docs):
            if cancelled():
                raise TrainingCancelled("training cancelled: no model written")
            examples[i].predicted = doc
            tick(i + 1)


def _tok2vec_width(nlp: Language) -> int | None:
    if "tok2vec" not in nlp.pipe_names:
        return None
    try:
        return int(nlp.get_pipe("tok2vec").model.get_dim("nO"))  # type: ignore[attr-defined]
    except (ValueError, AttributeError):
        return None


def _score(nlp: Language, heads: list[str], examples: list[Example]) -> dict[str, dict[str, float]]:
    """Exact-match precision, recall and F1 per label on held-out examples."""
    out: dict[str, dict[str, float]] = {}
    for name in heads:
        spancat = nlp.get_pipe(name)
        for _doc in spancat.pipe([eg.predicted for eg in examples]):  # type: ignore[attr-defined]
            pass  # annotates in place
        key = spancat.key  # type: ignore[attr-defined]
        scores = spancat.score(examples)  # type: ignore[attr-defined]
        for label, prf in (scores.get(f"spans_{key}_per_type") or {}).items():
            out[label] = {k: round(float(v), 3) for k, v in prf.items()}
    return out


def _ticker(progress: Progress | None, total: int) -> Callable[[int], None]:
    if progress is None:
        return lambda done: None
    progress(0, total)
    return lambda done: progress(done, total)

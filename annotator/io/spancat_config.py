"""A ``spacy train`` config for a spancat pipeline on an exported ``.spacy`` corpus.

It is spaCy's own starter config (``spacy init config --pipeline spancat``,
made with the same function) with the corpus paths filled in and the
suggester changed: the starter's n-grams of 1 to 3 tokens cannot propose a
quote of 20 tokens, so spancat could never learn one (of the gold's 88
quotes and denials, 6 are that short). spaCy's ``span_finder`` learns where
spans start and end and proposes every span up to the longest of the export
(``spacy.preset_spans_suggester.v1`` hands them to spancat): it reaches the
long quotes without the millions of candidates that n-grams of every length
up to ~100 tokens would cost (8.7 GB and 6 minutes for 4 steps on the gold).
"""

from __future__ import annotations

from pathlib import Path

from annotator.io.docbin import SPANS_KEY


def spancat_config(train: Path, dev: Path, max_size: int) -> str:
    """The config's text."""
    from spacy.cli.init_config import init_config

    config = init_config(lang="en", pipeline=["spancat"], optimize="efficiency")
    config["paths"]["train"] = str(train)
    config["paths"]["dev"] = str(dev)
    config["nlp"]["pipeline"] = ["tok2vec", "span_finder", "spancat"]
    listener = dict(config["components"]["spancat"]["model"]["tok2vec"])
    config["components"]["span_finder"] = {
        "factory": "span_finder",
        # It learns from the reference's spans under this key and writes its candidates there
        # on the predicted docs, where spancat's suggester takes them.
        "spans_key": SPANS_KEY,
        "threshold": 0.5,
        "max_length": max_size,
        "min_length": 1,
        "scorer": {"@scorers": "spacy.span_finder_scorer.v1"},
        "model": {
            "@architectures": "spacy.SpanFinder.v1",
            "scorer": {"@layers": "spacy.LinearLogistic.v1", "nO": 2},
            "tok2vec": listener,
        },
    }
    component = config["components"]["spancat"]
    component["spans_key"] = SPANS_KEY
    component["suggester"] = {"@misc": "spacy.preset_spans_suggester.v1", "spans_key": SPANS_KEY}
    config["training"]["annotating_components"] = ["span_finder"]
    return config.to_str()

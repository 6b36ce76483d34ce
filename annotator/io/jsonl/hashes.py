"""Prodigy's ``_input_hash`` and ``_task_hash``, by the rule the README states.

The input hash is MurmurHash3 (32 bits, seed 0, signed) of the UTF-8 bytes of
``json.dumps({"text": text}, sort_keys=True)``; the task hash, of
``str(input_hash) + json.dumps({"spans": spans}, ensure_ascii=False)``, the
spans as the line writes them but without any ``score``. Of the keys Prodigy
documents for the task hash (spans, label, options, arcs) our tasks have only
spans.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

_ascii = json.encoder.encode_basestring_ascii  # what json.dumps(text) writes


def murmur(text: str | bytes) -> int:
    """32-bit MurmurHash3 of the string (signed; str is hashed as UTF-8)."""
    import murmurhash

    return int(murmurhash.hash(text))


def hashes(text: str, spans_json: str) -> tuple[int, int]:
    """Both hashes, given the spans' JSON without scores as the line writes them,
    joined by ``", "`` (what ``json.dumps`` puts between list items)."""
    input_hash = murmur('{"text": ' + _ascii(text) + "}")
    return input_hash, murmur(f'{input_hash}{{"spans": [{spans_json}]}}')


def hashes_of(text: str, spans: Sequence[Mapping[str, Any]]) -> tuple[int, int]:
    """Both hashes from the spans as objects (a line read back, or made the plain way)."""
    unscored = [{k: v for k, v in span.items() if k != "score"} for span in spans]
    return hashes(text, json.dumps(unscored, ensure_ascii=False)[1:-1])

"""Build tests/data/gold.jsonl from the readable annotation sources in src/.

Run from the repository root:

    .venv/bin/python tests/data/gold/build_gold.py [--corpus DIR] [--out FILE] [--check]

Each source (TOML) names its article (`file`, relative to the corpus folder) and
lists spans by their surface text, never by offsets. The script locates every
span in the article text exactly as the project stores it
(`annotator.core.text.read_plain_text`), checks the annotation against the
scheme and fails loudly (exit status 1, every problem listed) on anything
ambiguous, missing or inconsistent. With --check it writes nothing and only
verifies that the existing output file is up to date.

Source format (see GUIDELINES.md for the annotation decisions):

    file = "dev/002.txt"

    [[span]]
    id = "q1"                 # needed only if a relation refers to the span
    label = "QUOTE"           # PERSON ROLE QUOTE DENIAL CUE CLAIM ORG
    text = "exact surface text"
    occurrence = 2            # 1-based among all exact occurrences (after left/right
                              # filtering); a list [1, 3, 4] makes one span each
                              # (no id then); omitted = the text must be unique
    left = "..."              # optional: text that must immediately precede
    right = "..."             # optional: text that must immediately follow
    type = "direct"           # QUOTE and DENIAL only, required there
    speaker = "p3"            # shorthand for a SPEAKER relation (this -> p3); a list only
                              # for a joint statement by several sources
    cue = "c1"                # shorthand for CUE_OF (c1 -> this); a list allowed
    role_of = "p2"            # ROLE only: ROLE_OF (this -> p2)
    denies = "cl1"            # DENIAL only: DENIES (this -> cl1); a list allowed
    no_speaker = "why"        # QUOTE/DENIAL whose source the text does not name
    relays = "q4"             # ORG that passes on a statement whose SPEAKER is its source
    note = "free comment"

    [[relation]]              # the long form of the same relations
    label = "SPEAKER"
    head = "q1"
    child = "p3"

    [[not_person]]            # a word-bounded occurrence of a PERSON string that is
    text = "Mohamed"          # deliberately not a PERSON mention (coverage check)
    occurrence = 3
    why = "..."
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(REPO))

from annotator.core.text import read_plain_text  # noqa: E402

ORDER = ["seed", "002", "005", "007", "010", "012", "014", "016"]
DEFAULT_CORPUS = REPO / "tests" / "data" / "corpus"
DEFAULT_OUT = REPO / "tests" / "data" / "gold.jsonl"

LABELS = ["PERSON", "ROLE", "QUOTE", "DENIAL", "CUE", "CLAIM", "ORG"]
QUOTE_LABELS = {"QUOTE", "DENIAL"}
TYPES = {"direct", "indirect"}
# scheme.md, relation table: label -> (allowed head labels, allowed child labels)
RELATIONS: dict[str, tuple[set[str], set[str]]] = {
    "SPEAKER": ({"QUOTE", "DENIAL"}, {"PERSON", "ROLE", "ORG"}),
    "ROLE_OF": ({"ROLE"}, {"PERSON"}),
    "CUE_OF": ({"CUE"}, {"QUOTE", "DENIAL"}),
    "DENIES": ({"DENIAL"}, {"CLAIM"}),
}
SHORTHAND = {"speaker": "SPEAKER", "role_of": "ROLE_OF", "denies": "DENIES"}
SPAN_KEYS = {
    "id",
    "label",
    "text",
    "occurrence",
    "left",
    "right",
    "type",
    "speaker",
    "cue",
    "role_of",
    "denies",
    "no_speaker",
    "relays",
    "note",
}
QUOTE_MARKS = set("\"'“”‘’«»„")


class GoldError(Exception):
    pass


def occurrences(text: str, needle: str) -> list[int]:
    """Start offsets of every occurrence of needle (overlapping ones included)."""
    found, i = [], text.find(needle)
    while i != -1:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def word_bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or after.isalnum())


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def locate(text: str, entry: dict[str, Any], where: str) -> list[int]:
    """Start offsets for one source entry (one per requested occurrence)."""
    needle = entry.get("text")
    if not isinstance(needle, str) or not needle:
        raise GoldError(f"{where}: missing or empty 'text'")
    starts = occurrences(text, needle)
    left, right = entry.get("left"), entry.get("right")
    if left is not None:
        starts = [s for s in starts if text[max(0, s - len(left)) : s] == left]
    if right is not None:
        starts = [s for s in starts if text[s + len(needle) : s + len(needle) + len(right)] == right]
    ctx = f" (left={left!r}, right={right!r})" if left is not None or right is not None else ""
    if not starts:
        raise GoldError(f"{where}: text {needle!r} not found{ctx}")
    occ = entry.get("occurrence")
    if occ is None:
        if len(starts) != 1:
            raise GoldError(
                f"{where}: text {needle!r} occurs {len(starts)} times{ctx}; give 'occurrence' or context"
            )
        return starts
    picked = []
    for k in as_list(occ):
        if not isinstance(k, int) or isinstance(k, bool) or k < 1:
            raise GoldError(f"{where}: bad occurrence {k!r} (1-based integer expected)")
        if k > len(starts):
            raise GoldError(f"{where}: occurrence {k} of {needle!r}{ctx} does not exist (only {len(starts)})")
        picked.append(starts[k - 1])
    if len(set(picked)) != len(picked):
        raise GoldError(f"{where}: repeated occurrence in {occ!r}")
    return picked


def build_article(key: str, src_path: Path, corpus: Path) -> tuple[dict[str, Any], list[str]]:
    """One Prodigy-style task for one source file; returns (task, warnings)."""
    errors: list[str] = []
    warnings: list[str] = []
    with src_path.open("rb") as fh:
        src = tomllib.load(fh)
    unknown_top = set(src) - {"file", "span", "relation", "not_person", "note"}
    if unknown_top:
        raise GoldError(f"{src_path.name}: unknown top-level keys {sorted(unknown_top)}")
    rel_file = src.get("file")
    if not isinstance(rel_file, str):
        raise GoldError(f"{src_path.name}: 'file' missing")
    article = read_plain_text((corpus / rel_file).read_bytes())
    text = article.text

    spans: list[dict[str, Any]] = []  # each: start, end, label, type?, src-entry
    by_id: dict[str, dict[str, Any]] = {}
    seen: dict[tuple[int, int, str], str] = {}
    pending: list[tuple[str, str, str, str]] = []  # (label, head id, child id, where)

    for n, entry in enumerate(src.get("span", []), 1):
        where = f"{src_path.name} span #{n} ({entry.get('id', entry.get('text', '?'))!r})"
        try:
            bad_keys = set(entry) - SPAN_KEYS
            if bad_keys:
                raise GoldError(f"{where}: unknown keys {sorted(bad_keys)}")
            label = entry.get("label")
            if label not in LABELS:
                raise GoldError(f"{where}: unknown label {label!r}")
            needle = entry.get("text", "")
            if isinstance(needle, str) and needle != needle.strip():
                raise GoldError(f"{where}: text has leading/trailing white space")
            if label in QUOTE_LABELS:
                if entry.get("type") not in TYPES:
                    raise GoldError(f"{where}: {label} needs type = direct|indirect")
            elif "type" in entry:
                raise GoldError(f"{where}: 'type' is only for QUOTE/DENIAL")
            if "no_speaker" in entry and label not in QUOTE_LABELS:
                raise GoldError(f"{where}: 'no_speaker' is only for QUOTE/DENIAL")
            if "relays" in entry and label != "ORG":
                raise GoldError(f"{where}: 'relays' is only for ORG")
            if "id" in entry and isinstance(entry.get("occurrence"), list):
                raise GoldError(f"{where}: an entry with several occurrences cannot have an id")
            starts = locate(text, entry, where)
            for start in starts:
                end = start + len(needle)
                if (start, end, label) in seen:
                    raise GoldError(
                        f"{where}: duplicate of {seen[(start, end, label)]} ({label} {start}-{end})"
                    )
                if not word_bounded(text, start, end):
                    raise GoldError(f"{where}: {needle!r} at {start} cuts a word")
                if label in QUOTE_LABELS and entry["type"] == "direct":
                    before = text[start - 1] if start > 0 else "\n"
                    after = text[end] if end < len(text) else "\n"
                    if before not in QUOTE_MARKS and before != "\n":
                        raise GoldError(f"{where}: direct quote does not start after a quotation mark")
                    if after not in QUOTE_MARKS and after != "\n":
                        raise GoldError(f"{where}: direct quote does not end at a quotation mark")
                span = {"start": start, "end": end, "label": label, "entry": entry, "where": where}
                if label in QUOTE_LABELS:
                    span["type"] = entry["type"]
                seen[(start, end, label)] = where
                spans.append(span)
            if "id" in entry:
                sid = entry["id"]
                if sid in by_id:
                    raise GoldError(f"{where}: duplicate id {sid!r}")
                by_id[sid] = spans[-1]
                for field, rel in SHORTHAND.items():
                    for child in as_list(entry.get(field, [])):
                        pending.append((rel, sid, child, where))
                for cue in as_list(entry.get("cue", [])):
                    pending.append(("CUE_OF", cue, sid, where))
            elif any(f in entry for f in (*SHORTHAND, "cue", "relays")):
                raise GoldError(f"{where}: relation shorthand needs an 'id'")
        except GoldError as exc:
            errors.append(str(exc))

    for n, rel in enumerate(src.get("relation", []), 1):
        where = f"{src_path.name} relation #{n}"
        pending.append((rel.get("label"), rel.get("head"), rel.get("child"), where))

    relations: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    rel_seen: set[tuple[str, str, str]] = set()
    for label, head_id, child_id, where in pending:
        try:
            if label not in RELATIONS:
                raise GoldError(f"{where}: unknown relation {label!r}")
            if head_id not in by_id:
                raise GoldError(f"{where}: {label} head id {head_id!r} not defined")
            if child_id not in by_id:
                raise GoldError(f"{where}: {label} child id {child_id!r} not defined")
            head, child = by_id[head_id], by_id[child_id]
            heads, children = RELATIONS[label]
            if head["label"] not in heads or child["label"] not in children:
                raise GoldError(
                    f"{where}: {label} {head_id}({head['label']}) -> {child_id}({child['label']})"
                    f" not allowed; scheme allows {sorted(heads)} -> {sorted(children)}"
                )
            k = (label, head_id, child_id)
            if k in rel_seen:
                raise GoldError(f"{where}: duplicate relation {k}")
            rel_seen.add(k)
            relations.append((label, head, child))
        except GoldError as exc:
            errors.append(str(exc))

    # Consistency checks over the whole article.
    incoming: dict[int, Counter[str]] = {id(s): Counter() for s in spans}
    outgoing: dict[int, Counter[str]] = {id(s): Counter() for s in spans}
    for label, head, child in relations:
        outgoing[id(head)][label] += 1
        incoming[id(child)][label] += 1
    relayed: set[int] = set()
    for s in spans:
        if "relays" in s["entry"]:
            target = by_id.get(s["entry"]["relays"])
            if target is None or target["label"] not in QUOTE_LABELS:
                errors.append(f"{s['where']}: 'relays' must name a QUOTE/DENIAL id")
            else:
                relayed.add(id(s))
    for s in spans:
        where, out, inc = s["where"], outgoing[id(s)], incoming[id(s)]
        if s["label"] in QUOTE_LABELS:
            n_speakers = out["SPEAKER"]
            if "no_speaker" in s["entry"]:
                if n_speakers:
                    errors.append(f"{where}: has a SPEAKER and 'no_speaker'")
            else:
                # one speaker; several only for a joint statement listed as speaker = [..]
                need = max(1, len(as_list(s["entry"].get("speaker", []))))
                if n_speakers != need:
                    errors.append(f"{where}: {s['label']} has {n_speakers} SPEAKER relations (need {need})")
        if s["label"] == "CUE" and not out["CUE_OF"]:
            errors.append(f"{where}: CUE without CUE_OF")
        if s["label"] == "CLAIM" and not inc["DENIES"]:
            errors.append(f"{where}: CLAIM that no DENIAL DENIES")
        if s["label"] == "ORG" and not inc["SPEAKER"] and id(s) not in relayed:
            errors.append(f"{where}: ORG that is nobody's SPEAKER (only sources are ORG)")
        if s["label"] == "ROLE" and out["ROLE_OF"] > 1:
            errors.append(f"{where}: ROLE with {out['ROLE_OF']} ROLE_OF relations")

    # Nesting: a PERSON/ROLE/ORG/CUE strictly inside another span of the same label is a slip.
    for lab in ("PERSON", "ROLE", "ORG", "CUE"):
        same = [s for s in spans if s["label"] == lab]
        for a in same:
            for b in same:
                if a is not b and b["start"] <= a["start"] and a["end"] <= b["end"]:
                    errors.append(f"{a['where']}: {lab} nested inside {b['where']}")
        for a in same:
            for b in same:
                if a is not b and a["start"] < b["start"] < a["end"] < b["end"]:
                    errors.append(f"{a['where']}: {lab} overlaps {b['where']}")

    # Coverage: every word-bounded occurrence of a PERSON string is inside a PERSON span.
    persons = [(s["start"], s["end"]) for s in spans if s["label"] == "PERSON"]
    exempt: set[int] = set()
    for n, entry in enumerate(src.get("not_person", []), 1):
        where = f"{src_path.name} not_person #{n}"
        try:
            if not entry.get("why"):
                raise GoldError(f"{where}: give 'why'")
            exempt.update(locate(text, entry, where))
        except GoldError as exc:
            errors.append(str(exc))
    for surface in sorted({text[a:b] for a, b in persons}):
        for start in occurrences(text, surface):
            end = start + len(surface)
            if not word_bounded(text, start, end) or start in exempt:
                continue
            if not any(a <= start and end <= b for a, b in persons):
                line = text.count("\n", 0, start) + 1
                errors.append(
                    f"{src_path.name}: PERSON string {surface!r} at {start} (line {line}) is not"
                    f" inside any PERSON span: {text[max(0, start - 30) : end + 30]!r}"
                )
    # Advisory: occurrences of ROLE strings that are not inside any ROLE span.
    roles = [(s["start"], s["end"]) for s in spans if s["label"] == "ROLE"]
    for surface in sorted({text[a:b] for a, b in roles}):
        for start in occurrences(text, surface):
            end = start + len(surface)
            if word_bounded(text, start, end) and not any(a <= start and end <= b for a, b in roles):
                warnings.append(
                    f"{src_path.name}: ROLE string {surface!r} unlabelled at {start}:"
                    f" {text[max(0, start - 30) : end + 30]!r}"
                )

    if errors:
        raise GoldError("\n".join(errors))

    def ref(s: dict[str, Any]) -> dict[str, Any]:
        return {"start": s["start"], "end": s["end"], "label": s["label"]}

    out_spans = []
    for s in sorted(spans, key=lambda s: (s["start"], s["end"], s["label"])):
        item: dict[str, Any] = ref(s)
        if "type" in s:
            item["type"] = s["type"]
        item["text"] = text[s["start"] : s["end"]]
        assert item["text"] == s["entry"]["text"], (item, s["entry"]["text"])
        out_spans.append(item)
    out_rels = [
        {"label": label, "head_span": ref(head), "child_span": ref(child)}
        for label, head, child in sorted(
            relations,
            key=lambda r: (r[1]["start"], r[1]["end"], r[1]["label"], r[0], r[2]["start"], r[2]["end"]),
        )
    ]
    task = {
        "text": text,
        "meta": {"file": rel_file, "date": article.date.isoformat() if article.date else None},
        "spans": out_spans,
        "relations": out_rels,
        "answer": "accept",
        "_annotator_id": "gold",
    }
    return task, warnings


def counts(task: dict[str, Any]) -> tuple[Counter[str], Counter[str]]:
    spans: Counter[str] = Counter()
    for s in task["spans"]:
        spans[s["label"]] += 1
        if "type" in s:
            spans[f"{s['label']}.{s['type']}"] += 1
    rels: Counter[str] = Counter(r["label"] for r in task["relations"])
    return spans, rels


def show(task: dict[str, Any]) -> None:
    """Print an article's annotation for proof-reading: spans in text order, then relations."""
    text = task["text"]
    for s in task["spans"]:
        line = text.count("\n", 0, s["start"]) + 1
        typ = f"/{s['type']}" if "type" in s else ""
        print(f"  L{line:<3} {s['start']:5}-{s['end']:<5} {s['label'] + typ:16} {s['text']!r}")
    for r in task["relations"]:
        h, c = r["head_span"], r["child_span"]
        print(
            f"  {r['label']:8} {text[h['start'] : h['end']][:60]!r} -> {text[c['start'] : c['end']][:50]!r}"
        )


def fmt(c: Counter[str], keys: list[str]) -> str:
    return "  ".join(f"{k}={c[k]}" for k in keys if c[k] or "." not in k)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true", help="verify the output is up to date; write nothing")
    ap.add_argument("--quiet-warnings", action="store_true")
    ap.add_argument("--only", nargs="*", default=None, help="build and show only these articles (no write)")
    args = ap.parse_args(argv)

    tasks, failed = [], False
    span_keys = [
        k
        for lab in LABELS
        for k in ([lab, f"{lab}.direct", f"{lab}.indirect"] if lab in QUOTE_LABELS else [lab])
    ]
    rel_keys = list(RELATIONS)
    total_s: Counter[str] = Counter()
    total_r: Counter[str] = Counter()
    for key in args.only if args.only is not None else ORDER:
        src_path = HERE / "src" / f"{key}.toml"
        try:
            task, warnings = build_article(key, src_path, args.corpus)
        except (GoldError, OSError, tomllib.TOMLDecodeError) as exc:
            print(f"ERROR in {src_path.name}:\n{exc}", file=sys.stderr)
            failed = True
            continue
        if not args.quiet_warnings:
            for w in warnings:
                print(f"  note: {w}")
        tasks.append(task)
        s, r = counts(task)
        total_s.update(s)
        total_r.update(r)
        print(f"{key:5} {task['meta']['file']:32} spans {len(task['spans']):3}: {fmt(s, span_keys)}")
        print(f"{'':38} rels  {len(task['relations']):3}: {fmt(r, rel_keys)}")
        if args.only is not None:
            show(task)
    if args.only is not None:
        return 1 if failed else 0
    if failed:
        print("FAILED: gold not written", file=sys.stderr)
        return 1
    print(f"TOTAL spans {sum(total_s[k] for k in LABELS)}: {fmt(total_s, span_keys)}")
    print(f"TOTAL rels  {sum(total_r.values())}: {fmt(total_r, rel_keys)}")
    payload = "".join(json.dumps(t, ensure_ascii=False) + "\n" for t in tasks)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else None
        if current != payload:
            print(f"{args.out} is out of date: rebuild it", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(payload, encoding="utf-8")
    print(f"wrote {args.out} ({len(tasks)} articles)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

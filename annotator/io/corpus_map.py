"""Corpus mapping files: an annotated corpus's brat labels, relations and events
(PolNeAR's ``Attribution`` events, say) onto the project's scheme.

``annotator import --map FILE`` reads a file with an ``[events]`` or ``[files]``
table, or a label given as a table, as such a corpus map (for brat folders);
any other mapping file is a plain renaming (:mod:`annotator.io.label_map`)::

    name = "PolNeAR -> news-claims"
    [labels]                       # foreign span label -> ours ("" = drop on purpose)
    Cue = "CUE"
    Discuss = ""
    Content = { label = "QUOTE", type = "quotation-marks" }
    Source = { label = "PERSON", by_head_word = { ROLE = "role_nouns" }, pronouns = "drop" }
    [relations]                    # foreign relation -> ours
    Speaks = "SPEAKER"
    [events.Attribution]           # an event's roles as relations: ours = [head role, child role]
    CUE_OF = ["Cue", "Content"]
    [files]                        # where the texts are, for corpora that keep them apart
    text_folder = "../text"
    annotator_from_suffix = true   # "story_d473.ann" is annotator d473's file for "story.txt"

- ``type = "quotation-marks"``: a span that is one quotation (opening mark to
  closing mark) becomes ``type=direct`` with the marks cut off; anything else is
  ``type=indirect``.
- ``by_head_word``: the span's last word, looked up in the shipped word lists
  (resources/lexicons/NAME.txt), picks another label; ``pronouns = "drop"``
  drops a span that is only a pronoun (the scheme labels names, not pronouns),
  and with it the relations that point at it.
- Roles numbered by brat (``Content2``) count as their base name.

Whatever the mapping does not cover, or drops, is counted per kind in a
:class:`Tally`, with the first place it was met, so the import can name it.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError
from annotator.core.model import Relation, Span
from annotator.resources import lexicon

QUOTATION_MARKS = "quotation-marks"
OPENING = '"“„«'
CLOSING = '"”»“'
PRONOUNS = frozenset(
    """
    i me my we us our you your he him his she her they them their it its this that these those
    who one someone somebody everyone everybody anyone anybody people some many others
    myself ourselves yourself himself herself themselves itself
    """.split()
)
_NAME = re.compile(r"[A-Za-z][\w-]{0,63}")
_FOLDER = re.compile(r"(?:\.\./)?[\w.-]{1,64}")
_SUFFIX = re.compile(r"_([0-9A-Za-z]{1,16})$")
_MAX_ENTRIES = 500


@dataclass(frozen=True, slots=True)
class LabelRule:
    """What one foreign span label becomes."""

    label: str  # "" = dropped on purpose
    type_rule: str = ""
    by_head_word: tuple[tuple[str, frozenset[str]], ...] = ()
    drop_pronouns: bool = False


@dataclass(frozen=True, slots=True)
class Foreign:
    """A foreign text-bound annotation: its id, label and pieces (offsets in the stored text)."""

    tid: str
    label: str
    pieces: tuple[tuple[int, int], ...]
    line: int


@dataclass(slots=True)
class Tally:
    """What a mapping left out, by kind, with the first place met."""

    counts: Counter[str] = field(default_factory=Counter)
    first: dict[str, str] = field(default_factory=dict)

    def add(self, kind: str, where: str) -> None:
        self.counts[kind] += 1
        self.first.setdefault(kind, where)

    def lines(self) -> list[str]:
        """One line per kind: count, kind, first place."""
        return [f"{n} x {kind} (first at {self.first[kind]})" for kind, n in self.counts.most_common()]


@dataclass(frozen=True, slots=True)
class CorpusMap:
    """A loaded mapping file."""

    name: str
    labels: Mapping[str, LabelRule]
    relations: Mapping[str, str]
    events: Mapping[str, tuple[tuple[str, str, str], ...]]  # type -> (ours, head role, child role)
    text_folder: str = ""
    annotator_from_suffix: bool = False

    def text_for(self, ann: Path) -> Path:
        """The text file of a ``.ann``: beside it, or in the mapping's text folder."""
        stem = ann.stem
        if self.annotator_from_suffix:
            stem = _SUFFIX.sub("", stem) or stem
        folder = (ann.parent / self.text_folder) if self.text_folder else ann.parent
        return folder / f"{stem}.txt"

    def annotator_for(self, ann: Path) -> str | None:
        """The annotator a file's name gives (``story_d473.ann`` -> ``d473``), if the mapping says so."""
        if not self.annotator_from_suffix:
            return None
        match = _SUFFIX.search(ann.stem)
        return match.group(1) if match else None

    def apply(
        self,
        text: str,
        bounds: list[Foreign],
        relations: list[tuple[int, str, str, str]],
        events: list[tuple[int, str, list[tuple[str, str]]]],
        tally: Tally,
        where: str,
    ) -> tuple[list[Span], list[Relation]]:
        """Foreign text-bounds, relations and events as spans and relations of ours."""
        spans: dict[str, list[Span]] = {}
        for bound in bounds:
            rule = self.labels.get(bound.label)
            if rule is None:
                tally.add(f"span label {bound.label!r} not in the map", f"{where}:{bound.line}")
                continue
            if not rule.label:
                tally.add(f"span label {bound.label!r} dropped by the map", f"{where}:{bound.line}")
                continue
            made = [s for s in (self._span(text, rule, piece) for piece in bound.pieces) if s is not None]
            if not made:
                tally.add(f"{bound.label} that is only a pronoun (dropped)", f"{where}:{bound.line}")
                continue
            spans[bound.tid] = made
        out: list[Relation] = []
        for number, label, head, child in relations:
            ours = self.relations.get(label)
            if not ours:
                state = "dropped by" if ours == "" else "not in"
                tally.add(f"relation {label!r} {state} the map", f"{where}:{number}")
                continue
            out += _link(ours, spans.get(head, []), spans.get(child, []))
        for number, kind, roles in events:
            rules = self.events.get(kind)
            if rules is None:
                tally.add(f"event {kind!r} not in the map", f"{where}:{number}")
                continue
            by_role: dict[str, list[Span]] = {}
            for role, tid in roles:
                by_role.setdefault(role.rstrip("0123456789"), []).extend(spans.get(tid, []))
            for ours, head_role, child_role in rules:
                heads, children = by_role.get(head_role, []), by_role.get(child_role, [])
                if not heads or not children:
                    if head_role in by_role or child_role in by_role:
                        tally.add(f"{ours} from event {kind!r} without both ends", f"{where}:{number}")
                    continue
                out += _link(ours, heads, children)
        unique = {s.key: s for made in spans.values() for s in made}
        return list(unique.values()), list({(r.label, r.head.key, r.child.key): r for r in out}.values())

    def _span(self, text: str, rule: LabelRule, piece: tuple[int, int]) -> Span | None:
        start, end = piece
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            return None
        words = re.findall(r"[\w'’-]+", text[start:end].lower())
        if rule.drop_pronouns and words and all(w in PRONOUNS for w in words):
            return None
        label = rule.label
        if words and rule.by_head_word:
            head = re.sub(r"['’]s$", "", words[-1])
            label = next((ours for ours, heads in rule.by_head_word if head in heads), label)
        attrs: dict[str, str] = {}
        if rule.type_rule == QUOTATION_MARKS:
            start, end, kind = _quotation(text, start, end)
            attrs["type"] = kind
        return Span(start, end, label, attrs)


def _link(label: str, heads: list[Span], children: list[Span]) -> list[Relation]:
    return [Relation(label, h, c) for h in heads for c in children]


def _quotation(text: str, start: int, end: int) -> tuple[int, int, str]:
    """A span that is one quotation: direct, without its marks; else indirect as it is.
    Two apostrophes (''so'') count as one double mark, as some newspapers' feeds write it."""
    inner_end = end
    while inner_end > start and text[inner_end - 1] in ".,;:!?":  # '"...".' ends after the mark
        inner_end -= 1
    part = text[start:inner_end]
    opening = 2 if part.startswith("''") else 1 if part[:1] and part[0] in OPENING else 0
    closing = 2 if part.endswith("''") else 1 if part[-1:] and part[-1] in CLOSING else 0
    inside = part[opening : len(part) - closing]
    if (
        opening
        and closing
        and len(part) > opening + closing
        and not any(ch in OPENING or ch in CLOSING for ch in inside)
        and "''" not in inside
    ):
        a, b = start + opening, inner_end - closing
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            return a, b, "direct"
    that = re.match(r"that\s+", text[start:end])  # the scheme's indirect quote leaves out "that"
    if that and end - start > that.end():
        start += that.end()
    return start, end, "indirect"


# -- loading -------------------------------------------------------------------
def load_map(path: Path) -> CorpusMap:
    """Read and check a mapping file; InputError names the file and what is wrong."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the mapping file ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML ({exc})") from None
    try:
        return parse_map(data)
    except InputError as exc:
        raise InputError(f"{path}: {exc.reason}") from None


def parse_map(data: Mapping[str, Any]) -> CorpusMap:
    """A mapping from parsed TOML, every value's shape checked."""
    name = data.get("name", "")
    if not isinstance(name, str):
        raise InputError("'name' must be a string")
    labels = {key: _label_rule(key, value) for key, value in _table(data, "labels").items()}
    relations = {key: _label(f"relations.{key}", value) for key, value in _table(data, "relations").items()}
    events: dict[str, tuple[tuple[str, str, str], ...]] = {}
    for kind, roles in _table(data, "events").items():
        _check_name(kind, "events")
        if not isinstance(roles, Mapping):
            raise InputError(f"events.{kind} must be a table of RELATION = [head role, child role]")
        rules = []
        for ours, ends in roles.items():
            _check_name(ours, f"events.{kind}")
            if not (isinstance(ends, list) and len(ends) == 2 and all(isinstance(e, str) for e in ends)):
                raise InputError(f"events.{kind}.{ours} must be [head role, child role]")
            rules.append((ours, ends[0], ends[1]))
        events[kind] = tuple(rules)
    files = _table(data, "files")
    folder = files.get("text_folder", "")
    if not isinstance(folder, str) or (folder and not _FOLDER.fullmatch(folder)) or folder in ("..", "."):
        raise InputError("files.text_folder must be a folder name, optionally with ../ in front")
    suffix = files.get("annotator_from_suffix", False)
    if not isinstance(suffix, bool):
        raise InputError("files.annotator_from_suffix must be true or false")
    return CorpusMap(name, labels, relations, events, folder, suffix)


def _table(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, Mapping):
        raise InputError(f"[{key}] must be a table")
    if len(value) > _MAX_ENTRIES:
        raise InputError(f"[{key}] has more than {_MAX_ENTRIES} entries")
    return value


def _check_name(name: str, where: str) -> None:
    if not _NAME.fullmatch(name):
        raise InputError(f"{where}: {name[:40]!r} is not a label name")


def _label(where: str, value: Any) -> str:
    if not isinstance(value, str) or (value and not _NAME.fullmatch(value)):
        raise InputError(f'{where} must be a label name or "" (drop)')
    return value


def _label_rule(key: str, value: Any) -> LabelRule:
    if isinstance(value, str):
        return LabelRule(_label(f"labels.{key}", value))
    if not isinstance(value, Mapping):
        raise InputError(f"labels.{key} must be a label name or a table")
    unknown = set(value) - {"label", "type", "by_head_word", "pronouns"}
    if unknown:
        raise InputError(f"labels.{key}: unknown key(s) {', '.join(sorted(unknown))}")
    label = _label(f"labels.{key}.label", value.get("label", ""))
    type_rule = value.get("type", "")
    if type_rule not in ("", QUOTATION_MARKS):
        raise InputError(f"labels.{key}.type must be {QUOTATION_MARKS!r}")
    pronouns = value.get("pronouns", "keep")
    if pronouns not in ("keep", "drop"):
        raise InputError(f"labels.{key}.pronouns must be 'keep' or 'drop'")
    heads = value.get("by_head_word", {})
    if not isinstance(heads, Mapping):
        raise InputError(f'labels.{key}.by_head_word must be a table LABEL = "word list"')
    by_head = []
    for ours, list_name in heads.items():
        _label(f"labels.{key}.by_head_word", ours)
        if not isinstance(list_name, str) or not _NAME.fullmatch(list_name):
            raise InputError(f"labels.{key}.by_head_word.{ours} must name a shipped word list")
        try:
            by_head.append((ours, lexicon(list_name)))
        except FileNotFoundError:
            raise InputError(f"labels.{key}.by_head_word.{ours}: no word list {list_name!r}") from None
    return LabelRule(label, type_rule, tuple(by_head), pronouns == "drop")


def is_corpus_map(data: Mapping[str, Any]) -> bool:
    """Whether parsed TOML is a corpus map (events, files, or label rules as tables)."""
    labels = data.get("labels", {})
    rules = isinstance(labels, Mapping) and any(isinstance(v, Mapping) for v in labels.values())
    return "events" in data or "files" in data or rules

"""The ``--map FILE`` of ``annotator import``: how another tool's or corpus's labels,
relation types, events and layers become ours (TOML). One dialect serves every
importer; each reads the tables that concern it::

    name = "PolNeAR -> news-claims"
    [labels]                  # their label = ours ("" drops it, and what is dropped is counted)
    PER = "PERSON"
    Content = { label = "QUOTE", type = "quotation-marks" }
    Source = { label = "PERSON", by_head_word = { ROLE = "role_nouns" }, pronouns = "drop" }
    [relations]
    said = { label = "SPEAKER", reverse = true }   # their head is our child
    [attributes]
    quoteType = "type"        # their attribute or feature = our attribute
    [events.Attribution]      # brat events: a relation of ours = [head role, child role]
    CUE_OF = ["Cue", "Content"]
    [files]                   # brat corpora that keep their texts apart
    text_folder = "../text"
    annotator_from_suffix = true   # "story_d473.ann" is annotator d473's file of "story.txt"
    [layers."webanno.custom.Quote"]            # UIMA CAS: a type holding spans ...
    label = "QUOTE"
    [layers."de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"]
    feature = "value"         # ... or whose label is this feature's value, through [labels]
    [relation_layers."webanno.custom.Speaker"]
    label = "SPEAKER"         # governor/dependent default to Governor/Dependent

- ``type = "quotation-marks"``: a span that is one quotation (opening mark to
  closing mark) becomes ``type=direct`` with the marks cut off, else ``type=indirect``.
- ``by_head_word``: the span's last word, looked up in the shipped word lists
  (resources/lexicons/NAME.txt), picks another label; ``pronouns = "drop"``
  drops a span that is only a pronoun (the scheme labels names, not pronouns).
- A label or relation the map does not name stays as it is (the scheme then
  accepts or refuses it).

Every value's shape is checked; a wrong one is refused naming the file and the key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core import safe_json
from annotator.core.errors import InputError
from annotator.core.model import Span
from annotator.resources import lexicon

MAX_MAP_BYTES = 1_000_000
TABLES = ("name", "labels", "relations", "attributes", "events", "files", "layers", "relation_layers")
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
    """What one foreign span label becomes (``label`` None: dropped on purpose)."""

    label: str | None
    type_rule: str = ""
    by_head_word: tuple[tuple[str, frozenset[str]], ...] = ()
    drop_pronouns: bool = False

    @property
    def shapes_spans(self) -> bool:
        """Whether the rule looks at the span's text (not a plain renaming)."""
        return bool(self.type_rule or self.by_head_word or self.drop_pronouns)


@dataclass(frozen=True, slots=True)
class RelationRule:
    """Our relation type for theirs; ``reverse``: their head is our child."""

    label: str | None
    reverse: bool = False


@dataclass(frozen=True, slots=True)
class LayerRule:
    """A UIMA type holding spans (or relations): a fixed label or a label feature."""

    label: str | None = None
    feature: str | None = None
    governor: str = "Governor"
    dependent: str = "Dependent"
    reverse: bool = False


@dataclass(frozen=True, slots=True)
class LabelMap:
    """A loaded mapping; the empty one (:data:`EMPTY`) renames nothing."""

    labels: Mapping[str, LabelRule] = field(default_factory=dict)
    relations: Mapping[str, RelationRule] = field(default_factory=dict)
    attributes: Mapping[str, str] = field(default_factory=dict)
    layers: Mapping[str, LayerRule] = field(default_factory=dict)
    relation_layers: Mapping[str, LayerRule] = field(default_factory=dict)
    events: Mapping[str, tuple[tuple[str, str, str], ...]] = field(default_factory=dict)
    text_folder: str = ""
    annotator_from_suffix: bool = False
    name: str = ""
    source: str = ""

    @property
    def empty(self) -> bool:
        return not (
            self.labels or self.relations or self.attributes or self.layers or self.relation_layers
        ) and not (self.events or self.text_folder or self.annotator_from_suffix)

    @property
    def moves_texts(self) -> bool:
        """Whether the map says where a brat ``.ann``'s text is, or whose file it is."""
        return bool(self.text_folder or self.annotator_from_suffix)

    def rule(self, theirs: str) -> LabelRule:
        """The rule for their label (a renaming to itself when the map does not name it)."""
        return self.labels.get(theirs) or LabelRule(theirs)

    def label(self, theirs: str) -> str | None:
        """Our label for theirs (unchanged when unmapped), None to drop it."""
        return self.rule(theirs).label

    def relation(self, theirs: str) -> RelationRule:
        """Our relation type for theirs (unchanged when unmapped; label None drops it)."""
        return self.relations.get(theirs, RelationRule(theirs))

    def attribute(self, theirs: str) -> str:
        return self.attributes.get(theirs, theirs)

    def text_for(self, ann: Path) -> Path:
        """The text file of a brat ``.ann``: beside it, or in the map's text folder."""
        stem = ann.stem
        if self.annotator_from_suffix:
            stem = _SUFFIX.sub("", stem) or stem
        folder = (ann.parent / self.text_folder) if self.text_folder else ann.parent
        return folder / f"{stem}.txt"

    def annotator_for(self, ann: Path) -> str | None:
        """The annotator a file's name gives (``story_d473.ann`` -> ``d473``), if the map says so."""
        if not self.annotator_from_suffix:
            return None
        match = _SUFFIX.search(ann.stem)
        return match.group(1) if match else None


EMPTY = LabelMap()


def shaped_span(text: str, rule: LabelRule, start: int, end: int) -> Span | None:
    """The span a rule makes of ``text[start:end]`` (white space trimmed); None when it
    is empty, dropped by the rule, or only a pronoun that the rule drops."""
    if rule.label is None:
        return None
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
def load_label_map(path: Path) -> LabelMap:
    """Read and check a mapping file; InputError names the file and the key at fault."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the mapping ({exc.strerror})") from None
    if len(data) > MAX_MAP_BYTES:
        raise InputError(f"{path}: a mapping file of {len(data)} bytes is too big (at most {MAX_MAP_BYTES})")
    try:
        raw = safe_json.loads_toml(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8") from None
    except InputError as exc:
        raise InputError(f"{path}: {exc.reason}") from None
    return parse_label_map(raw, str(path))


def parse_label_map(raw: Mapping[str, Any], source: str = "mapping") -> LabelMap:
    """A mapping from its decoded TOML (or JSON) tables, every value's shape checked."""
    try:
        return _parse(raw, source)
    except InputError as exc:
        raise InputError(f"{source}: {exc.reason}") from None


def _parse(raw: Mapping[str, Any], source: str) -> LabelMap:
    unknown = sorted(set(raw) - set(TABLES))
    if unknown:
        raise InputError(f"unknown table(s) {', '.join(unknown)} (a map has {', '.join(TABLES)})")
    name = raw.get("name", "")
    if not isinstance(name, str):
        raise InputError("'name' must be a string")
    labels = {key: _label_rule(key, value) for key, value in _table(raw, "labels").items()}
    relations = {key: _relation(value, f"relations.{key}") for key, value in _table(raw, "relations").items()}
    attributes = {}
    for key, value in _table(raw, "attributes").items():
        ours = _optional_name(value, f"attributes.{key}")
        if ours is None:
            raise InputError(f"attributes.{key} must name one of our attributes")
        attributes[key] = ours
    layers = {k: _layer(v, f"layers.{k}") for k, v in _table(raw, "layers").items()}
    relation_layers = {
        k: _layer(v, f"relation_layers.{k}") for k, v in _table(raw, "relation_layers").items()
    }
    events: dict[str, tuple[tuple[str, str, str], ...]] = {}
    for kind, roles in _table(raw, "events").items():
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
    files = _table(raw, "files")
    unknown = sorted(set(files) - {"text_folder", "annotator_from_suffix"})
    if unknown:
        raise InputError(f"files: unknown key(s) {', '.join(unknown)} (text_folder, annotator_from_suffix)")
    folder = files.get("text_folder", "")
    if not isinstance(folder, str) or (folder and not _FOLDER.fullmatch(folder)) or folder in ("..", "."):
        raise InputError("files.text_folder must be a folder name, optionally with ../ in front")
    suffix = files.get("annotator_from_suffix", False)
    if not isinstance(suffix, bool):
        raise InputError("files.annotator_from_suffix must be true or false")
    return LabelMap(
        labels, relations, attributes, layers, relation_layers, events, folder, suffix, name, source
    )


def _table(raw: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, Mapping):
        raise InputError(f"[{key}] must be a table")
    if len(value) > _MAX_ENTRIES:
        raise InputError(f"[{key}] has more than {_MAX_ENTRIES} entries")
    return value


def _check_name(name: str, where: str) -> None:
    if not _NAME.fullmatch(name):
        raise InputError(f"{where}: {name[:40]!r} is not a label name")


def _optional_name(value: Any, where: str) -> str | None:
    if not isinstance(value, str):
        raise InputError(f"{where} must be a string (empty to drop it)")
    return value.strip() or None


def _our_label(value: Any, where: str) -> str | None:
    name = _optional_name(value, where)
    if name is not None and not _NAME.fullmatch(name):
        raise InputError(f'{where} must be a label name or "" (drop)')
    return name


def _label_rule(key: str, value: Any) -> LabelRule:
    where = f"labels.{key}"
    if isinstance(value, str):
        return LabelRule(_our_label(value, where))
    if not isinstance(value, Mapping):
        raise InputError(f"{where} must be a label name or a table")
    unknown = set(value) - {"label", "type", "by_head_word", "pronouns"}
    if unknown:
        raise InputError(
            f"{where}: unknown key(s) {', '.join(sorted(unknown))} (label, type, by_head_word, pronouns)"
        )
    label = _our_label(value.get("label", ""), f"{where}.label")
    type_rule = value.get("type", "")
    if type_rule not in ("", QUOTATION_MARKS):
        raise InputError(f"{where}.type must be {QUOTATION_MARKS!r}")
    pronouns = value.get("pronouns", "keep")
    if pronouns not in ("keep", "drop"):
        raise InputError(f"{where}.pronouns must be 'keep' or 'drop'")
    heads = value.get("by_head_word", {})
    if not isinstance(heads, Mapping):
        raise InputError(f'{where}.by_head_word must be a table LABEL = "word list"')
    by_head = []
    for ours, list_name in heads.items():
        _our_label(ours, f"{where}.by_head_word")
        if not isinstance(list_name, str) or not _NAME.fullmatch(list_name):
            raise InputError(f"{where}.by_head_word.{ours} must name a shipped word list")
        try:
            by_head.append((ours, lexicon(list_name)))
        except FileNotFoundError:
            raise InputError(f"{where}.by_head_word.{ours}: no word list {list_name!r}") from None
    return LabelRule(label, type_rule, tuple(by_head), pronouns == "drop")


def _relation(value: Any, where: str) -> RelationRule:
    if isinstance(value, str):
        return RelationRule(_our_label(value, where))
    if isinstance(value, Mapping):
        unknown = set(value) - {"label", "reverse"}
        if unknown:
            raise InputError(f"{where}: unknown keys {', '.join(sorted(unknown))} (label, reverse)")
        reverse = value.get("reverse", False)
        if not isinstance(reverse, bool):
            raise InputError(f"{where}.reverse must be true or false")
        return RelationRule(_our_label(value.get("label", ""), f"{where}.label"), reverse)
    raise InputError(f"{where} must be a string or a table with label (and reverse)")


def _layer(value: Any, where: str) -> LayerRule:
    if not isinstance(value, Mapping):
        raise InputError(f"{where} must be a table with label or feature")
    unknown = set(value) - {"label", "feature", "governor", "dependent", "reverse"}
    if unknown:
        raise InputError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
    strings = {}
    for key in ("label", "feature", "governor", "dependent"):
        if key in value:
            if not isinstance(value[key], str) or not value[key].strip():
                raise InputError(f"{where}.{key} must be a non-empty string")
            strings[key] = value[key].strip()
    if ("label" in strings) == ("feature" in strings):
        raise InputError(f"{where}: give either label (a fixed label) or feature (the label's feature)")
    reverse = value.get("reverse", False)
    if not isinstance(reverse, bool):
        raise InputError(f"{where}.reverse must be true or false")
    return LayerRule(
        strings.get("label"),
        strings.get("feature"),
        strings.get("governor", "Governor"),
        strings.get("dependent", "Dependent"),
        reverse,
    )

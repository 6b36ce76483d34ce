"""The use cases' typed errors hold the facts; the CLI words them with its flags and
the GUI with its menus, and the plain wording names neither."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotator.cli.app import app
from annotator.cli.wording import message as cli
from annotator.core.errors import AnnotatorError
from annotator.gui.wording import message as gui
from annotator.usecases import errors
from annotator.usecases.exporting import SELECTION_CHOICES, SPACY_ONLY, ExportOptions, Selection, export
from annotator.usecases.importing import import_paths
from annotator.usecases.projects import new_project
from annotator.usecases.running import Cancelled

GOLD = Path(__file__).resolve().parents[1] / "data" / "gold.jsonl"
P = "/tmp/p.annotator"
ALICE = Selection(annotator="alice")

# (error, what the CLI says, what the GUI says)
CASES: list[tuple[AnnotatorError, str, str]] = [
    (
        errors.ChoiceNeeded(SELECTION_CHOICES),
        "say what to export: one of --annotator NAME, --gold, --all or --suggestions",
        "choose whose work to use (File > Export my work exports your own)",
    ),
    (
        errors.NoArticlesYet(P),
        f"{P}: the project has no articles yet (add some with annotator import)",
        f"{P}: the project has no articles yet (add some with File > Import files…)",
    ),
    (
        errors.NoGoldYet(P, "gold"),
        f"{P}: no gold annotations yet (adjudicate, or import them with "
        "annotator import PROJECT FILE --annotator gold --done)",
        f"{P}: no gold annotations yet (decide some with Adjudicate > Disagreements…)",
    ),
    (
        errors.NothingToExport("alice (articles marked done)", pending_would_help=True),
        "nothing to export: alice (articles marked done) holds no article "
        "(--include-pending adds work in progress)",
        "nothing to export: alice (articles marked done) holds no article "
        "(mark articles done with Ctrl+Return first)",
    ),
    (
        errors.NothingToExport("the suggestions", pending_would_help=False),
        "nothing to export: the suggestions holds no article",
        "nothing to export: the suggestions holds no article",
    ),
    (
        errors.OptionsNeedFormat(("split",), "spacy"),
        "--split applies to --format spacy only",
        "these choices apply to the spaCy DocBin export only",
    ),
    (
        errors.OptionsNeedFormat(SPACY_ONLY, "spacy"),
        "--spancat-config, --type-labels and --rel-component apply to --format spacy only",
        "these choices apply to the spaCy DocBin export only",
    ),
    (
        errors.ShareOutOfRange(1.5),
        "--split must be between 0 and 1 (exclusive), not 1.5",
        "the training share must be between 0 and 1 (exclusive), not 1.5",
    ),
    (
        errors.UnknownLabels("ent_labels", ["NAME"], ("PERSON", "ROLE")),
        "--ents: unknown label NAME (scheme has PERSON, ROLE)",
        "unknown label NAME (scheme has PERSON, ROLE)",
    ),
    (
        errors.SplitNeedsFolder(Path("/tmp/x.spacy"), parent_missing=False),
        "/tmp/x.spacy: with --split, name a folder (for train.spacy and dev.spacy)",
        "/tmp/x.spacy: a train/dev split needs a folder (for train.spacy and dev.spacy)",
    ),
    (
        errors.TooFewToSplit("alice", 1),
        "--split needs at least 2 articles; alice holds 1",
        "a train/dev split needs at least 2 articles; alice holds 1",
    ),
    (
        errors.NoSuchAnnotator(P, "bob", ["alice", "gold"]),
        f"{P}: no annotator named 'bob' (annotators: alice, gold)",
        f"{P}: no annotator named 'bob' (annotators: alice, gold)",
    ),
    (
        errors.TooFewAnnotators(P, ["alice"]),
        f"{P}: agreement needs at least two annotators (found: alice); "
        "merge their projects with annotator merge",
        f"{P}: agreement needs at least two annotators (found: alice); "
        "bring the others' project files into this one first",
    ),
    (
        Cancelled("Exporting", kept=False),
        "Exporting cancelled: nothing was written",
        "Exporting cancelled: nothing was written",
    ),
]


@pytest.mark.parametrize(("error", "on_cli", "on_gui"), CASES, ids=lambda c: type(c).__name__)
def test_each_client_words_the_error(error: AnnotatorError, on_cli: str, on_gui: str) -> None:
    assert cli(error) == on_cli
    assert gui(error) == on_gui
    assert "--" not in gui(error) and "--" not in str(error)
    assert "annotator import" not in gui(error)


def test_every_use_case_error_has_a_wording_without_flags() -> None:
    """A new error type gets a plain wording (and a case above) before it is used."""
    worded = {type(error) for error, _, _ in CASES}
    defined = {
        cls
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, errors.ExportError) and cls.__module__ == errors.__name__
    }
    assert defined - {errors.ExportError, errors.SelectionError} - worded == {
        errors.NobodyYet,
        errors.UnknownFormat,
    }


def test_the_command_line_says_the_flag_that_helps(tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    with new_project(project) as opened:
        import_paths(opened, [GOLD], annotator="alice")  # in progress only
        with pytest.raises(errors.NothingToExport) as refused:
            export(opened, "conll", tmp_path / "o.conll", ALICE)
        assert refused.value.pending_would_help
        with pytest.raises(errors.OptionsNeedFormat) as wrong:
            export(
                opened, "conll", tmp_path / "o.conll", Selection(annotator="alice"), ExportOptions(split=0.5)
            )
        assert wrong.value.options == ("split",) and wrong.value.format == "spacy"
    result = CliRunner().invoke(
        app, ["export", str(project), "-f", "conll", "-o", str(tmp_path / "o.conll"), "--annotator", "alice"]
    )
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "error: nothing to export: alice (articles marked done) holds no article "
        "(--include-pending adds work in progress)"
    )
    assert list(tmp_path.iterdir()) == [project]

"""annotator train and annotator suggest --model, as a user types them."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from annotator.cli import app
from annotator.usecases.projects import open_existing
from annotator.usecases.suggesting import MODEL_SETTING
from annotator.usecases.training import TrainReport
from tests.training.conftest import reviewed_project

runner = CliRunner()


def run(*args: object) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_train_then_suggest_with_the_model_and_remember_it(tmp_path: Path) -> None:
    project = reviewed_project(tmp_path / "p.annotator", articles=1)
    model = tmp_path / "model"
    code, out, err = run(
        "train", project, "--annotator", "alice", "-o", model, "--epochs", "2", "--labels", "CUE,QUOTE"
    )
    assert code == 0, err
    assert "trained on 1 articles of alice (CUE " in out and f"written to {model}" in out
    assert "scored on the training articles" in err
    assert (model / "meta.json").is_file() and (model / "config.cfg").is_file()
    code, out, err = run("suggest", project, "--model", model, "--remember")
    assert code == 0, err
    assert "1 articles suggested" in out and "pipeline: en_annotator_trained" in out
    with open_existing(project) as opened:
        assert opened.setting(MODEL_SETTING) == str(model)
    code, out, _ = run("suggest", project)  # the remembered model: nothing new to do
    assert code == 0 and "0 articles suggested, 1 already up to date" in out


def test_retraining_replaces_an_earlier_model_but_never_a_foreign_folder(
    tiny_model: tuple[Path, Path, TrainReport], tmp_path: Path
) -> None:
    project, _, _ = tiny_model
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "holiday.jpg").write_bytes(b"\xff\xd8")
    code, _, err = run("train", project, "--annotator", "alice", "-o", foreign, "--epochs", "1")
    assert code == 1 and "not empty and holds no earlier export (meta.json)" in err
    assert (foreign / "holiday.jpg").read_bytes() == b"\xff\xd8"
    pipeline = tmp_path / "someone_elses_pipeline"
    pipeline.mkdir()
    (pipeline / "meta.json").write_text('{"name": "theirs"}', encoding="utf-8")
    code, _, err = run("train", project, "--annotator", "alice", "-o", pipeline, "--epochs", "1")
    assert code == 1 and "annotator train did not write" in err
    assert (pipeline / "meta.json").read_text(encoding="utf-8") == '{"name": "theirs"}'
    # An earlier model of ours is replaced whole.
    earlier = tmp_path / "earlier"
    code, _, err = run("train", project, "--annotator", "alice", "-o", earlier, "--epochs", "1")
    assert code == 0, err
    first = (earlier / "meta.json").read_text(encoding="utf-8")
    code, _, err = run("train", project, "--annotator", "alice", "-o", earlier, "--epochs", "1")
    assert code == 0, err
    assert (earlier / "meta.json").read_text(encoding="utf-8") != first  # a new fingerprint


def test_train_says_what_is_wrong_in_one_line(tmp_path: Path) -> None:
    project = reviewed_project(tmp_path / "p.annotator", articles=1)
    cases = [
        (("-o", tmp_path / "m"), "one of --annotator NAME or --gold"),
        (("--gold", "--annotator", "alice", "-o", tmp_path / "m"), "one of --annotator NAME or --gold"),
        (("--annotator", "bob", "-o", tmp_path / "m"), "no annotator named 'bob'"),
        (("--gold", "-o", tmp_path / "m"), "no gold annotations yet"),
        (("--annotator", "alice", "--labels", "CUE,NOPE", "-o", tmp_path / "m"), "unknown label NOPE"),
        (
            ("--annotator", "alice", "--base", "no_such_pipeline", "-o", tmp_path / "m"),
            "cannot load spaCy pipeline",
        ),
    ]
    for args, message in cases:
        code, _, err = run("train", project, *args)
        assert code == 1, args
        assert message in err and "Traceback" not in err, (args, err)
        assert len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "m").exists()


def test_suggest_refuses_a_folder_that_is_no_pipeline(tmp_path: Path) -> None:
    project = reviewed_project(tmp_path / "p.annotator", articles=1)
    (tmp_path / "not-a-model").mkdir()
    code, _, err = run("suggest", project, "--model", tmp_path / "not-a-model")
    assert code == 1 and "not a pipeline folder (it needs meta.json and config.cfg)" in err

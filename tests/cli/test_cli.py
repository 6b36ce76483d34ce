"""The CLI on the real corpus, through typer's CliRunner."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotator import __version__
from annotator.cli import app

runner = CliRunner()


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.strip() == f"annotator {__version__}"


def test_new_import_articles_on_the_corpus(tmp_path: Path, corpus: Path, seed: Path) -> None:
    project = tmp_path / "P"
    assert run("new", project)[0] == 0
    code, out, err = run("import", project, seed, corpus / "dev")
    assert code == 0, err
    assert "8 imported, 0 duplicate, 0 refused" in out
    code, out, _ = run("articles", project, "--json")
    listed = json.loads(out)
    assert listed["format_version"] == 1
    rows = listed["articles"]
    assert len(rows) == 8
    first = rows[0]
    assert first["date"] == "2017-11-30" and first["source"] == seed.name
    assert {r["date"] for r in rows} >= {"2011-04-10", "2004-11-24", "2018-06-19"}
    assert "Mubarak summoned by Egyptian prosecutors" in rows[1]["title"]
    code, out, _ = run("articles", project)
    assert code == 0 and len(out.strip().splitlines()) == 9 and "2017-11-30" in out


def test_seed_text_begins_washington(tmp_path: Path, seed: Path) -> None:
    from annotator.usecases.projects import open_existing

    project = tmp_path / "seed.annotator"
    run("new", project)
    run("import", project, seed)
    with open_existing(project) as opened:
        [row] = opened.list_articles()
        assert opened.article(row.id).text.startswith("WASHINGTON — The Trump administration")


def test_import_twice_counts_duplicates(tmp_path: Path, corpus: Path) -> None:
    project = tmp_path / "p.annotator"
    run("new", project)
    run("import", project, corpus / "dev")
    code, out, _ = run("import", project, corpus / "dev")
    assert code == 0 and "0 imported, 7 duplicate, 0 refused" in out


def test_refused_input_named_and_exit_nonzero(tmp_path: Path, seed: Path) -> None:
    project = tmp_path / "p.annotator"
    run("new", project)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe broken")
    code, out, err = run("import", project, bad, seed)
    assert code == 1
    assert f"refused: {bad}:1: not UTF-8" in err
    assert "1 imported, 0 duplicate, 1 refused" in out


def test_jsonl_with_annotator_and_done(tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    run("new", project)
    data = tmp_path / "a.jsonl"
    data.write_text(
        json.dumps({"text": "Sanders said so.", "spans": [{"start": 0, "end": 7, "label": "PERSON"}]})
    )
    code, _, err = run("import", project, data, "--annotator", "alice", "--done")
    assert code == 0, err
    rows = json.loads(run("articles", project, "--json")[1])["articles"]
    assert rows[0]["status"] == {"alice": "done"} and rows[0]["annotations"] == 1
    info = json.loads(run("info", project, "--json")[1])
    assert info["counts"]["annotations"] == 1 and info["annotators"]["alice"]["done"] == 1


def test_done_without_annotator_is_a_usage_error(tmp_path: Path, seed: Path) -> None:
    project = tmp_path / "p.annotator"
    run("new", project)
    code, _, err = run("import", project, seed, "--done")
    assert code == 2 and "--done needs --annotator" in err


def test_info_shows_counts_scheme_and_schema(tmp_path: Path, seed: Path) -> None:
    from annotator.store.migrate import head_revision

    project = tmp_path / "p.annotator"
    run("new", project)
    run("import", project, seed)
    code, out, _ = run("info", project)
    assert code == 0
    assert "articles:    1" in out and "news-claims" in out and head_revision() in out
    data = json.loads(run("info", project, "--json")[1])
    assert data["schema_version"] == head_revision() and data["scheme"]["labels"][0] == "PERSON"


def test_custom_scheme_and_broken_scheme(tmp_path: Path) -> None:
    good = tmp_path / "tiny.toml"
    good.write_text("name = 'tiny'\n[[labels]]\nname = 'X'\nkey = '1'\ncolour = '#123456'\n")
    code, out, _ = run("new", tmp_path / "t.annotator", "--scheme", good)
    assert code == 0 and "scheme tiny: X" in out
    broken = tmp_path / "broken.toml"
    broken.write_text("name = 'b'\n[[labels]]\nname = 'X'\nkey = '12'\ncolour = '#123456'\n")
    code, _, err = run("new", tmp_path / "b.annotator", "--scheme", broken)
    assert code == 1 and f"{broken}: label 'X': 'key' must be one character" in err
    assert not (tmp_path / "b.annotator").exists()


@pytest.mark.parametrize("command", ["import", "articles", "info"])
def test_missing_project_is_a_clear_error(tmp_path: Path, command: str, seed: Path) -> None:
    args = [command, tmp_path / "missing.annotator"] + ([seed] if command == "import" else [])
    code, _, err = run(*args)
    assert code == 1 and "no such project" in err and "annotator new" in err


def test_python_dash_m_and_console_script() -> None:
    result = subprocess.run([sys.executable, "-m", "annotator", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == f"annotator {__version__}"


@pytest.mark.parametrize("target", ["foo://bar", "postgresql+nodriver://host/db"])
def test_unusable_database_url_is_a_clear_error(target: str) -> None:
    code, _, err = run("info", target)
    assert code == 1 and err.startswith(f"error: {target}: cannot use this database")


def test_busy_project_is_a_clear_error(tmp_path: Path, seed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from annotator.store import engine

    project = tmp_path / "busy.annotator"
    run("new", project)
    run("import", project, seed)  # something to suggest for, so that suggest writes
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 200)  # wait 0.2 s, not 10 s, for the other writer
    holder = sqlite3.connect(project, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program is writing
    try:
        code, _, err = run("suggest", project, "--model", "none")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 1 and "the project is busy" in err and "Traceback" not in err


def test_review_is_a_hidden_old_name_of_adjudicate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")  # the display check passes: the project is next
    listed = runner.invoke(app, ["--help"], terminal_width=200).output
    assert " adjudicate " in listed and " review " not in listed
    missing = tmp_path / "missing.annotator"
    code, out, err = run("review", missing)
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert lines[0] == "note: 'annotator review' is now 'annotator adjudicate' (the old name will go)"
    assert len(lines) == 2 and lines[1].startswith("error: ") and "missing.annotator" in lines[1]
    code, out, err = run("adjudicate", missing)
    assert code == 1 and err.strip().splitlines() == lines[1:]  # the same screen, no note
    assert not missing.exists()

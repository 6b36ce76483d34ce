"""Command-line conventions: -h, completion, NO_COLOR, --json, '-' for stdin/stdout, help texts."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.cli.json_option import legacy_json_paths

GOLD = Path(__file__).resolve().parents[1] / "data" / "gold.jsonl"
runner = CliRunner()
COMMANDS = ["new", "import", "articles", "info", "open", "demo", "review", "suggest", "evaluate"]
COMMANDS += ["export", "adjudicate", "merge", "agreement"]


def cli(*args: object, stdin: bytes | None = None, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    """The real console entry point in a subprocess (a real terminal-less process)."""
    return subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)],
        input=stdin,
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_dash_h_is_help_and_help_has_no_python_type_names(command: str | None) -> None:
    args = ["-h"] if command is None else [command, "-h"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert result.output == runner.invoke(app, [*args[:-1], "--help"]).output
    # typer 0.27+ prints these (<list[Path]>, {PROJECT}, [[PROJECT]]): not for users.
    assert not re.search(r"<\w+(\[\w+\])?>|\{[A-Z.]+\}|\[\[", result.output), result.output


def test_import_help_names_every_format_it_reads() -> None:
    out = runner.invoke(app, ["import", "--help"], terminal_width=200).output
    for fmt in ("plain text", "JSONL", "brat", "standard input"):
        assert fmt in out


def test_shell_completion_is_offered() -> None:
    out = runner.invoke(app, ["--help"]).output
    assert "--install-completion" in out and "--show-completion" in out
    shown = cli("--show-completion", "bash")
    assert shown.returncode == 0, shown.stderr
    assert b"_ANNOTATOR_COMPLETE" in shown.stdout


def _terminal_env() -> dict[str, str]:
    """The environment of a colour terminal: TERM=xterm, no NO_COLOR."""
    return {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | {"TERM": "xterm"}


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}])
def test_no_color_and_dumb_terminals_get_no_escape_codes(env: dict[str, str]) -> None:
    # A pseudo-terminal: colour would be used here unless the variables say no.
    import pty

    code = "from annotator.cli import main; main()"
    for args in (["info", "/nonexistent/p.annotator"], ["evaluate", GOLD, "/nonexistent.jsonl"]):
        master, slave = pty.openpty()
        try:
            proc = subprocess.run(
                [sys.executable, "-c", code, *map(str, args)],
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=_terminal_env() | env,
                timeout=60,
            )
        finally:
            os.close(slave)
        out = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        os.close(master)
        assert proc.returncode == 1
        assert b"error:" in out and b"\x1b[" not in out, out


def test_a_terminal_without_those_variables_gets_colour() -> None:
    # The check above could pass by never colouring: make sure colour is used on a terminal.
    import pty

    master, slave = pty.openpty()
    env = _terminal_env()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", "from annotator.cli import main; main()", "info", "/nonexistent/p"],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            timeout=60,
        )
    finally:
        os.close(slave)
    out = os.read(master, 4096)
    os.close(master)
    assert proc.returncode == 1 and b"\x1b[31m" in out


def test_every_json_output_has_a_format_version(tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    assert cli("new", project).returncode == 0
    assert cli("import", project, GOLD, "--annotator", "gold", "--done").returncode == 0
    for args in (
        ["articles", project, "--json"],
        ["info", project, "--json"],
        ["evaluate", GOLD, GOLD, "--json"],
    ):
        done = cli(*args)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["format_version"] == 1


def test_old_json_path_spelling_is_rewritten_only_where_it_was_a_path() -> None:
    assert legacy_json_paths(["agreement", "P", "--json", "out.json"]) == [
        "agreement",
        "P",
        "--json-file",
        "out.json",
    ]
    assert legacy_json_paths(["agreement", "--json", "P"]) == ["agreement", "--json", "P"]
    assert legacy_json_paths(["agreement", "P", "--lowest", "3", "--json"]) == [
        "agreement",
        "P",
        "--lowest",
        "3",
        "--json",
    ]
    assert legacy_json_paths(["evaluate", "G", "P", "--json=r.json"]) == [
        "evaluate",
        "G",
        "P",
        "--json-file=r.json",
    ]
    assert legacy_json_paths(["articles", "P", "--json"]) == ["articles", "P", "--json"]


def test_dash_exports_to_stdout_and_imports_from_stdin(tmp_path: Path) -> None:
    source, target = tmp_path / "a.annotator", tmp_path / "b.annotator"
    for project in (source, target):
        assert cli("new", project).returncode == 0
    assert cli("import", source, GOLD, "--annotator", "gold", "--done").returncode == 0
    exported = cli("export", source, "-f", "jsonl", "-o", "-", "--gold")
    assert exported.returncode == 0, exported.stderr
    lines = exported.stdout.decode("utf-8").splitlines()
    assert len(lines) == 8 and all(json.loads(line)["_annotator_id"] for line in lines)
    # The summary goes to standard error, so that standard output is the file alone.
    assert b"wrote standard output: 8 articles" in exported.stderr
    assert not list(tmp_path.glob("-*")) and not (Path.cwd() / "-").exists()
    imported = cli("import", target, "-", "--annotator", "gold", "--done", stdin=exported.stdout)
    assert imported.returncode == 0, imported.stderr
    assert b"8 imported" in imported.stdout
    again = cli("export", target, "-f", "jsonl", "-o", "-", "--gold")
    assert [json.loads(x)["spans"] for x in again.stdout.splitlines()] == [
        json.loads(x)["spans"] for x in lines
    ]


def test_stdin_problems_are_named_stdin(tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    cli("new", project)
    done = cli("import", project, "-", stdin=b'{"text": "ok text here"}\n{"text": 3}\n')
    assert done.returncode == 1
    assert b"refused: <stdin>:2: " in done.stderr and b"1 imported" in done.stdout


def test_dash_is_refused_for_folder_exports(tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    cli("new", project)
    done = cli("export", project, "-f", "brat", "-o", "-", "--gold")
    assert done.returncode == 2 and b"standard output" in done.stderr


def test_interrupted_export_does_not_claim_to_keep_what_it_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "p.annotator"
    assert runner.invoke(app, ["new", str(project)]).exit_code == 0

    from annotator.usecases.running import Control, Operation

    def ctrl_c(control: Control) -> None:
        raise KeyboardInterrupt  # as Ctrl+C arrives in the middle of the export

    monkeypatch.setattr(
        "annotator.usecases.operations.exporting", lambda *args: Operation("Exporting", "articles", ctrl_c)
    )
    result = runner.invoke(
        app, ["export", str(project), "-f", "jsonl", "-o", str(tmp_path / "o.jsonl"), "--all"]
    )
    assert result.exit_code == 130
    assert "interrupted: nothing was written" in result.stderr
    assert "everything stored so far is kept" not in result.stderr
    assert not (tmp_path / "o.jsonl").exists()

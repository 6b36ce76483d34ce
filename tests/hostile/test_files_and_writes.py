"""Empty inputs, oversized articles, stale temporaries and failed writes (issue 17: 5, 6, 8, 9, 12)."""

from __future__ import annotations

import fcntl
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.limits import MAX_ARTICLE_BYTES
from tests.hostile.cli_helpers import one_line_error, run

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def annotated(tmp_path: Path) -> Path:
    path = tmp_path / "p.annotator"
    run("new", path)
    data = tmp_path / "a.jsonl"
    task = {
        "text": "Ana Ruiz said no.",
        "_annotator_id": "ann",
        "_status": "done",
        "spans": [{"start": 0, "end": 8, "label": "PERSON"}],
    }
    data.write_text(json.dumps(task) + "\n", encoding="utf-8")
    assert run("import", path, data)[0] == 0
    return path


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"\xef\xbb\xbf", b"\r\n\r\n"])
def test_empty_jsonl_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "p.annotator"
    run("new", path)
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(content)
    code, out, err = run("import", path, empty)
    assert code == 1
    assert f"refused: {empty}: no articles in the file" in err and "0 imported" in out


def test_oversized_articles_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    run("new", path)
    big = b"word " * (MAX_ARTICLE_BYTES // 5 + 1)
    (tmp_path / "big.txt").write_bytes(big)
    (tmp_path / "big.jsonl").write_bytes(b'{"text": "' + big + b'"}\n{"text": "A small one."}\n')
    code, out, err = run("import", path, tmp_path / "big.txt", tmp_path / "big.jsonl")
    assert code == 1
    assert f"refused: {tmp_path / 'big.txt'}: big.txt holds 5.0 MB; one article may hold at most 5 MB" in err
    assert f"refused: {tmp_path / 'big.jsonl'}:1: the line holds 5.0 MB" in err
    assert "1 imported" in out


def test_a_200_mb_one_line_article_costs_little_memory(tmp_path: Path) -> None:
    """Refused by its size: the import's peak memory stays far from the 13 GB it once took."""
    path = tmp_path / "p.annotator"
    run("new", path)
    huge = tmp_path / "huge.jsonl"
    with huge.open("wb") as out:
        out.write(b'{"text": "')
        chunk = b"word " * 200_000
        for _ in range(200):
            out.write(chunk)
        out.write(b'"}\n')
    code = (
        "import resource, sys\n"
        "from annotator.cli import main\n"
        "sys.argv = ['annotator', 'import', sys.argv[1], sys.argv[2]]\n"
        "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path), str(huge)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    peak_kb, exit_code = done.stdout.split()[-2:]
    assert exit_code == "1" and "holds 200.0 MB" in done.stderr
    assert int(peak_kb) < 1_000_000  # under 1 GB (200 MB of it is the file read once)


def test_stale_temporaries_cleaned_at_the_next_export(annotated: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    stale = [
        tmp_path / ".out.jsonl.tmp-abc123",
        tmp_path / ".out.jsonl.tmp-abc123.second",
        tmp_path / ".out.jsonl.tmp-orphan.second",
    ]
    for p in stale:
        p.write_text('{"text": "half a line', encoding="utf-8")
    live = tmp_path / ".out.jsonl.tmp-live"
    live.write_text("", encoding="utf-8")
    other = tmp_path / ".other.jsonl.tmp-xyz"  # another target's: not ours to judge here
    other.write_text("", encoding="utf-8")
    with live.open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as a running export holds its own
        code, stdout, err = run("export", annotated, "-f", "jsonl", "-o", out, "--annotator", "ann")
    assert code == 0, err
    assert "removed 3 temporary files left by an interrupted export" in stdout
    assert not any(p.exists() for p in stale)
    assert live.exists() and other.exists() and out.is_file()


def test_stale_brat_folders_cleaned(annotated: Path, tmp_path: Path) -> None:
    (tmp_path / ".b.tmp-1").mkdir()
    (tmp_path / ".b.tmp-1" / "000001.txt").write_text("x", encoding="utf-8")
    (tmp_path / ".b.old-2").mkdir()
    code, stdout, err = run("export", annotated, "-f", "brat", "-o", tmp_path / "b", "--annotator", "ann")
    assert code == 0, err
    assert "removed 2 temporary files" in stdout
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".b.")) == []


def _fill(path: Path) -> None:
    with path.open("wb", buffering=0) as out:
        try:
            while True:
                out.write(b"x" * 1024)
        except OSError:
            pass


def _mount_tmpfs(where: Path, options: str) -> bool:
    where.mkdir()
    if os.geteuid() != 0:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True, check=False
    )
    return done.returncode == 0


@pytest.fixture
def read_only_folder(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A folder nobody may write to: a read-only mount when root (who ignores modes), else mode 555."""
    folder = tmp_path / "ro"
    mounted = _mount_tmpfs(folder, "ro,size=64k")
    if not mounted:
        folder.chmod(0o555)
    yield folder
    if mounted:
        subprocess.run(["umount", str(folder)], check=True)
    else:
        folder.chmod(0o755)


@pytest.mark.parametrize("fmt", ["jsonl", "brat", "spacy", "conll", "quotes-csv"])
def test_export_into_a_read_only_folder(annotated: Path, read_only_folder: Path, fmt: str) -> None:
    target = read_only_folder / "out"
    code, _, err = run("export", annotated, "-f", fmt, "-o", target, "--annotator", "ann")
    line = one_line_error(err)
    assert code == 1 and "cannot write (" in line and str(read_only_folder) in line
    assert list(read_only_folder.iterdir()) == []


def test_export_onto_a_full_disk(annotated: Path, tmp_path: Path) -> None:
    """A disk that fills up mid-write: a 16 KB file system when root, else a file size limit."""
    full = tmp_path / "full"
    if _mount_tmpfs(full, "size=16k"):
        try:
            for fmt in ("jsonl", "brat", "spacy"):
                _fill(full / "filler")  # to the last byte, so the export's first write fails
                code, _, err = run("export", annotated, "-f", fmt, "-o", full / "o", "--annotator", "ann")
                assert code == 1 and "No space left on device" in one_line_error(err), err
                assert sorted(p.name for p in full.iterdir()) == ["filler"]
                (full / "filler").unlink()
        finally:
            subprocess.run(["umount", str(full)], check=True)
    # An article whose export (text and tokens) is ~2 MB, in a project of a few hundred KB.
    big = tmp_path / "big.annotator"
    run("new", big)
    data = tmp_path / "big-in.jsonl"
    task = {
        "text": "Ana said no. " * 20_000,
        "_annotator_id": "ann",
        "_status": "done",
        "spans": [{"start": 0, "end": 3, "label": "PERSON"}],
    }
    data.write_text(json.dumps(task) + "\n", encoding="utf-8")
    assert run("import", big, data)[0] == 0
    assert big.stat().st_size < 1_000_000
    code = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (1_000_000, 1_000_000))\n"
        "from annotator.cli import main\n"
        "sys.argv = ['annotator', 'export', sys.argv[1], '-f', 'jsonl', '-o', sys.argv[2]]\n"
        "sys.argv += ['--annotator', 'ann']\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(big), str(tmp_path / "big.jsonl")],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "cannot write (File too large)" in one_line_error(done.stderr)
    assert not any(p.name.startswith((".big.jsonl", "big.jsonl")) for p in tmp_path.iterdir())
    assert resource.getrlimit(resource.RLIMIT_FSIZE)  # (the limit was the child's only)


def test_scheme_naming_a_folder(tmp_path: Path) -> None:
    code, _, err = run("new", tmp_path / "p.annotator", "--scheme", tmp_path)
    assert (
        code == 1
        and one_line_error(err) == f"error: {tmp_path}: is a folder; name a scheme file (.toml or .json)"
    )

"""kill -9 at random moments of import, merge, suggest and export: afterwards the
project passes ``PRAGMA integrity_check``, every article is whole (its text and
all of its work, or none of it), running the command again completes, and no
file that looks complete is left unfinished (issue 17)."""

from __future__ import annotations

import contextlib
import json
import random
import shutil
import signal
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from tests.reliability.conftest import LONG
from tests.reliability.kill_helpers import (
    children,
    cli,
    finish,
    integrity,
    kill_after,
    rows,
    sha,
    timed,
    wait_gone,
)

ARTICLES = 2_500 if LONG else 60  # LONG: a big import and an export of many batches
KILLS = 4 if LONG else 1  # per operation (and kill moment)
WORDS = "the mayor council report budget minister plan city said told would not resign because".split()


def _article(rng: random.Random, n: int) -> dict[str, object]:
    paragraphs = []
    for _ in range(4):
        words = " ".join(rng.choice(WORDS) for _ in range(40))
        paragraphs.append(f"“We will not resign,” said Mayor Ana Ruiz{n} on Monday. {words}.")
    text = f"Article {n}\n\n" + "\n\n".join(paragraphs)
    start = text.index("Ana")
    spans = [
        {"start": start, "end": start + 8 + len(str(n)), "label": "PERSON"},
        {"start": text.index("Mayor"), "end": text.index("Mayor") + 5, "label": "ROLE"},
    ]
    return {
        "text": text,
        "meta": {"n": n},
        "_annotator_id": "alice",
        "_status": "done",
        "spans": spans,
        "relations": [{"label": "ROLE_OF", "head_span": spans[1], "child_span": spans[0]}],
    }


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The input JSONL, a project holding it all (the reference), and its clean outputs."""
    rng = random.Random(5)
    root = tmp_path_factory.mktemp("kill")
    tasks = [_article(rng, n) for n in range(ARTICLES)]
    jsonl = root / "in.jsonl"
    jsonl.write_text("".join(json.dumps(t) + "\n" for t in tasks), encoding="utf-8")
    full = root / "full.annotator"
    assert finish("new", full).returncode == 0
    paths = {"jsonl": jsonl, "full": full, "root": root}
    assert timed("import", full, jsonl) > 0
    suggested = root / "suggested.annotator"
    shutil.copy(full, suggested)
    assert timed("suggest", suggested, "--model", "none") > 0
    paths["suggested"] = suggested
    return paths


def _whole_articles(path: Path, data: dict[str, Path]) -> None:
    """Every stored article is one of the input texts, with all of its annotations or none."""
    assert integrity(path) == "ok"
    texts = {sha(json.loads(line)["text"]) for line in data["jsonl"].read_text(encoding="utf-8").splitlines()}
    stored = rows(path, "SELECT id, content_hash, text FROM articles")
    assert all(digest == sha(text) and digest in texts for _, digest, text in stored)
    spans = Counter(a for (a,) in rows(path, "SELECT article_id FROM annotations"))
    relations = Counter(a for (a,) in rows(path, "SELECT article_id FROM relations"))
    done = {a for (a,) in rows(path, "SELECT article_id FROM article_status WHERE status = 'done'")}
    for article_id, _, _ in stored:
        assert (spans[article_id], relations[article_id], article_id in done) in ((0, 0, False), (2, 1, True))


def _suggestion_counts(path: Path) -> dict[str, int]:
    found = rows(
        path,
        "SELECT a.content_hash, count(s.id) FROM articles a LEFT JOIN suggestions s "
        "ON s.article_id = a.id GROUP BY a.id",
    )
    return {digest: n for digest, n in found}


def _moments(rng: random.Random, duration: float) -> list[float]:
    # From just after start-up (~0.5 s of imports) to the end of a clean run.
    return sorted(rng.uniform(0.3, max(duration, 0.6)) for _ in range(KILLS))


def test_kill_import(data: dict[str, Path], tmp_path: Path, rng: random.Random) -> None:
    empty = tmp_path / "empty.annotator"
    assert finish("new", empty).returncode == 0
    duration = timed("import", shutil.copy(empty, tmp_path / "t.annotator"), data["jsonl"])
    for k, moment in enumerate(_moments(rng, duration)):
        target = shutil.copy(empty, tmp_path / f"i{k}.annotator")
        kill_after(cli("import", target, data["jsonl"]), moment)
        _whole_articles(Path(target), data)
        again = finish("import", target, data["jsonl"])
        assert again.returncode == 0, again.stderr
        _whole_articles(Path(target), data)
        assert rows(Path(target), "SELECT count(*) FROM articles") == [(ARTICLES,)]
        assert rows(Path(target), "SELECT count(*) FROM annotations") == [(2 * ARTICLES,)]


def test_kill_merge(data: dict[str, Path], tmp_path: Path, rng: random.Random) -> None:
    empty = tmp_path / "lead.annotator"
    assert finish("new", empty).returncode == 0
    duration = timed("merge", shutil.copy(empty, tmp_path / "t.annotator"), data["full"])
    for k, moment in enumerate(_moments(rng, duration)):
        target = Path(shutil.copy(empty, tmp_path / f"m{k}.annotator"))
        kill_after(cli("merge", target, data["full"]), moment)
        _whole_articles(target, data)
        again = finish("merge", target, data["full"])
        assert again.returncode == 0, again.stderr
        _whole_articles(target, data)
        assert rows(target, "SELECT count(*) FROM annotations") == [(2 * ARTICLES,)]
        # A third run finds everything equal.
        assert "0 added, 0 updated" in finish("merge", target, data["full"]).stdout


@pytest.mark.parametrize("processes", [1, 2] if LONG else [2])
def test_kill_suggest(data: dict[str, Path], tmp_path: Path, rng: random.Random, processes: int) -> None:
    reference = _suggestion_counts(data["suggested"])
    args = ["--model", "none", "--processes", str(processes)]
    duration = timed("suggest", shutil.copy(data["full"], tmp_path / "t.annotator"), *args)
    for k, moment in enumerate(_moments(rng, duration)):
        target = Path(shutil.copy(data["full"], tmp_path / f"s{k}.annotator"))
        proc = cli("suggest", target, *args)
        try:
            proc.wait(timeout=moment)
        except Exception:  # noqa: BLE001 - still running: kill it with its workers in sight
            workers = children(proc.pid)
            proc.kill()
            proc.communicate()
            assert all(wait_gone(pid, 10) for pid in workers), "workers outlived their parent"
        _whole_articles(target, data)
        partial = _suggestion_counts(target)
        assert all(n in (0, reference[digest]) for digest, n in partial.items())
        again = finish("suggest", target, *args)
        assert again.returncode == 0, again.stderr
        assert _suggestion_counts(target) == reference


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_suggest_workers_die_with_their_parent(data: dict[str, Path], tmp_path: Path, sig: int) -> None:
    target = Path(shutil.copy(data["full"], tmp_path / "w.annotator"))
    proc = cli("suggest", target, "--model", "none", "--processes", "2")
    workers: list[int] = []
    while not workers and proc.poll() is None:
        try:
            proc.wait(timeout=0.05)
        except Exception:  # noqa: BLE001 - not finished: look for its workers
            workers = children(proc.pid)
    if not workers:
        pytest.fail("suggest --processes 2 finished before its workers were seen; make the input bigger")
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=0.1)  # into the run, past the workers' start
    proc.send_signal(sig)
    _, err = proc.communicate()
    assert all(wait_gone(pid, 10) for pid in workers), "workers outlived their parent"
    if sig == signal.SIGTERM and proc.returncode in (0, -signal.SIGTERM):
        # Only once the work is done: the handler gone (the command was printing its summary),
        # or its KeyboardInterrupt raised in a finaliser, where Python ignores exceptions.
        assert rows(target, "SELECT count(DISTINCT article_id) FROM suggestions") == [(ARTICLES,)]
    elif sig == signal.SIGTERM:
        assert proc.returncode == 130 and "interrupted: everything stored so far is kept" in err
    _whole_articles(target, data)


@pytest.mark.parametrize("fmt", ["jsonl", "brat", "spacy"] if LONG else ["jsonl", "brat"])
def test_kill_export(data: dict[str, Path], tmp_path: Path, rng: random.Random, fmt: str) -> None:
    out = tmp_path / ("ref" if fmt == "brat" else f"ref.{fmt}")
    args = ["-f", fmt, "--annotator", "alice"]
    duration = timed("export", data["full"], *args, "-o", out)
    for k, moment in enumerate(_moments(rng, duration)):
        target = tmp_path / f"k{k}" / out.name
        target.parent.mkdir()
        kill_after(cli("export", data["full"], *args, "-o", target), moment)
        if target.exists():  # renamed into place: then it is complete
            _same_export(out, target)
        leftovers = [p for p in target.parent.iterdir() if p.name != target.name]
        assert all(p.name.startswith(f".{target.name}.") for p in leftovers)
        again = finish("export", data["full"], *args, "-o", target)
        assert again.returncode == 0, again.stderr
        _same_export(out, target)
        assert [p.name for p in target.parent.iterdir()] == [target.name]  # stale temporaries gone
        if leftovers:
            assert "temporary file" in again.stdout and "left by an interrupted export" in again.stdout
    assert integrity(data["full"]) == "ok"


def _same_export(reference: Path, made: Path) -> None:
    if reference.is_dir():
        names = sorted(p.name for p in reference.iterdir())
        assert sorted(p.name for p in made.iterdir()) == names
        for name in names:
            assert (made / name).read_bytes() == (reference / name).read_bytes()
    elif reference.suffix == ".jsonl":
        assert made.read_bytes() == reference.read_bytes()
    else:
        assert made.stat().st_size == reference.stat().st_size

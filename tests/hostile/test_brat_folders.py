"""``export --format brat --all`` writes every annotator's work into a folder of
its own, whatever their names, and the round trip brings it all back (issue 17: 1, 3)."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.io.brat import folder_name
from annotator.usecases.importing import import_paths
from annotator.usecases.projects import new_project, open_existing
from tests.hostile.cli_helpers import run

TEXTS = [f"Mayor Ana Ruiz said no, for the {n}th time." for n in range(3)]
NAMES = [
    "x y",
    "x_y",
    "X_Y",
    "alice",
    "Alice",
    unicodedata.normalize("NFC", "José"),
    unicodedata.normalize("NFD", "José"),
    "CON",
    "nul.txt",
    ".hidden",
    "a/b",
    "..",
    "名前" * 40,  # 80 characters, 240 bytes in UTF-8
]


def _project_with(path: Path, names: list[str]) -> None:
    lines = [
        {
            "text": text,
            "_annotator_id": name,
            "_status": "done",
            "spans": [{"start": 6, "end": 14, "label": "PERSON"}],
        }
        for name in names
        for text in TEXTS
    ]
    data = path.with_suffix(".jsonl")
    data.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with new_project(path) as project:
        report = import_paths(project, [data])
        assert report.ok, report.refused


def _work(path: Path) -> dict[str, set[tuple[str, int, int]]]:
    with open_existing(path) as project:
        out = {}
        for name in project.annotators():
            out[name] = {
                (project.article(row.id).text, span.start, span.end)
                for row in project.list_articles()
                for span in project.annotation_set(row.id, name).spans
            }
        return out


def test_every_annotator_gets_a_folder_and_comes_back(tmp_path: Path) -> None:
    source = tmp_path / "src.annotator"
    _project_with(source, NAMES)
    out = tmp_path / "brat"
    code, stdout, err = run("export", source, "-f", "brat", "-o", out, "--all")
    assert code == 0, err
    folders = [p for p in out.iterdir() if p.is_dir()]
    assert len(folders) == len(NAMES)
    assert len({unicodedata.normalize("NFC", p.name).casefold() for p in folders}) == len(NAMES)
    assert sum(1 for _ in out.rglob("*.ann")) == len(NAMES) * len(TEXTS)
    assert f"{len(NAMES) * len(TEXTS)} articles" in stdout
    back = tmp_path / "back.annotator"
    with new_project(back) as project:
        report = import_paths(project, [out])
        assert report.ok, report.refused
    assert _work(back) == _work(source)


def test_a_300_character_name_exports(tmp_path: Path) -> None:
    """A name too long for a file name (the GUI's store call takes any name)."""
    source = tmp_path / "long.annotator"
    _project_with(source, ["bob"])
    long = "n" * 300
    with open_existing(source) as project:
        project.ensure_annotator(long)
        from annotator.core.model import ArticleStatus

        project.set_status(project.list_articles()[0].id, long, ArticleStatus.DONE)
    code, _, err = run("export", source, "-f", "brat", "-o", tmp_path / "out", "--all")
    assert code == 0, err
    names = sorted(p.name for p in (tmp_path / "out").iterdir() if p.is_dir())
    assert names[0] == "bob" and re.fullmatch(r"n{69}~[0-9a-f]{10}", names[1])
    sidecar = json.loads(next((tmp_path / "out" / names[1]).glob("*.json")).read_text(encoding="utf-8"))
    assert sidecar["annotator"] == long  # the real name, for the way back


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.sets(st.text(min_size=1, max_size=40), min_size=1, max_size=8))
def test_folder_names_are_unique_and_safe(names: set[str]) -> None:
    taken: set[str] = set()
    made = [folder_name(name, taken) for name in sorted(names)]
    assert len({unicodedata.normalize("NFC", m).casefold() for m in made}) == len(names)
    for made_name in made:
        assert made_name not in ("", ".", "..") and "/" not in made_name and "\\" not in made_name
        assert "\x00" not in made_name and len(made_name.encode("utf-8", "surrogatepass")) <= 80
        assert not made_name.startswith(".")

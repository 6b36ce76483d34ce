"""Import saves the token splits; an export then tokenizes without loading spaCy and
writes what an export without saved splits writes (the two-process export saving
the splits it had to make is tested in ``tests/export/test_jsonl_parallel.py``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from annotator.io.exported import WriteReport
from annotator.store import token_splits
from annotator.usecases import jsonl_export
from annotator.usecases.importing import import_paths
from annotator.usecases.projects import new_project, open_existing
from tests.export.gold_projects import GOLD_JSONL

EXPORT_WITHOUT_SPACY = """
import sys
from pathlib import Path
from annotator.usecases.exporting import Selection, export
from annotator.usecases.projects import open_existing
with open_existing(Path(sys.argv[1])) as project:
    export(project, "jsonl", Path(sys.argv[2]), Selection(annotator="gold"))
print("spacy" in sys.modules)
"""


def test_import_saves_splits_and_export_needs_no_spacy(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    with new_project(path) as project:
        assert import_paths(project, [GOLD_JSONL], annotator="gold", done=True).ok
        assert len(token_splits.load(project, _name())) > 1000
    out = tmp_path / "saved.jsonl"
    done = subprocess.run(
        [sys.executable, "-c", EXPORT_WITHOUT_SPACY, str(path), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "False", done.stderr  # spaCy was never imported
    # The same bytes as an export that splits every word with spaCy.
    fresh = tmp_path / "fresh.jsonl"
    with open_existing(path) as project:
        report = WriteReport()
        jsonl_export.write_people(project, ["gold"], False, fresh, report, parallel=False)
    assert out.read_bytes() == fresh.read_bytes()


def _name() -> str:
    from annotator.io.token_lists import tokenizer_name

    return tokenizer_name()

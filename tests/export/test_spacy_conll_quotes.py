"""spaCy DocBin, CoNLL and the quote table, on the real gold and on small cases."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

from annotator.cli.wording import message as cli_message
from annotator.store import Project
from annotator.usecases.exporting import ExportError, ExportOptions, Selection, export, split_ids
from annotator.usecases.importing import import_paths
from annotator.usecases.projects import new_project

GOLD = Selection(gold=True)


def _docs(path: Path) -> list:
    return list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))


def test_docbin_holds_every_span_entities_and_user_data(gold_project: Project, tmp_path: Path) -> None:
    out = tmp_path / "gold.spacy"
    report = export(gold_project, "spacy", out, GOLD)
    assert report.written.files == [out] and not report.written.adjusted
    docs = _docs(out)
    assert len(docs) == 8 and sum(len(d.spans["sc"]) for d in docs) == 409
    seed = docs[0]
    assert seed.text.startswith("WASHINGTON — The Trump administration")
    assert {e.label_ for e in seed.ents} == {"PERSON", "ROLE"}
    assert ("Sarah Huckabee Sanders", "PERSON") in {(e.text, e.label_) for e in seed.ents}
    assert all(t.ent_iob_ in ("B", "I", "O") for t in seed)  # done: the rest is "O", not missing
    data = seed.user_data
    assert (
        data["annotator"] == "gold" and data["status"] == "done" and data["article"]["date"] == "2017-11-30"
    )
    assert sum(len(d.user_data["relations"]) for d in docs) == 253
    denial = "There are no personnel announcements at this time,"
    start = seed.text.index(denial)
    # msgpack gives lists back as tuples
    assert (start, start + len(denial), "DENIAL", {"type": "direct"}) in data["attributes"]
    speaker = next(r for r in data["relations"] if r["label"] == "SPEAKER" and r["head"][0] == start)
    assert seed.text[speaker["child"][0] : speaker["child"][1]] == "Sarah Huckabee Sanders"


def test_misaligned_overlapping_and_pending(tmp_path: Path) -> None:
    text = "Mayor Ana Ruiz said no. Vincent agreed."
    task = {
        "text": text,
        "spans": [
            {"start": 0, "end": 14, "label": "ROLE"},  # "Mayor Ana Ruiz" overlaps the PERSON inside it
            {"start": 6, "end": 14, "label": "PERSON"},
            {"start": 25, "end": 31, "label": "PERSON"},  # "incen": inside the token "Vincent"
        ],
    }
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(task) + "\n", encoding="utf-8")
    with new_project(tmp_path / "p.annotator") as project:
        import_paths(project, [source], annotator="ana")
        out = tmp_path / "ana.spacy"
        report = export(project, "spacy", out, Selection(annotator="ana", include_pending=True))
    [doc] = _docs(out)
    assert [(s.text, s.label_) for s in doc.spans["sc"]] == [
        ("Mayor Ana Ruiz", "ROLE"),
        ("Ana Ruiz", "PERSON"),
        ("Vincent", "PERSON"),
    ]
    assert [(e.text, e.label_) for e in doc.ents] == [("Mayor Ana Ruiz", "ROLE"), ("Vincent", "PERSON")]
    assert doc[3].ent_iob_ == ""  # "said": missing, not "O", on an article still in progress
    assert report.written.adjusted == {"spans widened to token boundaries (offsets not on spaCy tokens)": 1}
    assert report.written.left_out == {
        "PERSON/ROLE spans overlapping a longer one: in doc.spans only, not in doc.ents": 1
    }


def test_split_is_seeded_and_by_article(gold_project: Project, tmp_path: Path) -> None:
    report = export(gold_project, "spacy", tmp_path / "corpus", GOLD, ExportOptions(split=0.75, seed=3))
    train, dev = _docs(tmp_path / "corpus" / "train.spacy"), _docs(tmp_path / "corpus" / "dev.spacy")
    assert (len(train), len(dev)) == (6, 2)
    assert {d.user_data["article"]["article_id"] for d in train} == split_ids(list(range(1, 9)), 0.75, 3)
    assert (
        "split (seed 3): 6 articles (6 docs) in train.spacy, 2 articles (2 docs) in dev.spacy"
        in report.written.notes
    )
    assert split_ids(list(range(1, 9)), 0.75, 3) != split_ids(list(range(1, 9)), 0.75, 4)
    assert len(split_ids([1, 2], 0.99, 0)) == 1  # both sides keep at least one article


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (ExportOptions(split=1.5), "--split must be between 0 and 1"),
        (ExportOptions(split=0.5), "does not exist"),
        (ExportOptions(ent_labels=("PERSON", "NAME")), "--ents: unknown label NAME"),
    ],
)
def test_bad_spacy_options(
    gold_project: Project, tmp_path: Path, options: ExportOptions, message: str
) -> None:
    with pytest.raises(ExportError) as refused:
        export(gold_project, "spacy", tmp_path / "missing" / "x.spacy", GOLD, options)
    assert re.search(message, cli_message(refused.value))  # as the command line says it
    assert list(tmp_path.iterdir()) == []


def test_conll_is_read_by_spacy_convert(gold_project: Project, tmp_path: Path) -> None:
    out = tmp_path / "gold.conll"
    report = export(gold_project, "conll", out, GOLD)
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines[:4] == ["-DOCSTART- -X- -X- O", "", "WASHINGTON O", "— O"]
    assert lines.count("-DOCSTART- -X- -X- O") == 8
    assert all(len(line.split(" ")) == 2 for line in lines if line and not line.startswith("-DOCSTART-"))
    assert "Secretary B-ROLE" in lines and "State I-ROLE" in lines and "Tillerson I-PERSON" in lines
    assert report.written.left_out["QUOTE spans (CoNLL gets the --ents labels: PERSON, ROLE)"] == 74
    converted = tmp_path / "converted"
    converted.mkdir()
    subprocess.run(
        [sys.executable, "-m", "spacy", "convert", str(out), str(converted), "-c", "ner"],
        check=True,
        capture_output=True,
    )
    docs = _docs(converted / "gold.spacy")
    assert sum(len(d.ents) for d in docs) == report.written.spans == 229


def test_quote_table(gold_project: Project, tmp_path: Path) -> None:
    out = tmp_path / "quotes.csv"
    export(gold_project, "quotes-csv", out, GOLD)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 88 and {r["label"] for r in rows} == {"QUOTE", "DENIAL"}
    sanders = next(r for r in rows if r["quote"] == "There are no personnel announcements at this time,")
    assert sanders == sanders | {
        "article_id": "1",
        "date": "2017-11-30",
        "annotator": "gold",
        "label": "DENIAL",
        "type": "direct",
        "speaker": "Sarah Huckabee Sanders",
        "speaker_label": "PERSON",
        "speaker_role": "Press Secretary",
        "cue": "said",
    }

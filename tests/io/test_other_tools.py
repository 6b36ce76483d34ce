"""Import of files that other annotation tools write: doccano, Label Studio, UIMA CAS
(INCEpTION/WebAnno), CoNLL-2003, CoNLL-U and spaCy DocBin; hand-written from each
tool's documented format, and real files from the tools' own repositories
(tests/data/fixtures/*/real, see the README there)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.io.mapping import load_label_map
from annotator.store import Project
from annotator.usecases.importing import import_paths

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fixtures"
TEXT = "Hi. My name is Vincent. “We will not resign,” said Mayor Ana Ruiz on Monday."


def _annotations(project: Project, text: str, annotator: str) -> tuple[set, set]:
    article_id = project.find_article(text)
    assert article_id is not None, f"{text!r} was not imported"
    work = project.annotation_set(article_id, annotator)
    spans = {(s.label, text[s.start : s.end]) for s in work.spans}
    relations = {
        (r.label, text[r.head.start : r.head.end], text[r.child.start : r.child.end]) for r in work.relations
    }
    return spans, relations


# -- doccano ---------------------------------------------------------------------
def test_doccano_sequence_labelling_with_a_map(project: Project) -> None:
    mapping = load_label_map(FIXTURES / "doccano" / "map.toml")
    report = import_paths(
        project, [FIXTURES / "doccano" / "sequence_labeling.jsonl"], annotator="desk", label_map=mapping
    )
    assert report.ok, report.refused
    assert report.imported == 2
    spans, _ = _annotations(project, TEXT, "desk")
    assert spans == {("PERSON", "Vincent"), ("ROLE", "Mayor"), ("PERSON", "Ana Ruiz")}
    assert report.notes == {"doccano spans labelled DATE dropped (--map)": 1}


def test_doccano_unknown_label_is_refused_with_a_hint(project: Project) -> None:
    report = import_paths(project, [FIXTURES / "doccano" / "sequence_labeling.jsonl"], annotator="desk")
    [problem] = report.refused
    assert problem.where.endswith("sequence_labeling.jsonl:1")
    assert "unknown label 'PER'" in problem.reason and "--map FILE" in problem.reason
    assert project.find_article(TEXT) is None  # never an article without its annotations


def test_doccano_entities_and_relations(project: Project) -> None:
    report = import_paths(project, [FIXTURES / "doccano" / "relation_extraction.jsonl"], annotator="desk")
    assert report.ok, report.refused
    spans, relations = _annotations(project, TEXT, "desk")
    assert spans == {("QUOTE", "We will not resign,"), ("PERSON", "Ana Ruiz"), ("ROLE", "Mayor")}
    assert relations == {("SPEAKER", "We will not resign,", "Ana Ruiz"), ("ROLE_OF", "Mayor", "Ana Ruiz")}


def test_doccano_classification_is_refused(project: Project) -> None:
    report = import_paths(project, [FIXTURES / "doccano" / "text_classification.jsonl"], annotator="desk")
    [problem] = report.refused
    assert "text classification" in problem.reason
    assert report.imported == 0


def test_doccano_real_examples(project: Project, tmp_path: Path) -> None:
    """doccano's own example files (one of them a JSON object over several lines)."""
    mapping = tmp_path / "map.toml"
    mapping.write_text('[labels]\nMISC = ""\nDATE = ""\n[relations]\nfoundedAt = ""\nfoundedBy = ""\n')
    report = import_paths(
        project, [FIXTURES / "doccano" / "real"], annotator="desk", label_map=load_label_map(mapping)
    )
    assert report.ok, report.refused
    assert report.imported == 4
    spans, _ = _annotations(project, "EU rejects German call to boycott British lamb.", "desk")
    assert spans == {("ORG", "EU")}
    spans, _ = _annotations(project, "President Obama", "desk")
    assert spans == {("PERSON", "Obama")}
    google = "Google was founded on September 4, 1998, by Larry Page and Sergey Brin."
    spans, relations = _annotations(project, google, "desk")
    assert spans == {("ORG", "Google"), ("PERSON", "Larry Page"), ("PERSON", "Sergey Brin")}
    assert relations == set()
    assert report.notes["doccano relations of type foundedBy dropped (--map)"] == 2
    assert report.notes["doccano spans labelled DATE dropped (--map)"] == 1


# -- Label Studio -------------------------------------------------------------------
def test_label_studio_json_with_relations_and_utf16_offsets(project: Project) -> None:
    report = import_paths(project, [FIXTURES / "label_studio" / "ner_relations.json"])
    assert report.ok, report.refused
    spans, relations = _annotations(project, TEXT, "alice@example.org")
    assert spans == {("QUOTE", "We will not resign,"), ("PERSON", "Ana Ruiz"), ("ROLE", "Mayor")}
    # "direction": "left" turns the arrow around: ROLE_OF goes from the role to the person.
    assert relations == {("SPEAKER", "We will not resign,", "Ana Ruiz"), ("ROLE_OF", "Mayor", "Ana Ruiz")}
    emoji = "Mayor 🙂 Ana Ruiz said: “No comment.”"
    spans, _ = _annotations(project, emoji, "alice@example.org")
    assert spans == {("PERSON", "Ana Ruiz"), ("QUOTE", "No comment."), ("ROLE", "Mayor")}
    assert (
        report.notes["Label Studio offsets counted in UTF-16 units (after emoji): converted to characters"]
        == 2
    )
    assert report.notes["Label Studio annotations cancelled (skipped), left out"] == 1
    assert report.notes["Label Studio results of type 'choices' (not text spans), left out"] == 1


def test_label_studio_region_whose_text_does_not_match_is_refused(project: Project) -> None:
    report = import_paths(project, [FIXTURES / "label_studio" / "wrong_text.json"])
    [problem] = report.refused
    assert problem.where.endswith("wrong_text.json: task 1")
    assert "the region's text is 'Ana R'" in problem.reason


def test_label_studio_json_min(project: Project) -> None:
    report = import_paths(project, [FIXTURES / "label_studio" / "json_min.json"])
    assert report.ok, report.refused
    spans, _ = _annotations(project, TEXT, "bob@example.org")
    assert spans == {("PERSON", "Vincent"), ("ROLE", "Mayor")}


# -- UIMA CAS ---------------------------------------------------------------------
def test_cas_xmi_from_inception_layout_with_its_type_system(project: Project) -> None:
    report = import_paths(project, [FIXTURES / "cas" / "inception"])
    assert report.ok, report.refused
    spans, relations = _annotations(project, TEXT, "alice")  # named after the file, as INCEpTION does
    assert spans == {("QUOTE", "We will not resign,"), ("PERSON", "Ana Ruiz"), ("ROLE", "Mayor")}
    assert relations == {("SPEAKER", "We will not resign,", "Ana Ruiz"), ("ROLE_OF", "Mayor", "Ana Ruiz")}
    article_id = project.find_article(TEXT)
    assert article_id is not None
    [quote] = [s for s in project.annotation_set(article_id, "alice").spans if s.label == "QUOTE"]
    assert quote.attrs == {
        "type": "direct"
    }  # feature quoteType (UIMA keeps "type"), "Direct" as the scheme spells it


def test_cas_json_with_a_layer_map(project: Project, tmp_path: Path) -> None:
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        '[attributes]\nquoteType = "type"\n'
        '[layers."webanno.custom.NewsSpan"]\nfeature = "label"\n'
        '[relation_layers."webanno.custom.NewsRelation"]\nfeature = "label"\n'
    )
    report = import_paths(
        project, [FIXTURES / "cas" / "news.json"], annotator="carol", label_map=load_label_map(mapping)
    )
    assert report.ok, report.refused
    article_id = project.find_article(TEXT)
    assert article_id is not None
    work = project.annotation_set(article_id, "carol")
    [quote] = [s for s in work.spans if s.label == "QUOTE"]
    assert quote.attrs == {"type": "direct"}  # INCEpTION's "Direct", matched to the scheme's value
    assert len(work.relations) == 2


def test_real_inception_xmi_with_emoji_offsets(project: Project) -> None:
    """A CAS that INCEpTION exported (dkpro-cassis' test file): UIMA's UTF-16 offsets after an emoji."""
    mapping = load_label_map(FIXTURES / "cas" / "real" / "map.toml")
    report = import_paths(
        project, [FIXTURES / "cas" / "real" / "cas_with_smileys.xmi"], annotator="desk", label_map=mapping
    )
    assert report.ok, report.refused
    spans, _ = _annotations(project, "Hello 😊, my name is John.", "desk")
    assert spans == {("PERSON", "John")}


def test_cas_layer_missing_from_the_cas_is_refused(project: Project, tmp_path: Path) -> None:
    mapping = tmp_path / "map.toml"
    mapping.write_text('[layers."webanno.custom.Nothing"]\nlabel = "QUOTE"\n')
    report = import_paths(project, [FIXTURES / "cas" / "news.json"], label_map=load_label_map(mapping))
    [problem] = report.refused
    assert "has no type 'webanno.custom.Nothing'" in problem.reason


# -- CoNLL, CoNLL-U ---------------------------------------------------------------------
def test_conll_2003_bio_with_iob1_start(project: Project) -> None:
    mapping = load_label_map(FIXTURES / "conll" / "map.toml")
    report = import_paths(project, [FIXTURES / "conll" / "news.conll"], annotator="desk", label_map=mapping)
    assert report.ok, report.refused
    text = "Mayor Ana Ruiz spoke .\nVincent listened ."
    spans, _ = _annotations(project, text, "desk")
    assert spans == {("ROLE", "Mayor"), ("PERSON", "Ana Ruiz"), ("PERSON", "Vincent")}


def test_conllu_documents_multiword_tokens_and_misc_tags(project: Project) -> None:
    report = import_paths(project, [FIXTURES / "conll" / "news.conllu"], annotator="desk")
    assert report.ok, report.refused
    assert report.imported == 2
    spans, _ = _annotations(project, "Mayor Ana Ruiz didn't speak. Vincent listened.", "desk")
    assert spans == {("ROLE", "Mayor"), ("PERSON", "Ana Ruiz"), ("PERSON", "Vincent")}
    assert project.find_article("Nobody spoke.") is not None


# -- content decides, unknown formats are refused -------------------------------------
@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("notes.xml", '<?xml version="1.0"?><doc>x</doc>', "XML that is not UIMA CAS XMI"),
        ("export.tsv", "#FORMAT=WebAnno TSV 3.3\n\n#Text=Hi\n1-1\t0-2\tHi\t_\n", "WebAnno TSV is not read"),
        ("table.csv", "a,b\n1,2\n", "unknown file type '.csv'"),
        ("README", "Some words.\n", "a file without a suffix"),
    ],
)
def test_unknown_or_unsupported_formats_are_refused_by_name(
    project: Project, tmp_path: Path, name: str, content: str, reason: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    report = import_paths(project, [path])
    [problem] = report.refused
    assert reason in problem.reason
    assert "formats read: text, jsonl" in problem.reason
    assert report.imported == 0


def test_content_decides_over_the_name(project: Project, tmp_path: Path) -> None:
    """CoNLL and CAS XMI named .txt are read as what they are, not as articles full of markup."""
    conll = tmp_path / "eng.train.txt"
    conll.write_bytes((FIXTURES / "conll" / "news.conll").read_bytes())
    xmi = tmp_path / "smileys.txt"
    xmi.write_bytes((FIXTURES / "cas" / "real" / "cas_with_smileys.xmi").read_bytes())
    mapping = load_label_map(FIXTURES / "conll" / "map.toml")
    report = import_paths(project, [conll, xmi], annotator="desk", label_map=mapping)
    assert report.ok, report.refused
    texts = {project.article(row.id).text for row in project.list_articles()}
    assert texts == {"Mayor Ana Ruiz spoke .\nVincent listened .", "Hello 😊, my name is John."}


def test_format_option_forces_a_reader(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "README"
    path.write_text("Some words.\n", encoding="utf-8")
    assert import_paths(project, [path], format="text").imported == 1
    forced = tmp_path / "lines.data"
    forced.write_bytes((FIXTURES / "doccano" / "relation_extraction.jsonl").read_bytes())
    report = import_paths(project, [forced], format="doccano", annotator="desk")
    assert report.ok, report.refused
    assert _annotations(project, TEXT, "desk")[1]


def test_prodigy_rejected_and_ignored_answers_are_counted(project: Project) -> None:
    report = import_paths(project, [FIXTURES / "prodigy"])
    assert report.notes == {"Prodigy tasks with answer 'reject': text imported, annotations not kept": 1}


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"text": "A b.", "label": "SPORTS", "answer": "accept"}', "classification task (label 'SPORTS')"),
        ('{"result": [{"type": "labels"}]}', "Label Studio annotation without its task's text"),
    ],
)
def test_jsonl_lines_of_other_tools_are_never_empty_articles(
    project: Project, tmp_path: Path, line: str, reason: str
) -> None:
    path = tmp_path / "tasks.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    report = import_paths(project, [path], annotator="desk", done=True)
    [problem] = report.refused
    assert reason in problem.reason
    assert report.imported == 0


# -- spaCy DocBin -------------------------------------------------------------------
def test_our_spacy_docbin_imports_back(project: Project, tmp_path: Path) -> None:
    from annotator.usecases.exporting import Selection, export
    from annotator.usecases.projects import new_project

    assert import_paths(project, [FIXTURES / "prodigy" / "rel_manual.jsonl"]).ok
    target = tmp_path / "carol.spacy"
    export(project, "spacy", target, Selection(annotator="news-carol", include_pending=True))
    with new_project(tmp_path / "other.annotator") as other:
        report = import_paths(other, [target])
        assert report.ok, report.refused
        want = _annotations(project, TEXT, "news-carol")
        assert _annotations(other, TEXT, "news-carol") == want
        article_id = other.find_article(TEXT)
        assert article_id is not None
        before = project.annotation_set(project.find_article(TEXT) or 0, "news-carol")
        after = other.annotation_set(article_id, "news-carol")
        assert sorted((s.key, dict(s.attrs)) for s in after.spans) == sorted(
            (s.key, dict(s.attrs)) for s in before.spans
        )
        assert after.done == before.done


def test_someone_elses_docbin_reads_ents_and_span_groups(project: Project, tmp_path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    doc = nlp("Mayor Ana Ruiz spoke.")
    doc.ents = [doc.char_span(6, 14, label="PERSON")]
    doc.spans["roles"] = [doc.char_span(0, 5, label="ROLE")]
    path = tmp_path / "theirs.spacy"
    DocBin(docs=[doc]).to_disk(path)
    report = import_paths(project, [path], annotator="desk")
    assert report.ok, report.refused
    spans, _ = _annotations(project, "Mayor Ana Ruiz spoke.", "desk")
    assert spans == {("PERSON", "Ana Ruiz"), ("ROLE", "Mayor")}


# -- files Label Studio's own converter wrote (label-studio-sdk, from our export of the gold) -------
def test_label_studio_sdk_json_min_imports_every_gold_span(project: Project) -> None:
    report = import_paths(project, [FIXTURES / "label_studio" / "real" / "sdk_json_min.json"], annotator="ls")
    assert report.ok, report.refused
    assert report.imported == 8
    gold = [
        json.loads(line) for line in (FIXTURES.parent / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    for task in gold:
        spans, _ = _annotations(project, task["text"], "ls")
        assert spans == {(s["label"], task["text"][s["start"] : s["end"]]) for s in task["spans"]}


def test_label_studio_sdk_conll_imports(project: Project) -> None:
    report = import_paths(project, [FIXTURES / "conll" / "label_studio_sdk.conll"], annotator="ls")
    assert report.ok, report.refused
    [row] = project.list_articles()
    article = project.article(row.id)
    assert article.text.startswith("WASHINGTON — The Trump administration is considering")
    spans = project.annotation_set(row.id, "ls").spans
    # One B- tag per span the SDK wrote (overlapping gold spans collapse in BIO).
    begins = sum(
        1 for line in (FIXTURES / "conll" / "label_studio_sdk.conll").read_text(encoding="utf-8").splitlines()
        if line.split() and line.split()[-1].startswith("B-")
    )  # fmt: skip
    assert len(spans) == begins == 354


def test_cas_xmi_external_entity_is_never_read(project: Project, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    xmi = tmp_path / "xxe.xmi"
    xmi.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<!DOCTYPE xmi:XMI [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        '<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" xmi:version="2.0">'
        '<cas:NULL xmi:id="0"/><cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text" '
        'sofaString="Hi &xxe; there"/><cas:View sofa="1" members=""/></xmi:XMI>\n',
        encoding="utf-8",
    )
    report = import_paths(project, [xmi], annotator="desk")
    [problem] = report.refused
    assert "not a readable UIMA CAS file" in problem.reason and "TOP-SECRET" not in problem.reason
    assert project.list_articles() == []

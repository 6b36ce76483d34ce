"""``annotator merge``: three laptops' projects into one, exactly and idempotently."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sample_projects import TEXTS, build
from typer.testing import CliRunner

from annotator.cli import app
from annotator.core.errors import AnnotatorError
from annotator.core.model import AnnotationSet, ArticleInput, ArticleRecord, ArticleStatus, Span
from annotator.usecases.merging import merge_projects
from annotator.usecases.projects import new_project, open_existing

runner = CliRunner()
NewTarget = Callable[[str], str | Path]


def laptop(tmp_path: Path, name: str) -> Path:
    """One annotator's project: the three texts, only their own work."""
    return build(tmp_path / f"{name}-laptop.annotator", (name,))


def snapshot(path: str | Path) -> dict[str, object]:
    with open_existing(path) as p:
        counts = p.counts()
        work = {}
        for summary in p.list_articles():
            text = p.article(summary.id).text
            for name in p.annotators():
                s = p.annotation_set(summary.id, name)
                work[(text, name)] = (s.spans, s.relations, s.done, summary.statuses.get(name))
        return {"counts": counts, "work": work, "annotators": p.annotators()}


def test_three_laptops_merge_exactly_and_idempotently(tmp_path: Path, new_target: NewTarget) -> None:
    sources = [laptop(tmp_path, n) for n in ("a", "b", "c")]
    target = new_target("lead.annotator")
    new_project(target).close()
    with open_existing(target) as p:
        reports = merge_projects(p, sources)
    assert [r.articles_added for r in reports] == [3, 0, 0]
    assert [r.added for r in reports] == [3, 3, 3] and not any(r.conflicts for r in reports)
    merged = snapshot(target)
    assert merged["annotators"] == ["a", "b", "c"]
    counts = merged["counts"]
    assert counts.articles == 3 and counts.annotators == 3  # type: ignore[attr-defined]
    # Every annotator's spans, relations and statuses arrive exactly as on their laptop.
    for source, name in zip(sources, "abc", strict=True):
        theirs = snapshot(source)["work"]
        for text in TEXTS:
            assert merged["work"][(text, name)] == theirs[(text, name)]  # type: ignore[index]
    assert merged["work"][(TEXTS[2], "c")][3] == ArticleStatus.IN_PROGRESS  # type: ignore[index]
    # Again, and in another order: nothing changes.
    with open_existing(target) as p:
        again = merge_projects(p, list(reversed(sources)))
    assert all(r.unchanged == 3 and not r.changed for r in again)
    assert snapshot(target) == merged


def test_same_name_different_person_is_kept_apart(tmp_path: Path, new_target: NewTarget) -> None:
    first = laptop(tmp_path, "a")
    other = tmp_path / "other"
    other.mkdir()
    second = build(other / "b-laptop.annotator", ("a",))  # another person who also chose "a"
    target = new_target("lead.annotator")
    new_project(target).close()
    code = runner.invoke(app, ["merge", str(target), str(first), str(second)])
    assert code.exit_code == 0, code.stderr
    assert "different annotator named 'a'; merged as 'a@b-laptop'" in code.stderr
    with open_existing(target) as p:
        assert p.annotators() == ["a", "a@b-laptop"]
        reports = merge_projects(p, [second])  # the same person is found again by identity
    assert reports[0].annotators[0].target_name == "a@b-laptop" and reports[0].unchanged == 3


def test_newer_work_replaces_older_and_new_articles_arrive(tmp_path: Path, new_target: NewTarget) -> None:
    source = laptop(tmp_path, "a")
    target = new_target("lead.annotator")
    new_project(target).close()
    with open_existing(target) as p:
        merge_projects(p, [source])
    with open_existing(source) as p:
        article = p.find_article(TEXTS[2])
        assert article is not None
        p.set_status(article, "a", ArticleStatus.TODO)  # the annotator reopened it later
        p.save_articles(
            [
                ArticleRecord(
                    ArticleInput("A fourth text, said Smith."),
                    AnnotationSet("a", (Span(21, 26, "PERSON"),), done=True),
                )
            ]
        )
    with open_existing(target) as p:
        [report] = merge_projects(p, [source])
        assert (report.articles_added, report.replaced, report.unchanged, report.added) == (1, 1, 2, 1)
        statuses = {s.title or p.article(s.id).text[:6]: s.statuses["a"] for s in p.list_articles()}
    assert statuses["Article 3"] == ArticleStatus.TODO and statuses["A four"] == ArticleStatus.DONE


def test_refuses_itself_and_missing_files(tmp_path: Path) -> None:
    target = laptop(tmp_path, "a")
    with open_existing(target) as p, pytest.raises(AnnotatorError, match="target project itself"):
        merge_projects(p, [target])
    result = runner.invoke(app, ["merge", str(target), str(tmp_path / "nope.annotator")])
    assert result.exit_code == 1 and "no such project" in result.stderr

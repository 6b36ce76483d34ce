"""Plain-text articles in the seed layout (optional ``date YYYY-MM-DD`` line, then the body)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.core.errors import InputError
from annotator.core.model import ArticleInput, ArticleRecord
from annotator.core.text import guess_title, read_plain_text
from annotator.io.items import Parsed, ReadItem, Refused


def read_plaintext_file(path: Path, data: bytes) -> Iterator[ReadItem]:
    """One article from one file's bytes, or the reason it is refused."""
    try:
        article = read_plain_text(data)
    except InputError as exc:
        yield Refused(_where(path, exc.line), exc.reason, len(data))
        return
    record = ArticleRecord(
        ArticleInput(
            text=article.text,
            title=guess_title(article.text),
            date=article.date,
            source=path.name,
            meta={"file": str(path)},
        )
    )
    yield Parsed(record, str(path), len(data))


def _where(path: Path, line: int | None) -> str:
    return f"{path}:{line}" if line is not None else str(path)

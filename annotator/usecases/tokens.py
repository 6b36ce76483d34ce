"""The project's saved token splits, for exports that need not load spaCy.

Import saves how the tokenizer splits every new word; an export starts from
them, and saves what it had to split itself for the next one.
"""

from __future__ import annotations

from contextlib import suppress

from annotator.io.token_lists import Split, TokenLists, tokenizer_name
from annotator.store import Project, ProjectError, token_splits


def saved_tokens(project: Project) -> TokenLists:
    """Token lists that start from the project's saved token splits."""
    tokens = TokenLists()
    tokens.preload(token_splits.load(project, tokenizer_name()))
    return tokens


def save_tokens(project: Project, splits: list[Split]) -> None:
    """Save new token splits for the next export; a project that cannot be written
    to now (read-only, or busy) simply goes without."""
    if not splits:
        return
    with suppress(ProjectError):
        token_splits.save(project, tokenizer_name(), splits)

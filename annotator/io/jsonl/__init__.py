"""Prodigy-style JSONL, read and written (formats.md).

:mod:`.reader` reads tasks (and other tools' JSONL lines, by their keys);
:mod:`.writer` writes them fast from plain columns, with :mod:`.tokens` and
:mod:`.pieces`; :mod:`.reference` writes the same bytes the plain way;
:mod:`.hashes` computes Prodigy's ``_input_hash`` and ``_task_hash``.
"""

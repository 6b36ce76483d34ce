"""The core: articles, spans, relations, suggestions, schemes.

Imports neither Qt, SQLAlchemy nor spaCy (enforced by import-linter).
"""

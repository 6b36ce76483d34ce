"""The suggestion engine (spaCy plus rules). spaCy loads lazily, never at import."""

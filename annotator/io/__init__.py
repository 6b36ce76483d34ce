"""Readers and writers of article and annotation files."""

"""The desktop GUI (PySide6): the only package that imports Qt.

It is a thin client of the use cases (annotator.usecases): every action goes
through them and is on disk before the screen shows it.
"""

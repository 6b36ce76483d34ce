"""Entry script of the frozen app (PyInstaller): the ``annotator`` command."""

import multiprocessing

# First of all: in a frozen app a child process started by multiprocessing
# (spaCy's nlp.pipe with --processes N) re-runs this executable; freeze_support
# turns it into that worker instead of a second command line.
multiprocessing.freeze_support()

from annotator.cli import main  # noqa: E402  (after freeze_support, on purpose)

if __name__ == "__main__":
    main()

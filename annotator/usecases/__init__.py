"""Use cases: what a user can do, shared by the CLI and the GUI."""

"""Book tooling: executing chapters and checking notebooks (not needed to read or run a chapter)."""

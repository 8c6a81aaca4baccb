"""Reference tables for `names` (see README.md in this folder)."""

"""Backups: a consistent logical snapshot of every table, optionally encrypted
(`rollcall backup`), and its restoration into an empty database (`rollcall
restore`)."""

"""The error every user-facing layer reports in one line, exit status 1."""


class UserError(Exception):
    """Bad input or state from the user: reported in one line, never a traceback."""

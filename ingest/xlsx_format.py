"""XLSX files with the CSV's columns: the first sheet, first row the header."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from ingest.csv_format import BadFile
from ingest.records import Problem


def cell_text(value: object) -> str:
    """A cell as the CSV would hold it (spreadsheets turn dates into dates)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def xlsx_rows(data: bytes, label: str) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # a damaged file fails in many ways
        raise BadFile(
            Problem(label, f"is not an XLSX workbook ({one_line(error)})")
        ) from None
    try:
        yield from sheet_rows(workbook, label)
    finally:
        workbook.close()


def sheet_rows(workbook: Any, label: str) -> Iterator[tuple[int, list[str]]]:
    """The first sheet's rows; a part that cannot be read is named by its row.

    The sheet is read (unzipped, parsed) as it is iterated: a damaged workbook
    fails here, with zlib, zipfile or XML errors, not when it is opened.
    """
    sheet = workbook.worksheets[0] if workbook.worksheets else None
    if sheet is None:
        raise BadFile(Problem(label, "the workbook has no sheet"))
    rows = sheet.iter_rows(values_only=True)
    width = 0
    line = 0
    while True:
        try:
            row = next(rows, None)
        except Exception as error:  # as above
            where = f"{label}:{line + 1}"
            message = f"the workbook is damaged here ({one_line(error)})"
            raise BadFile(Problem(where, message)) from None
        if row is None:
            return
        line += 1
        cells = [cell_text(value) for value in row]
        if line == 1:
            while cells and not cells[-1]:
                cells.pop()
            width = len(cells)
        else:
            cells = cells[:width] + [""] * (width - len(cells))
        yield line, cells


def one_line(error: Exception) -> str:
    """An exception's message on one line, kept short."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:200]

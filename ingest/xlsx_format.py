"""XLSX files with the CSV's columns: the first sheet, first row the header."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime

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
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise BadFile(Problem(label, f"is not an XLSX workbook ({error})")) from None
    sheet = workbook.worksheets[0]
    width = 0
    for line, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [cell_text(value) for value in row]
        if line == 1:
            while cells and not cells[-1]:
                cells.pop()
            width = len(cells)
        else:
            cells = cells[:width] + [""] * (width - len(cells))
        yield line, cells
    workbook.close()

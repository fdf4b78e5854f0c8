"""Reading and writing the spreadsheets of the admin imports and exports.

Every cell is read as text, so an 18-digit NIP or an id is never turned into a float;
files are bounded in size, in rows and in what an .xlsx (a zip) may expand to.
Row numbers are the ones the spreadsheet shows: the header is row 1.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePath
from typing import NamedTuple, TypeVar

import pandas as pd
from openpyxl.utils import get_column_letter

from ekinerja.domain.validation import Errors, ValidationFailed

T = TypeVar("T")

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024  # an .xlsx is a zip; bounds what a small upload may expand to
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_NUMBER = object()  # stands for a cell of a text-only column that Excel holds as a number


class RowError(NamedTuple):
    row: int  # as the spreadsheet shows it: the header is row 1
    column: str
    message: str


@dataclass(frozen=True)
class ImportReport:
    total_rows: int
    errors: list[RowError]
    created: int


@dataclass(frozen=True)
class SheetRow:
    number: int  # as the spreadsheet shows it
    cells: dict[str, str]  # every expected column, stripped text ("" when absent)
    numbers: frozenset[str]  # text-only columns whose cell was a number (their text is "")


def file_error(message: str) -> ValidationFailed:
    """A problem with the file as a whole, shown above the upload."""
    return ValidationFailed({"file": message})


def column_key(label: object) -> str:
    """'Pangkat Golongan ', 'Pangkat/Golongan' and 'pangkat_golongan' name the same column."""
    return "_".join(str(label).strip().lower().replace("-", " ").replace("/", " ").split())


def _unmangled(labels: Sequence[object]) -> list[str]:
    """The headers as the file has them: pandas renames a repeated "nip" to "nip.1"."""
    names = {str(label) for label in labels}
    return [
        match[1] if (match := re.fullmatch(r"(.+)\.[0-9]+", str(label))) and match[1] in names else str(label)
        for label in labels
    ]


def _number_marker(value: object) -> object:
    return value if isinstance(value, str) else _NUMBER


def _read_xlsx(data: bytes, *, text_only: Collection[str], max_rows: int) -> pd.DataFrame:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
            raise file_error("Isi file .xlsx terlalu besar untuk dibaca.")
    labels = list(pd.read_excel(BytesIO(data), nrows=0, engine="openpyxl").columns)
    marked = [label for label in labels if column_key(label) in text_only]
    # Text-only columns get a converter instead of dtype=str, to see which cells are numbers.
    return pd.read_excel(
        BytesIO(data),
        engine="openpyxl",
        dtype={label: str for label in labels if label not in marked},
        converters={label: _number_marker for label in marked},
        keep_default_na=False,
        nrows=max_rows + 1,
    )


def _read_csv(data: bytes, *, max_rows: int) -> pd.DataFrame:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise file_error("File CSV harus disimpan dengan encoding UTF-8 (di Excel: CSV UTF-8).") from None
    return pd.read_csv(
        BytesIO(text.encode()),
        dtype=str,
        keep_default_na=False,
        sep=None,  # sniffed: Excel in an Indonesian locale writes ";" rather than ","
        engine="python",
        skip_blank_lines=False,  # keeps row numbers equal to the spreadsheet's
        nrows=max_rows + 1,
    )


def _read_frame(data: bytes, filename: str, *, text_only: Collection[str], max_rows: int) -> pd.DataFrame:
    if len(data) > MAX_BYTES:
        raise file_error(
            f"Ukuran file {len(data) / 1024 / 1024:.1f} MB melebihi batas {MAX_BYTES // (1024 * 1024)} MB."
        )
    if not data:
        raise file_error("File kosong: pilih file .xlsx atau .csv yang berisi data.")
    suffix = PurePath(filename).suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise file_error(f"Format file harus .xlsx atau .csv (yang diunggah: {suffix or 'tanpa ekstensi'}).")
    try:
        if suffix == ".xlsx":
            return _read_xlsx(data, text_only=text_only, max_rows=max_rows)
        return _read_csv(data, max_rows=max_rows)
    except ValidationFailed:
        raise
    except Exception:  # noqa: BLE001  (parsers fail in many ways; all mean the same to the user)
        raise file_error("File tidak dapat dibaca: pastikan file .xlsx atau .csv yang utuh dan tidak rusak.") from None


def read_rows(
    data: bytes,
    filename: str,
    *,
    columns: Sequence[str],
    optional: Collection[str] = (),
    text_only: Collection[str] = (),
    date_columns: Collection[str] = (),
    max_rows: int = MAX_ROWS,
    no_rows_message: str = "File tidak berisi baris data.",
) -> list[SheetRow]:
    """The non-blank data rows of an .xlsx or .csv upload, each cell as stripped text.

    Headers match ``columns`` ignoring case, spaces and hyphens; other columns are
    ignored. ``text_only`` columns must hold text in an .xlsx (see SheetRow.numbers);
    ``date_columns`` accept real date cells. Problems with the file as a whole raise
    ValidationFailed on the field "file".
    """
    frame = _read_frame(data, filename, text_only=text_only, max_rows=max_rows)
    if len(frame) > max_rows:
        raise file_error(f"File berisi lebih dari {max_rows:,} baris data; pecah menjadi beberapa file.".replace(",", "."))
    keys = [column_key(label) for label in _unmangled(list(frame.columns))]
    repeated = sorted({key for key in keys if key in columns and keys.count(key) > 1})
    if repeated:
        raise file_error(f"Kolom berikut muncul lebih dari sekali: {', '.join(repeated)}.")
    missing = [column for column in columns if column not in keys and column not in optional]
    if missing:
        raise file_error(f"Kolom wajib tidak ada: {', '.join(missing)}. Gunakan baris judul dari templat impor.")
    frame.columns = keys
    frame = frame[[column for column in columns if column in keys]].fillna("")
    rows = []
    for index, record in enumerate(frame.to_dict("records")):
        numbers = frozenset(column for column in text_only if record.get(column) is _NUMBER)
        cells = {column: "" if column in numbers else str(record.get(column, "")).strip() for column in columns}
        for column in date_columns:
            # A real date cell arrives as "YYYY-MM-DD 00:00:00".
            cells[column] = re.sub(r"^([0-9]{4}-[0-9]{2}-[0-9]{2}) 00:00:00$", r"\1", cells[column])
        if numbers or any(cells.values()):
            rows.append(SheetRow(number=index + 2, cells=cells, numbers=numbers))
    if not rows:
        raise file_error(no_rows_message)
    return rows


def row_errors(number: int, found: Mapping[str, str], columns: Sequence[str]) -> list[RowError]:
    """One row's problems (column -> message) in the order of the file's columns."""
    order = list(columns)
    return [RowError(number, column, found[column]) for column in sorted(found, key=order.index)]


def validated_row(
    row: SheetRow, columns: Mapping[str, str], validate: Callable[[dict[str, str]], tuple[T | None, Errors]]
) -> tuple[T | None, dict[str, str]]:
    """A row's cells checked as a form: ``columns`` maps each column to its form field, ``validate`` takes
    the fields; the problems come back keyed by column, for row_errors."""
    data, problems = validate({field: row.cells[column] for column, field in columns.items()})
    column_of = {field: column for column, field in columns.items()}
    return data, {column_of[field]: message for field, message in problems.items()}


def duplicate_of(first_row_of: dict[object, int], key: object, number: int) -> int | None:
    """The earlier row holding ``key``, or None after noting ``number`` as its first row."""
    if key in first_row_of:
        return first_row_of[key]
    first_row_of[key] = number
    return None


def xlsx_bytes(frame: pd.DataFrame, *, sheet: str) -> bytes:
    """An .xlsx whose text stays text: no value becomes a formula, no NIP a number."""
    buffer = BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name=sheet)
        worksheet = writer.sheets[sheet]
        for column_cells in worksheet.iter_cols():
            for cell in column_cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # openpyxl would store "=..." as a formula
                    cell.number_format = "@"
            letter = get_column_letter(column_cells[0].column)
            worksheet.column_dimensions[letter].number_format = "@"  # rows typed in later stay text too
            worksheet.column_dimensions[letter].width = min(60, max(len(str(c.value or "")) for c in column_cells) + 2)
    return buffer.getvalue()

"""Reading a shop's spreadsheet (CSV or XLSX) into header + numbered rows, the cell parsers and
the column names the importer knows. Cells stay as the file gave them (str from CSV; str/int/float/datetime from
XLSX) until a parser turns them into a value or raises BadValue with a reason for the owner."""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

Cell = str | int | float | datetime | date | None

ENCODINGS = ("utf-8-sig", "cp1251")  # utf-8-sig reads plain UTF-8 as well
DELIMITERS = (";", ",", "\t")


class ImportFileError(Exception):
    """The file as a whole cannot be imported (format, encoding, missing columns)."""


class BadValue(ValueError):
    """One cell cannot be read; the message is the reason shown to the owner."""


@dataclass(frozen=True)
class Row:
    line: int  # as the owner sees it: the line in the CSV, the row number in Excel
    cells: dict[str, Cell]  # by normalised header


@dataclass(frozen=True)
class Table:
    headers: dict[str, str]  # normalised -> as written in the file
    rows: list[Row]


def normalize_header(text: str) -> str:
    """'Customer_ID' / ' customer id ' -> 'customer id'; 'Согласие на сообщения' keeps its words."""
    text = text.strip().lower().replace("ё", "е").replace("_", " ").replace("-", " ")
    return re.sub(r"\s+", " ", text)


def read_table(path: Path) -> Table:
    if not path.is_file():
        raise ImportFileError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        lines = _xlsx_lines(path)
    elif suffix in (".csv", ".txt", ".tsv"):
        lines = _csv_lines(path.read_bytes())
    else:
        raise ImportFileError(f"{path.name}: expected a .csv or .xlsx file")
    return _table(lines, path.name)


def _table(lines: list[tuple[int, list[Cell]]], name: str) -> Table:
    if not lines:
        raise ImportFileError(f"{name}: the file is empty")
    header_line, header_cells = lines[0]
    headers: dict[str, str] = {}
    keys: list[str | None] = []
    for cell in header_cells:
        written = "" if cell is None else str(cell).strip()
        key = normalize_header(written) if written else None
        if key is not None and key in headers:
            raise ImportFileError(f"{name}: column '{written}' appears twice (line {header_line})")
        if key is not None:
            headers[key] = written
        keys.append(key)
    rows = []
    for line, cells in lines[1:]:
        named = {key: cell for key, cell in zip(keys, cells, strict=False) if key is not None}
        if any(_present(cell) for cell in named.values()):
            rows.append(Row(line, named))
    return Table(headers, rows)


def _present(cell: Cell) -> bool:
    return cell is not None and (not isinstance(cell, str) or cell.strip() != "")


def _decode(data: bytes) -> str:
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("cannot read the text: save the file as UTF-8 or Windows-1251")


def _csv_lines(data: bytes) -> list[tuple[int, list[Cell]]]:
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines: list[tuple[int, list[Cell]]] = []
    start = 1
    for record in reader:
        lines.append((start, list(record)))
        start = reader.line_num + 1
    return lines


def _xlsx_lines(path: Path) -> list[tuple[int, list[Cell]]]:
    import openpyxl  # only XLSX imports pay for it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zipfile/KeyError/InvalidFileException alike
        raise ImportFileError(f"{path.name}: not a readable XLSX file ({error})") from error
    try:
        sheet = book.worksheets[0]
        rows = enumerate(sheet.iter_rows(values_only=True), start=1)
        return [(number, [_cell(value) for value in values]) for number, values in rows]
    finally:
        book.close()


# --- cell parsers ---------------------------------------------------------------------------


def text(cell: Cell) -> str | None:
    """A cell as trimmed text; whole floats lose their '.0' (Excel keeps phones and ids as numbers)."""
    if cell is None:
        return None
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, datetime | date):
        return cell.isoformat()
    value = str(cell).replace("\x00", "").strip()
    return value or None


_TRUE = {"yes", "y", "1", "true", "да", "д", "+", "согласен", "согласна"}
_FALSE = {"no", "n", "0", "false", "нет", "н", "-", "не согласен", "не согласна"}


def flag(cell: Cell) -> bool | None:
    """yes/no, да/нет, 1/0, true/false; an empty cell is unknown (None)."""
    if isinstance(cell, bool):
        return cell
    value = text(cell)
    if value is None:
        return None
    value = value.lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise BadValue(f"'{value}' is not yes/no (да/нет, 1/0)")


_NUMBER_JUNK = re.compile(r"[\s\u00a0\u202f']|₽|руб\.?|р\.|rub", re.IGNORECASE)


def amount(cell: Cell) -> float:
    """'2 500,00', '2500.5', '1.234,50 ₽' -> float. A lone comma is the decimal separator."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        value = float(cell)
    else:
        raw = text(cell)
        if raw is None:
            raise BadValue("no amount")
        cleaned = _NUMBER_JUNK.sub("", raw)
        if "," in cleaned and "." in cleaned:
            decimal = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
            cleaned = cleaned.replace("." if decimal == "," else ",", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", ".")
        try:
            value = float(cleaned)
        except ValueError:
            raise BadValue(f"amount '{raw}' is not a number") from None
    if not math.isfinite(value) or value < 0:
        raise BadValue(f"amount '{text(cell)}' must be zero or more")
    return round(value, 2)


def whole_number(cell: Cell, what: str, *, low: int, high: int) -> int:
    raw = text(cell)
    if raw is None:
        raise BadValue(f"no {what}")
    try:
        value = amount(cell)
    except BadValue:
        raise BadValue(f"{what} '{raw}' is not a whole number") from None
    if not value.is_integer() or not low <= value <= high:
        raise BadValue(f"{what} '{raw}' must be a whole number from {low} to {high}")
    return int(value)


_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y")


def day(cell: Cell) -> date:
    """ISO (time part ignored), dd.mm.yyyy or dd.mm.yy; Excel date cells as they are."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    raw = text(cell)
    if raw is None:
        raise BadValue("no date")
    head = re.split(r"[T\s]", raw, maxsplit=1)[0]
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(head, pattern).date()
        except ValueError:
            continue
    raise BadValue(f"date '{raw}' is not YYYY-MM-DD, DD.MM.YYYY or DD.MM.YY")


# --- columns --------------------------------------------------------------------------------

CUSTOMER_COLUMNS: dict[str, tuple[str, ...]] = {
    "customer_id": ("customer_id", "id", "код клиента", "id клиента", "client id"),
    "name": ("name", "имя", "фио", "customer name", "имя клиента"),
    "phone": ("phone", "телефон", "phone number", "номер телефона", "мобильный"),
    "bonus_points": ("bonus_points", "bonus", "бонусы", "баллы", "бонусные баллы"),
    "timezone": ("timezone", "time zone", "часовой пояс"),
    "consent_messaging": ("consent_messaging", "messaging consent", "согласие на сообщения"),
    "consent_ads": ("consent_ads", "ads consent", "согласие на рекламу"),
    "telegram_chat_id": ("telegram_chat_id", "telegram id", "telegram"),
}
PURCHASE_COLUMNS: dict[str, tuple[str, ...]] = {
    "order_id": ("order_id", "order", "номер заказа", "заказ", "№ заказа"),
    "customer_id": CUSTOMER_COLUMNS["customer_id"],
    "phone": CUSTOMER_COLUMNS["phone"],
    "date": ("date", "дата", "purchase date", "order date", "дата заказа", "дата покупки"),
    "amount": ("amount", "сумма", "total", "сумма заказа"),
    "items": ("items", "lines", "products", "товары", "позиции", "состав", "состав заказа"),  # optional: the order's lines
}


class Columns:
    """The file's headers resolved to our field names."""

    def __init__(self, table: Table, spec: dict[str, tuple[str, ...]]) -> None:
        self.key: dict[str, str] = {}
        self.written: dict[str, str] = {}
        for name, aliases in spec.items():
            for alias in map(normalize_header, aliases):
                if alias in table.headers:
                    self.key[name], self.written[name] = alias, table.headers[alias]
                    break
        used = set(self.key.values())
        self.ignored = [written for key, written in table.headers.items() if key not in used]

    def __contains__(self, name: str) -> bool:
        return name in self.key

    def cell(self, row: Row, name: str) -> Cell:
        return row.cells.get(self.key[name]) if name in self.key else None


def _cell(value: object) -> Cell:
    """An XLSX cell as one of our cell types (formulas, rich text and the like as their text)."""
    if value is None or isinstance(value, str | int | float | datetime | date):
        return value
    return str(value)

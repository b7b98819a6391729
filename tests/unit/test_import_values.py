"""How the importer reads cells and files: amounts, dates, yes/no, headers, encodings, line numbers."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from bot.app.import_files import BadValue, ImportFileError, amount, day, flag, normalize_header, read_table


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("2 500,00", 2500.0),
        ("2500.5", 2500.5),
        ("1.234,50 ₽", 1234.5),
        ("1,234.50", 1234.5),
        ("3\u00a0000 руб.", 3000.0),
        (700, 700.0),
    ],
)
def test_amounts_are_read_the_way_shops_write_them(cell: str | int, value: float) -> None:
    assert amount(cell) == value


@pytest.mark.parametrize("cell", ["дорого", "-5", "", None])
def test_an_amount_that_is_not_a_sum_is_refused(cell: str | None) -> None:
    with pytest.raises(BadValue):
        amount(cell)


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("2026-03-14", date(2026, 3, 14)),
        ("2026-03-14T18:30:00", date(2026, 3, 14)),
        ("14.03.2026", date(2026, 3, 14)),
        ("14.03.26", date(2026, 3, 14)),
        ("4.3.2026", date(2026, 3, 4)),
        (datetime(2026, 3, 14, 0, 0), date(2026, 3, 14)),
    ],
)
def test_dates_are_read_in_iso_and_russian_order(cell: str | datetime, value: date) -> None:
    assert day(cell) == value


@pytest.mark.parametrize("cell", ["03/14/2026", "31.02.2026", "вчера"])
def test_an_unreadable_date_is_refused_with_the_formats_named(cell: str) -> None:
    with pytest.raises(BadValue, match=r"DD\.MM\.YYYY"):
        day(cell)


@pytest.mark.parametrize(
    ("cell", "value"),
    [("Да", True), ("yes", True), ("1", True), (1, True), ("нет", False), ("FALSE", False), (0, False), ("", None), (None, None)],
)
def test_yes_no_cells(cell: str | int | None, value: bool | None) -> None:
    assert flag(cell) is value


def test_headers_match_whatever_the_case_and_separators() -> None:
    assert normalize_header(" Customer_ID ") == normalize_header("customer id") == "customer id"
    assert normalize_header("Согласие  на  рекламу") == "согласие на рекламу"


def test_a_windows_1251_file_with_semicolons_is_read(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes("Имя;Телефон\nЁжиков, Пётр;8 916 123-45-67\n".encode("cp1251"))

    table = read_table(path)
    assert table.headers == {"имя": "Имя", "телефон": "Телефон"}
    assert table.rows[0].cells == {"имя": "Ёжиков, Пётр", "телефон": "8 916 123-45-67"}


def test_line_numbers_count_the_lines_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text('\ufeffid,name\n1,"two\nlines"\n\n2,Иван\n', encoding="utf-8")

    assert [(row.line, row.cells["id"]) for row in read_table(path).rows] == [(2, "1"), (5, "2")]


def test_a_file_that_is_not_a_table_is_refused(tmp_path: Path) -> None:
    (tmp_path / "c.pdf").write_bytes(b"%PDF")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(ImportFileError, match=r"csv or \.xlsx"):
        read_table(tmp_path / "c.pdf")
    with pytest.raises(ImportFileError, match="not a readable XLSX"):
        read_table(tmp_path / "broken.xlsx")

"""Customers and purchases from the shop's CSV/XLSX files. Reading the files is checked on SQLite; what
updates rows already there (re-imports, consents, last purchase) on PostgreSQL too."""

from __future__ import annotations

import csv
import re
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import col, func, select

from bot.app.importer import ImportFileError, import_customers, import_purchases
from bot.clock import FixedClock
from bot.store.engine import SessionFactory, create_engine, session_factory
from bot.store.models import Consent, Customer, Purchase
from tests.support.cli import invoke, main_py

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CUSTOMERS = ["customer_id", "name", "phone", "bonus_points", "timezone", "consent_messaging", "consent_ads"]
PURCHASES = ["order_id", "customer_id", "date", "amount"]


@pytest.fixture
async def sessions(db_url: str) -> AsyncIterator[SessionFactory]:
    engine = create_engine(db_url)
    yield session_factory(engine)
    await engine.dispose()


def write_csv(path: Path, rows: list[list[object]], *, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    with path.open("w", encoding=encoding, newline="") as file:
        csv.writer(file, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


async def all_customers(sessions: SessionFactory) -> dict[str | None, Customer]:
    async with sessions() as session:
        return {c.external_ref: c for c in (await session.exec(select(Customer))).all()}


async def count(sessions: SessionFactory, table: type[Customer] | type[Purchase] | type[Consent]) -> int:
    async with sessions() as session:
        return (await session.exec(select(func.count()).select_from(table))).one()


@pytest.mark.backend_matters
async def test_csv_and_xlsx_files_read_the_same(sessions: SessionFactory, clock: FixedClock, tmp_path: Path) -> None:
    customers = [CUSTOMERS, ["A1", "Иван Петров", "+7 916 123-45-67", 1500, "Asia/Novosibirsk", "yes", "no"]]
    await import_customers(sessions, write_xlsx(tmp_path / "c.xlsx", customers), clock.now())
    again = await import_customers(sessions, write_csv(tmp_path / "c.csv", customers), clock.now())
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)

    await import_purchases(
        sessions, write_xlsx(tmp_path / "p.xlsx", [PURCHASES, ["X1", "A1", date(2026, 3, 14), 2500.5]]), clock.now()
    )
    await import_purchases(
        sessions, write_csv(tmp_path / "p.csv", [PURCHASES, ["C1", "A1", "2026-03-14", "2500.50"]]), clock.now()
    )
    async with sessions() as session:
        rows = (await session.exec(select(Purchase).order_by(col(Purchase.external_id)))).all()
    assert [r.external_id for r in rows] == ["import:C1", "import:X1"]
    assert rows[0].purchased_at == rows[1].purchased_at and rows[0].amount == rows[1].amount == 2500.5


async def test_russian_headers_in_windows_1251_with_semicolons(
    sessions: SessionFactory, clock: FixedClock, tmp_path: Path
) -> None:
    rows: list[list[object]] = [
        ["Код клиента", "ФИО", "Телефон", "Бонусы", "Часовой пояс", "Согласие на сообщения", "Согласие на рекламу"],
        ["77", "Смирнова Ольга Ивановна", "8 (912) 000-11-22", "1 200", "Asia/Yekaterinburg", "да", "нет"],
    ]
    result = await import_customers(sessions, write_csv(tmp_path / "c.csv", rows, encoding="cp1251", delimiter=";"), clock.now())

    assert result.bad == [] and result.created == 1
    olga = (await all_customers(sessions))["77"]
    assert (olga.name, olga.phone, olga.bonus_points, olga.timezone) == (
        "Смирнова Ольга Ивановна",
        "+79120001122",
        1200,
        "Asia/Yekaterinburg",
    )
    assert (olga.messaging_consent, olga.ads_consent) == (True, False)


@pytest.mark.backend_matters
async def test_consents_go_to_the_ledger_with_the_column_header(
    sessions: SessionFactory, clock: FixedClock, tmp_path: Path
) -> None:
    rows = [["id", "телефон", "Согласие на рекламу"], ["5", "9161112233", "да"]]
    await import_customers(sessions, write_csv(tmp_path / "c.csv", rows), clock.now())

    async with sessions() as session:
        ledger = (await session.exec(select(Consent))).all()
    assert [(c.purpose, c.granted, c.source, c.text, c.at) for c in ledger] == [
        ("ads", True, "import", "Согласие на рекламу", clock.now().astimezone(UTC))
    ]


@pytest.mark.backend_matters
async def test_an_empty_consent_cell_changes_nothing(sessions: SessionFactory, clock: FixedClock, tmp_path: Path) -> None:
    await import_customers(
        sessions, write_csv(tmp_path / "1.csv", [CUSTOMERS, ["A1", "", "", "", "", "yes", "yes"]]), clock.now()
    )
    later = await import_customers(
        sessions, write_csv(tmp_path / "2.csv", [CUSTOMERS, ["A1", "Иван", "", "", "", "", ""]]), clock.now()
    )

    customer = (await all_customers(sessions))["A1"]
    assert later.updated == 1 and (customer.messaging_consent, customer.ads_consent) == (True, True)
    assert await count(sessions, Consent) == 2


async def test_phones_are_normalised_to_e164(sessions: SessionFactory, clock: FixedClock, tmp_path: Path) -> None:
    rows = [["id", "phone"], ["1", "8 (916) 123-45-67"], ["2", "+7 926 1234567"], ["3", "9031234567"], ["4", "+375 29 123-45-67"]]
    await import_customers(sessions, write_csv(tmp_path / "c.csv", rows), clock.now())

    phones = {ref: c.phone for ref, c in (await all_customers(sessions)).items()}
    assert phones == {"1": "+79161234567", "2": "+79261234567", "3": "+79031234567", "4": "+375291234567"}


@pytest.mark.backend_matters
async def test_importing_the_same_files_twice_changes_nothing(
    sessions: SessionFactory, clock: FixedClock, tmp_path: Path
) -> None:
    customers = write_csv(
        tmp_path / "c.csv",
        [CUSTOMERS, ["A1", "Иван", "89161234567", "10", "", "yes", "no"], ["A2", "Пётр", "", "0", "", "no", ""]],
    )
    purchases = write_csv(tmp_path / "p.csv", [PURCHASES, ["1", "A1", "01.02.2026", "2 500,00"], ["2", "A2", "03.02.26", "700"]])
    await import_customers(sessions, customers, clock.now())
    await import_purchases(sessions, purchases, clock.now())
    before = [await count(sessions, table) for table in (Customer, Purchase, Consent)]

    again_customers = await import_customers(sessions, customers, clock.now())
    again_purchases = await import_purchases(sessions, purchases, clock.now())

    assert (again_customers.created, again_customers.updated, again_customers.unchanged) == (0, 0, 2)
    assert (again_purchases.created, again_purchases.updated, again_purchases.unchanged) == (0, 0, 2)
    assert [await count(sessions, table) for table in (Customer, Purchase, Consent)] == before


async def test_bad_customer_rows_are_reported_by_line_and_good_rows_kept(
    sessions: SessionFactory, clock: FixedClock, tmp_path: Path
) -> None:
    rows = [
        CUSTOMERS,
        ["A1", "Иван", "+79161234567", "100", "", "yes", "yes"],
        ["A2", "Пётр", "12-34", "", "", "", ""],
        ["A3", "Анна", "", "", "Moscow/Mars", "", ""],
        ["A4", "Олег", "", "много", "", "", ""],
        ["", "Никто", "", "", "", "", ""],
        ["A5", "Мария", "", "", "", "может быть", ""],
        ["A1", "Иван снова", "", "", "", "", ""],
        ["A6", "Павел", "+7 916 123 45 67", "", "", "", ""],
        ["A7", "Ольга", "", "0", "Europe/Samara", "no", ""],
    ]
    result = await import_customers(sessions, write_csv(tmp_path / "c.csv", rows), clock.now())

    assert [line for line, _ in result.bad] == [3, 4, 5, 6, 7, 8, 9]
    reasons = dict(result.bad)
    assert "'12-34' is not a phone" in reasons[3]
    assert "Moscow/Mars" in reasons[4] and "много" in reasons[5]
    assert "neither a customer id nor a phone" in reasons[6] and "может быть" in reasons[7]
    assert "repeats line 2" in reasons[8] and "belongs to customer A1" in reasons[9]
    assert set(await all_customers(sessions)) == {"A1", "A7"} and result.created == 2


@pytest.mark.backend_matters
async def test_two_rows_for_one_customer_are_refused_the_same_way_every_time(
    sessions: SessionFactory, clock: FixedClock, tmp_path: Path
) -> None:
    rows = [["id", "name", "phone"], ["", "Иван", "89161234567"], ["A1", "Иван Петрович", "+79161234567"]]
    path = write_csv(tmp_path / "c.csv", rows)
    first = await import_customers(sessions, path, clock.now())
    second = await import_customers(sessions, path, clock.now())

    assert first.bad == second.bad == [(3, "the same customer as line 2")]
    assert (second.created, second.updated, second.unchanged) == (0, 0, 1)
    assert [c.name for c in (await all_customers(sessions)).values()] == ["Иван"]


async def test_bad_purchase_rows_are_reported_by_line_and_good_rows_kept(
    sessions: SessionFactory, clock: FixedClock, tmp_path: Path
) -> None:
    await import_customers(sessions, write_csv(tmp_path / "c.csv", [["id", "phone"], ["A1", "+79161234567"]]), clock.now())
    rows = [
        ["order_id", "customer_id", "phone", "date", "amount"],
        ["1", "A1", "", "2026-01-10", "1000"],
        ["2", "NOBODY", "", "2026-01-10", "1000"],
        ["3", "A1", "", "31.02.2026", "1000"],
        ["4", "A1", "", "2026-01-10", "дорого"],
        ["5", "A1", "", "2027-01-01", "1000"],
        ["", "A1", "", "2026-01-10", "1000"],
        ["1", "A1", "", "2026-01-11", "1000"],
        ["8", "B9", "8 903 555-66-77", "2026-01-12", "300"],
    ]
    result = await import_purchases(sessions, write_csv(tmp_path / "p.csv", rows), clock.now())

    assert [line for line, _ in result.bad] == [3, 4, 5, 6, 7, 8]
    reasons = dict(result.bad)
    assert "NOBODY is unknown" in reasons[3] and "31.02.2026" in reasons[4] and "дорого" in reasons[5]
    assert "future" in reasons[6] and "no order number" in reasons[7] and "repeats line 2" in reasons[8]
    assert (result.created, result.customers_created) == (2, 1)
    assert (await all_customers(sessions))["B9"].phone == "+79035556677"


async def test_a_file_without_the_needed_columns_is_refused(sessions: SessionFactory, clock: FixedClock, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="'date'"):
        await import_purchases(
            sessions, write_csv(tmp_path / "p.csv", [["order_id", "phone", "amount"], ["1", "9161234567", "5"]]), clock.now()
        )


@pytest.mark.backend_matters
async def test_purchases_move_the_last_purchase_forward_at_noon_local_time(
    sessions: SessionFactory, clock: FixedClock, tmp_path: Path
) -> None:
    await import_customers(
        sessions,
        write_csv(tmp_path / "c.csv", [["id", "phone", "timezone"], ["V", "9140001122", "Asia/Vladivostok"]]),
        clock.now(),
    )
    await import_purchases(
        sessions,
        write_csv(tmp_path / "1.csv", [PURCHASES, ["1", "V", "2026-05-01", "10"], ["2", "V", "2026-07-01", "10"]]),
        clock.now(),
    )
    await import_purchases(sessions, write_csv(tmp_path / "2.csv", [PURCHASES, ["3", "V", "2026-06-01", "10"]]), clock.now())

    assert (await all_customers(sessions))["V"].last_purchase_at == datetime(2026, 7, 1, 2, 0, tzinfo=UTC)  # 12:00 UTC+10


async def test_progress_is_reported_after_each_batch(sessions: SessionFactory, clock: FixedClock, tmp_path: Path) -> None:
    rows: list[list[object]] = [["id", "phone"], *[[str(n), f"916000000{n}"] for n in range(5)]]
    seen: list[tuple[int, int]] = []
    await import_customers(
        sessions, write_csv(tmp_path / "c.csv", rows), clock.now(), batch_size=2, progress=lambda *p: seen.append(p)
    )

    assert seen == [(2, 5), (4, 5), (5, 5)] and await count(sessions, Customer) == 5


@pytest.mark.heavy
async def test_the_examples_import_cleanly_and_many_customers_are_due(sessions: SessionFactory, clock: FixedClock) -> None:
    customers = await import_customers(sessions, EXAMPLES / "customers.csv", clock.now())
    bought = await import_purchases(sessions, EXAMPLES / "purchases.csv", clock.now())
    same_as_xlsx = await import_purchases(sessions, EXAMPLES / "purchases.xlsx", clock.now())

    assert customers.bad == [] and bought.bad == [] and customers.created >= 250 and bought.customers_created == 0
    assert same_as_xlsx.bad == [] and same_as_xlsx.unchanged == bought.created > 500
    due_before = clock.now() - timedelta(days=90)
    async with sessions() as session:
        due = (await session.exec(select(func.count()).where(col(Customer.last_purchase_at) <= due_before))).one()
    assert due / customers.created >= 0.30


@pytest.mark.heavy
def test_the_command_line_imports_a_file(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    rows = [CUSTOMERS, *[[f"A{n}", f"Клиент {n}", f"+7916000000{n}", "0", "", "yes", "no"] for n in range(3)]]
    out = main_py("import", "customers", str(write_csv(tmp_path / "c.csv", rows)), "--db", db)  # the real process, once
    assert re.search(r"created\D+3\b", out) and "3 rows in" in out

    broken = write_csv(tmp_path / "broken.csv", [["name"], ["Иван"]])
    refused = invoke("import", "customers", str(broken), "--db", db, code=1)
    assert "no 'customer_id' or 'phone' column" in refused

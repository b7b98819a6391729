"""A synthetic auto-parts shop: customers.csv, purchases.csv and purchases.xlsx (the same purchases).

    python examples/generate.py                      # the committed files (seed 2026, today 2026-11-23)
    python examples/generate.py --customers 20000 --out /tmp/big

The same seed and date give the same files. About 40% of the customers last bought 90 or more days
before --today, so a retention campaign has somebody to write to."""

from __future__ import annotations

import argparse
import csv
import random
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

MALE_FIRST = [
    "Александр",
    "Алексей",
    "Андрей",
    "Антон",
    "Артём",
    "Борис",
    "Вадим",
    "Виктор",
    "Владимир",
    "Дмитрий",
    "Евгений",
    "Иван",
    "Игорь",
    "Кирилл",
    "Константин",
    "Максим",
    "Михаил",
    "Никита",
    "Николай",
    "Олег",
    "Павел",
    "Роман",
    "Сергей",
    "Станислав",
    "Юрий",
]
FEMALE_FIRST = [
    "Анна",
    "Дарья",
    "Екатерина",
    "Елена",
    "Ирина",
    "Ксения",
    "Марина",
    "Мария",
    "Наталья",
    "Ольга",
    "Светлана",
    "Татьяна",
    "Юлия",
]
SURNAMES = [
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьёв",
    "Борисов",
    "Яковлев",
    "Григорьев",
    "Романов",
    "Воробьёв",
    "Сергеев",
    "Кудрявцев",
    "Белов",
]
PATRONYMICS_M = [
    "Александрович",
    "Алексеевич",
    "Андреевич",
    "Викторович",
    "Владимирович",
    "Дмитриевич",
    "Иванович",
    "Игоревич",
    "Михайлович",
    "Николаевич",
    "Олегович",
    "Петрович",
    "Сергеевич",
    "Юрьевич",
]
TIMEZONES = [
    ("Europe/Moscow", 70),
    ("Asia/Yekaterinburg", 9),
    ("Asia/Novosibirsk", 8),
    ("Europe/Samara", 8),
    ("Asia/Vladivostok", 5),
]
LAPSED_SHARE = 0.42  # last purchase 90+ days ago
HISTORY_DAYS = 730

CUSTOMER_HEADER = ["customer_id", "name", "phone", "bonus_points", "timezone", "consent_messaging", "consent_ads"]
PURCHASE_HEADER = ["order_id", "customer_id", "date", "amount"]


@dataclass(frozen=True)
class Purchase:
    customer_id: str
    day: date
    amount: float


def _name(rng: random.Random) -> str:
    surname = rng.choice(SURNAMES)
    if rng.random() < 0.8:
        first, patronymic = rng.choice(MALE_FIRST), rng.choice(PATRONYMICS_M)
    else:
        first, patronymic = rng.choice(FEMALE_FIRST), rng.choice(PATRONYMICS_M)[:-3] + "вна"
        surname += "а"
    return f"{surname} {first} {patronymic}" if rng.random() < 0.5 else f"{first} {surname}"


def _phone(rng: random.Random, used: set[str]) -> str:
    while True:
        digits = f"9{rng.randrange(10**9):09d}"
        if digits not in used:
            used.add(digits)
            break
    a, b, c, d = digits[:3], digits[3:6], digits[6:8], digits[8:]
    style = rng.randrange(4)  # the ways shops keep phones; the importer normalises all of them
    return [f"+7 {a} {b}-{c}-{d}", f"8 ({a}) {b}-{c}-{d}", f"+7{digits}", f"8{digits}"][style]


def _yes_no(rng: random.Random, yes: float, no: float) -> str:
    roll = rng.random()
    return "yes" if roll < yes else "no" if roll < yes + no else ""


def generate(count: int, today: date, seed: int) -> tuple[list[list[str]], list[Purchase]]:
    rng = random.Random(seed)
    zones, weights = zip(*TIMEZONES, strict=True)
    used: set[str] = set()
    customers: list[list[str]] = []
    purchases: list[Purchase] = []
    for number in range(1, count + 1):
        customer_id = f"C{number:05d}"
        bonus = 0 if rng.random() < 0.25 else rng.randrange(5, 500) * 10
        customers.append(
            [
                customer_id,
                _name(rng),
                _phone(rng, used),
                str(bonus),
                rng.choices(zones, weights)[0],
                _yes_no(rng, 0.85, 0.10),
                _yes_no(rng, 0.65, 0.30),
            ]
        )
        last_ago = rng.randrange(91, HISTORY_DAYS - 30) if rng.random() < LAPSED_SHARE else rng.randrange(0, 90)
        days_ago = [last_ago] + [rng.randrange(last_ago, HISTORY_DAYS) for _ in range(rng.randrange(0, 6))]
        for ago in days_ago:
            purchases.append(Purchase(customer_id, today - timedelta(days=ago), rng.randrange(50, 2500) * 10.0))
    purchases.sort(key=lambda purchase: (purchase.day, purchase.customer_id))
    return customers, purchases


def _purchase_rows(purchases: list[Purchase]) -> list[tuple[str, Purchase]]:
    return [(f"{100000 + number}", purchase) for number, purchase in enumerate(purchases, start=1)]


def write(out: Path, customers: list[list[str]], purchases: list[Purchase]) -> None:
    import openpyxl

    out.mkdir(parents=True, exist_ok=True)
    with (out / "customers.csv").open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(CUSTOMER_HEADER)
        writer.writerows(customers)
    rows = _purchase_rows(purchases)
    with (out / "purchases.csv").open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(PURCHASE_HEADER)
        writer.writerows([order, p.customer_id, p.day.isoformat(), f"{p.amount:.2f}"] for order, p in rows)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "purchases"
    sheet.append(PURCHASE_HEADER)
    for number, (order, p) in enumerate(rows, start=2):
        sheet.append([order, p.customer_id, p.day, p.amount])
        sheet.cell(number, 3).number_format = "DD.MM.YYYY"
    book.properties.created = book.properties.modified = datetime(2026, 1, 1)
    book.save(out / "purchases.xlsx")
    _fix_zip_times(out / "purchases.xlsx")


def _fix_zip_times(path: Path) -> None:
    """openpyxl stamps the zip entries and the 'modified' property with the current time; fixed
    ones keep the file reproducible."""
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-01-01T00:00:00Z", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            target.writestr(fixed, data, compress_type=zipfile.ZIP_DEFLATED)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--today", type=date.fromisoformat, default=date(2026, 11, 23), help="the shop's 'now' (default 2026-11-23)"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--customers", type=int, default=300)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = parser.parse_args()
    customers, purchases = generate(args.customers, args.today, args.seed)
    write(args.out, customers, purchases)
    print(f"{len(customers)} customers, {len(purchases)} purchases -> {args.out}")


if __name__ == "__main__":
    main()

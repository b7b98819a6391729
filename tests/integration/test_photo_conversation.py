"""What the persona does with what a photo said: use it, confirm it, or ask for a better one.
The reader here is a fake that returns fixed readings; the OCR itself is tested in the vision tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.bootstrap import build
from bot.clock import FixedClock
from bot.messages import PhotoReading
from bot.runtime import Container
from tests.conftest import make_settings
from tests.support.chat import Customer

VIN = "XTA21099051234567"
# one line of small print read seven ways
SMUDGED = (
    "0205276442",
    "808213-32701412",
    "K01203-3276442",
    "K0203-3276442",
    "K08203-3278442",
    "KO8205-32764424",
    "R08205-3278442",
)


class FixedReader:
    """A PhotoReader that reads what it was told to, per file name."""

    def __init__(self, readings: dict[str, PhotoReading]) -> None:
        self.readings = readings
        self.read_paths: list[str] = []

    async def read(self, path: str) -> PhotoReading:
        self.read_paths.append(path)
        return self.readings.get(path.rsplit("/", 1)[-1], PhotoReading(error="not_an_image"))


READER = FixedReader(
    {
        "sts.jpg": PhotoReading(vin=VIN, confidence=0.98),
        "blurry.jpg": PhotoReading(vin="JTNBE46K303123456", confidence=0.55),
        "label.jpg": PhotoReading(part_numbers=("04465-33450",), confidence=0.9),
        "wall.jpg": PhotoReading(confidence=0.0),
        "smudged.jpg": PhotoReading(part_numbers=SMUDGED, confidence=0.5),
        "two.jpg": PhotoReading(part_numbers=("04152-YZZA1", "90915-YZZE1"), confidence=0.9),
    }
)


@pytest.fixture
async def app(sqlite_url: str, clock: FixedClock) -> AsyncIterator[Container]:
    container = build(make_settings(sqlite_url), clock=clock, photo_reader=READER)
    yield container
    await container.close()


async def test_a_confident_reading_of_the_sts_lands_in_the_lead(app: Container) -> None:
    customer = Customer(app)
    await customer.says("нужен стартер")
    answer = await customer.sends_photo("/photos/sts.jpg")
    assert f"вижу VIN {VIN}" in answer and "записал" in answer
    await customer.says("нет")
    [lead] = await customer.leads()
    assert lead.vin == VIN


async def test_a_doubtful_reading_is_confirmed_before_it_is_used(app: Container) -> None:
    customer = Customer(app)
    await customer.says("нужен стартер")
    assert "всё верно?" in await customer.sends_photo("/photos/blurry.jpg")
    assert (await customer.state()).draft.vin is None
    assert "что-нибудь ещё" in (await customer.says("да")).lower()
    assert (await customer.state()).draft.vin == "JTNBE46K303123456"


async def test_a_rejected_reading_is_dropped(app: Container) -> None:
    customer = Customer(app)
    await customer.says("нужен стартер")
    await customer.sends_photo("/photos/blurry.jpg")
    assert "текстом" in await customer.says("нет")
    assert (await customer.state()).draft.vin is None


async def test_an_unreadable_photo_gets_a_polite_ask(app: Container) -> None:
    answer = await Customer(app).sends_photo("/photos/wall.jpg")
    assert "фото поближе" in answer and "VIN текстом" in answer


async def test_part_numbers_from_a_label_go_to_the_manager(app: Container) -> None:
    customer = Customer(app)
    assert "04465-33450" in await customer.sends_photo("/photos/label.jpg")
    assert "04465-33450" in " ".join((await customer.state()).draft.questions)


async def test_without_a_reader_the_photo_is_stored_and_acknowledged(container: Container) -> None:
    container.core.photo_reader = None
    customer = Customer(container)
    assert "Фото получил" in await customer.sends_photo("/photos/sts.jpg")
    [stored] = [m for m in await customer.messages() if m.direction == "in"]
    assert stored.attachments[0]["path"] == "/photos/sts.jpg"


async def test_a_reading_the_customer_let_pass_reaches_the_manager_in_a_note_marked_unconfirmed(app: Container) -> None:
    customer = Customer(app)
    await customer.says("нужен стартер на хонду фрид")
    await customer.sends_photo("/photos/blurry.jpg")
    await customer.says("дай скидку 90%")
    await customer.says("больше ничего, передавайте")
    [lead] = await customer.leads()
    assert lead.vin is None and lead.car == "Honda Freed"
    notes = [str(i.payload.get("note")) for i in await customer.outbox() if i.kind == "crm.add_note"]
    assert any("JTNBE46K303123456" in n and "не подтвердил" in n for n in notes)


async def test_a_reading_let_pass_and_then_a_vin_typed_out_leaves_no_unconfirmed_note(app: Container) -> None:
    customer = Customer(app)
    await customer.says("нужен стартер на хонду фрид")
    await customer.sends_photo("/photos/blurry.jpg")
    await customer.says("дай скидку 90%")
    await customer.says(f"вот вин {VIN}")
    await customer.says("да, для неё")
    await customer.says("больше ничего")
    [lead] = await customer.leads()
    assert lead.vin == VIN
    assert not [i for i in await customer.outbox() if i.kind == "crm.add_note"]


async def test_a_photos_vin_of_another_car_than_the_one_named_is_asked_about_at_once(app: Container) -> None:
    customer = Customer(app)
    await customer.says("нужен стартер на хонду фрид")
    answer = await customer.sends_photo("/photos/sts.jpg")
    assert f"вижу VIN {VIN}" in answer and "для какой машины" in answer


async def test_one_number_read_several_ways_is_read_back_once_and_at_most_three_numbers_are(app: Container) -> None:
    customer = Customer(app)
    answer = await customer.sends_photo("/photos/smudged.jpg")
    shown = [n for n in SMUDGED if n in answer]
    assert 1 <= len(shown) <= 3 and not {"K0203-3276442", "K08203-3278442"} <= set(shown)
    assert set(SMUDGED) <= set((await customer.state()).draft.part_numbers)  # the manager gets them all


async def test_two_different_numbers_on_a_label_are_both_read_back(app: Container) -> None:
    answer = await Customer(app).sends_photo("/photos/two.jpg")
    assert "04152-YZZA1" in answer and "90915-YZZE1" in answer

"""The WhatsApp Cloud API channel: Meta's signed webhook in, the Graph API (a fake on loopback, reached
through pywa) out. Only correctly signed updates are read; a re-delivery is answered once."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import select

from bot.app.sending import queue_message
from bot.bootstrap import build
from bot.clock import FixedClock
from bot.messages import Outbound, PhotoReading
from bot.runtime import Container
from bot.store.models import Conversation, Customer, Message, RetentionContact
from retention import funnel
from tests.conftest import make_settings
from tests.fakes.graph_api import PHONE_ID, TOKEN, FakeGraph
from tests.fakes.telegram_api import FakeTelegram
from tests.support.population import add_customer
from tests.support.server import asgi_client
from tests.support.telegram import eventually, running_bot
from tests.support.whatsapp import (
    APP_SECRET,
    VERIFY_TOKEN,
    body,
    button_update,
    document_update,
    image_update,
    list_update,
    signed,
    status_update,
    sticker_update,
    text_update,
    username_text_update,
)

PATH = "/webhooks/whatsapp"
SERGEY, ANNA = "79161234567", "79031112233"
MANAGERS = -100500
VIN = "JTNBE46K303123456"


class PhotoStub:
    """A photo reader that knows one photo (the OCR is tested on its own)."""

    async def read(self, path: str) -> PhotoReading:
        return PhotoReading(vin=VIN, confidence=0.97) if Path(path).read_bytes() == b"vin-plate" else PhotoReading()


def whatsapp(graph: FakeGraph, **overrides: object) -> dict[str, object]:
    """The Cloud API settings pointing at the fake; answered at once (gathering has its own test)."""
    return {
        "whatsapp_token": TOKEN,
        "whatsapp_phone_number_id": PHONE_ID,
        "whatsapp_app_secret": APP_SECRET,
        "whatsapp_verify_token": VERIFY_TOKEN,
        "whatsapp_api_base": graph.url,
        "whatsapp_debounce_seconds": 0,
        "retention_enabled": False,
        **overrides,
    }


@contextlib.asynccontextmanager
async def shop(sqlite_url: str, clock: FixedClock, tmp_path: Path, settings: dict[str, object]) -> AsyncIterator[Container]:
    container = build(make_settings(sqlite_url, telegram_media_dir=tmp_path, **settings), clock=clock, photo_reader=PhotoStub())
    try:
        yield container
    finally:
        await container.close()


@pytest.fixture
async def app(sqlite_url: str, graph: FakeGraph, clock: FixedClock, tmp_path: Path) -> AsyncIterator[Container]:
    async with shop(sqlite_url, clock, tmp_path, whatsapp(graph)) as container:
        yield container


@pytest.fixture
async def webhook(app: Container) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app) as client:
        yield client


async def post(webhook: httpx.AsyncClient, update: dict[str, object]) -> httpx.Response:
    raw = body(update)
    return await webhook.post(PATH, content=raw, headers=signed(raw))


async def test_meta_subscribes_with_our_verify_token_and_gets_the_challenge_back(webhook: httpx.AsyncClient) -> None:
    params = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"}
    response = await webhook.get(PATH, params=params)
    assert (response.status_code, response.text) == (200, "1158201444")


async def test_a_wrong_verify_token_is_refused(webhook: httpx.AsyncClient) -> None:
    params = {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1158201444"}
    assert (await webhook.get(PATH, params=params)).status_code == 403


async def test_a_signed_text_is_answered_by_the_persona(webhook: httpx.AsyncClient, graph: FakeGraph) -> None:
    response = await post(webhook, text_update(SERGEY, "Здравствуйте, нужен стартер на камри", "wamid.A1"))
    assert response.status_code == 200
    [answer] = graph.texts(SERGEY)
    assert "Виталий" in answer and "VIN" in answer


@pytest.mark.parametrize(
    "headers",
    [{}, {"X-Hub-Signature-256": "sha256=" + "0" * 64}, signed(b"another body"), {"X-Hub-Signature-256": "sha256=тест".encode()}],
    ids=["unsigned", "wrong", "another_body", "not_ascii"],
)
async def test_an_unsigned_or_wrongly_signed_update_is_refused_and_nothing_stored(
    webhook: httpx.AsyncClient, graph: FakeGraph, app: Container, headers: dict[str, str]
) -> None:
    raw = body(text_update(SERGEY, "нужен стартер", "wamid.B1"))
    response = await webhook.post(PATH, content=raw, headers={"Content-Type": "application/json", **headers})
    assert response.status_code in (401, 403)
    async with app.sessions() as session:
        assert (await session.exec(select(Message))).all() == []
    assert graph.sent == []


async def test_a_re_delivered_message_is_answered_once(webhook: httpx.AsyncClient, graph: FakeGraph) -> None:
    update = text_update(SERGEY, "нужен стартер на камри", "wamid.C1")
    assert (await post(webhook, update)).status_code == 200
    assert (await post(webhook, update)).status_code == 200
    assert len(graph.texts(SERGEY)) == 1


async def test_two_customers_have_their_own_conversations(webhook: httpx.AsyncClient, graph: FakeGraph) -> None:
    await post(webhook, text_update(SERGEY, f"нужен стартер, вин {VIN}", "wamid.D1"))
    await post(webhook, text_update(ANNA, "колодки на гранту", "wamid.D2", name="Анна"))
    await post(webhook, text_update(SERGEY, "нет, всё", "wamid.D3"))
    assert "стартер" in graph.texts(SERGEY)[-1] and "Заявка принята" in graph.texts(SERGEY)[-1]
    assert len(graph.texts(ANNA)) == 1 and "Заявка" not in graph.texts(ANNA)[0]


async def test_the_vin_on_a_photo_is_read_from_the_downloaded_image(webhook: httpx.AsyncClient, graph: FakeGraph) -> None:
    graph.add_media("media-77", b"vin-plate")
    await post(webhook, text_update(SERGEY, "нужен стартер", "wamid.E1"))
    await post(webhook, image_update(SERGEY, "media-77", "wamid.E2"))
    assert VIN in graph.texts(SERGEY)[-1]


async def test_a_sticker_gets_a_polite_ask_to_write(webhook: httpx.AsyncClient, graph: FakeGraph) -> None:
    await post(webhook, sticker_update(SERGEY, "wamid.F1"))
    [answer] = graph.texts(SERGEY)
    assert "текстом" in answer or "фото" in answer


async def test_a_reply_the_graph_api_failed_to_take_goes_out_through_the_outbox_once(
    webhook: httpx.AsyncClient, graph: FakeGraph, app: Container
) -> None:
    graph.fail_next(131000, "Something went wrong", status=500)
    update = text_update(SERGEY, "нужен стартер на камри", "wamid.G1")
    assert (await post(webhook, update)).status_code == 200  # stored and answered; the reply waits in the outbox
    assert (await post(webhook, update)).status_code == 200  # Meta re-delivers: answered already
    await app.outbox.drain()
    assert len(graph.texts(SERGEY)) == 1


@pytest.fixture
async def shop_with_template(sqlite_url: str, graph: FakeGraph, clock: FixedClock, tmp_path: Path) -> AsyncIterator[Container]:
    async with shop(sqlite_url, clock, tmp_path, whatsapp(graph, whatsapp_template_name="win_back_ru")) as container:
        yield container


async def test_a_win_back_opener_goes_as_the_template_and_the_reply_is_answered_free_form(
    shop_with_template: Container, graph: FakeGraph
) -> None:
    app = shop_with_template
    await add_customer(app, "Андрей Петров", phone=f"+{SERGEY}")
    assert app.campaigns is not None
    await app.campaigns.run_once(app.clock.now())
    await app.outbox.drain()
    [opener] = graph.sent
    assert opener["type"] == "template" and opener["template"]["name"] == "win_back_ru" and opener["to"] == SERGEY
    assert [p["text"] for p in opener["template"]["components"][0]["parameters"]][1] == app.settings.shop_name
    async with asgi_client(app) as webhook:
        await post(webhook, text_update(SERGEY, "да, нужны колодки на солярис", "wamid.H1"))
    [answer] = graph.texts(SERGEY)  # free-form text now: the customer opened the window
    assert "Solaris" in answer and "VIN" in answer


async def test_a_reply_outside_the_24_hour_window_without_a_template_is_not_sent_as_text(
    webhook: httpx.AsyncClient, graph: FakeGraph, app: Container, clock: FixedClock
) -> None:
    await post(webhook, text_update(SERGEY, "нужен стартер на камри", "wamid.I1"))
    clock.advance(timedelta(hours=30))
    async with app.sessions() as session:
        conversation = (await session.exec(select(Conversation))).one()
        await queue_message(session, conversation, "Менеджер подобрал стартер", clock.now())
        await session.commit()
    await app.outbox.drain()
    assert "Менеджер подобрал стартер" not in graph.texts(SERGEY)


async def delivery_of(app: Container, text_part: str) -> str | None:
    async with app.sessions() as session:
        messages = (await session.exec(select(Message).where(Message.direction == "out"))).all()
    return next(m.delivery for m in messages if text_part in m.text)


async def test_a_messages_status_only_moves_forward(webhook: httpx.AsyncClient, graph: FakeGraph, app: Container) -> None:
    await post(webhook, text_update(SERGEY, "Здравствуйте, нужен стартер на камри", "wamid.S1"))
    assert await delivery_of(app, "Виталий") == "sent"
    await post(webhook, status_update("wamid.out.1", "read", SERGEY))
    await post(webhook, status_update("wamid.out.1", "delivered", SERGEY))  # late and out of order
    assert await delivery_of(app, "Виталий") == "read"


async def test_a_text_refused_for_the_closed_window_goes_again_as_the_template(
    shop_with_template: Container, graph: FakeGraph
) -> None:
    app = shop_with_template
    async with asgi_client(app) as webhook:
        await post(webhook, text_update(SERGEY, "нужен стартер на камри", "wamid.T1"))
        await post(webhook, status_update("wamid.out.1", "failed", SERGEY, error=131047))
    await app.outbox.drain()
    assert [m["type"] for m in graph.sent] == ["text", "template"]


async def test_a_win_back_opener_the_customer_refused_is_no_touch_and_never_sent_again(
    shop_with_template: Container, graph: FakeGraph
) -> None:
    app = shop_with_template
    customer_id = await add_customer(app, "Андрей", phone=f"+{SERGEY}")
    assert app.campaigns is not None
    await app.campaigns.run_once(app.clock.now())
    await app.outbox.drain()
    async with asgi_client(app) as webhook:
        await post(webhook, status_update("wamid.out.1", "failed", SERGEY, error=131050))
    async with app.sessions() as session:
        [touch] = (await session.exec(select(RetentionContact))).all()
        customer = await session.get(Customer, customer_id)
    assert touch.failed_at is not None and customer is not None and customer.whatsapp_unreachable
    assert (await funnel.compute(app.sessions, now=app.clock.now())).contacted == 0


async def test_quick_messages_in_a_row_get_one_answer(
    sqlite_url: str, graph: FakeGraph, clock: FixedClock, tmp_path: Path
) -> None:
    settings = make_settings(sqlite_url, telegram_media_dir=tmp_path, **whatsapp(graph, whatsapp_debounce_seconds=0.3))
    app = build(settings, clock=clock, photo_reader=PhotoStub())
    graph.add_media("media-88", b"vin-plate")
    try:
        async with asgi_client(app) as webhook:
            await post(webhook, text_update(SERGEY, "здравствуйте", "wamid.Q1"))
            await post(webhook, text_update(SERGEY, "нужен стартер", "wamid.Q2"))
            assert graph.texts(SERGEY) == []  # still gathering
            await asyncio.sleep(0.8)
            [first] = graph.texts(SERGEY)  # one answer to both, once the chat went quiet
            await post(webhook, image_update(SERGEY, "media-88", "wamid.Q3"))
    finally:
        await app.close()  # what was gathered is answered before the service stops
    assert "Виталий" in first and "VIN (17" in first  # the greeting and the request, answered as one
    assert VIN in graph.texts(SERGEY)[-1] and len(graph.texts(SERGEY)) == 2


async def test_a_customer_with_a_username_and_no_number_is_answered_and_asked_for_a_phone_at_the_hand_off(
    webhook: httpx.AsyncClient, graph: FakeGraph
) -> None:
    bsuid = "US.1349000000000001"
    await post(webhook, username_text_update(bsuid, f"нужен стартер на камри, вин {VIN}", "wamid.U1"))
    await post(webhook, username_text_update(bsuid, "нет, всё", "wamid.U2"))
    first, last = graph.texts(bsuid)
    assert "телефон" not in first and "Заявка принята" in last and "номер телефона" in last


async def test_a_tapped_button_is_read_as_what_it_says(webhook: httpx.AsyncClient, graph: FakeGraph) -> None:
    await post(webhook, text_update(SERGEY, f"нужен стартер на камри, вин {VIN}", "wamid.V1"))
    await post(webhook, button_update(SERGEY, "Нет, это всё", "wamid.V2"))
    assert "Заявка принята" in graph.texts(SERGEY)[-1]


async def test_answer_options_go_as_a_list_and_a_tapped_row_comes_back_as_the_answer(
    app: Container, webhook: httpx.AsyncClient, graph: FakeGraph
) -> None:
    await post(webhook, text_update(SERGEY, "здравствуйте", "wamid.L1"))  # the 24-hour window is open
    meta = {"buttons": "1 2 3 4 5", "buttons_title": "Поставить оценку"}
    await app.senders["whatsapp"].send(Outbound("whatsapp", SERGEY, "Как прошла покупка? Оцените от 1 до 5", meta=meta))
    question = graph.sent[-1]
    assert question["type"] == "interactive" and question["interactive"]["type"] == "list"
    assert question["interactive"]["body"]["text"] == "Как прошла покупка? Оцените от 1 до 5"
    [section] = question["interactive"]["action"]["sections"]
    assert question["interactive"]["action"]["button"] == "Поставить оценку"
    assert [row["title"] for row in section["rows"]] == ["1", "2", "3", "4", "5"]
    await post(webhook, list_update(SERGEY, section["rows"][3]["id"], "4", "wamid.L2"))
    async with app.sessions() as session:
        said = (await session.exec(select(Message.text).where(Message.direction == "in"))).all()
    assert said[-1] == "4"


async def test_a_whatsapp_request_reaches_the_managers_telegram_chat_marked_whatsapp(
    sqlite_url: str, graph: FakeGraph, fake: FakeTelegram, clock: FixedClock, tmp_path: Path
) -> None:
    async with running_bot(sqlite_url, fake, clock, tmp_path, telegram_managers_chat_id=MANAGERS, **whatsapp(graph)) as app:
        async with asgi_client(app) as webhook:
            await post(webhook, text_update(SERGEY, f"нужен стартер на камри, вин {VIN}", "wamid.W1"))
            await post(webhook, text_update(SERGEY, "нет, всё", "wamid.W2"))
        [card] = await eventually(lambda: fake.sent("sendMessage", MANAGERS))
    assert "WhatsApp" in card.params["text"] and "стартер" in card.params["text"]


async def test_a_photo_sent_as_a_file_is_read_and_another_file_gets_a_polite_answer(
    webhook: httpx.AsyncClient, graph: FakeGraph
) -> None:
    graph.add_media("doc-1", b"vin-plate")
    graph.add_media("doc-2", b"%PDF-1.7")
    await post(webhook, text_update(SERGEY, "нужен стартер", "wamid.X1"))
    await post(webhook, document_update(SERGEY, "doc-1", "wamid.X2"))
    assert VIN in graph.texts(SERGEY)[-1]
    await post(webhook, document_update(SERGEY, "doc-2", "wamid.X3", mime_type="application/pdf"))
    assert "фото" in graph.texts(SERGEY)[-1] or "текстом" in graph.texts(SERGEY)[-1]


@pytest.mark.parametrize(
    "raw",
    [
        b"{not json",
        b'{"object": "whatsapp_business_account", "entry": "nope"}',
        b'{"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages", "value": {}}]}]}',
        b"\xff\xfe\x00",
    ],
)
async def test_a_signed_but_malformed_update_is_not_a_500_and_nothing_is_stored(
    webhook: httpx.AsyncClient, app: Container, raw: bytes
) -> None:
    response = await webhook.post(PATH, content=raw, headers={"Content-Type": "application/json", **signed(raw)})
    assert response.status_code < 500  # a 500 would make Meta deliver the same poison again and again
    async with app.sessions() as session:
        assert (await session.exec(select(Message))).all() == []


async def test_a_photo_that_cannot_be_fetched_yet_is_asked_again_and_answered_when_it_can(
    webhook: httpx.AsyncClient, graph: FakeGraph, app: Container
) -> None:
    update = image_update(SERGEY, "media-late", "wamid.LATE1")
    first = await post(webhook, update)  # the media is not there (yet): Graph answers 400
    graph.add_media("media-late", b"not really a jpeg")
    second = await post(webhook, update)  # Meta delivers it again
    assert (first.status_code, second.status_code) == (500, 200)
    assert len(graph.texts(SERGEY)) == 1  # answered once, on the delivery that could be read


async def test_the_same_update_delivered_fifty_times_at_once_is_answered_once(
    webhook: httpx.AsyncClient, graph: FakeGraph, app: Container
) -> None:
    update = text_update(SERGEY, "нужен стартер на камри", "wamid.FLOOD1")
    answers = await asyncio.gather(*(post(webhook, update) for _ in range(50)))
    assert {response.status_code for response in answers} == {200}
    assert len(graph.texts(SERGEY)) == 1
    async with app.sessions() as session:
        assert len((await session.exec(select(Message).where(Message.direction == "in"))).all()) == 1


async def test_a_hundred_customers_writing_at_once_each_get_their_own_answer(
    webhook: httpx.AsyncClient, graph: FakeGraph
) -> None:
    customers = [f"7916{n:07d}" for n in range(100)]
    cars = ["камри", "солярис", "рио", "поло"]
    updates = [text_update(wa, f"нужен стартер на {cars[n % 4]}", f"wamid.MANY{n}") for n, wa in enumerate(customers)]
    answers = await asyncio.gather(*(post(webhook, update) for update in updates))
    assert {response.status_code for response in answers} == {200}
    for n, wa in enumerate(customers):
        [reply] = graph.texts(wa)
        assert {"камри": "Camry", "солярис": "Solaris", "рио": "Rio", "поло": "Polo"}[cars[n % 4]] in reply


def _with_message(update: dict[str, Any], **fields: object) -> dict[str, Any]:
    value = update["entry"][0]["changes"][0]["value"]
    value.setdefault("messages", [{}])[0].update(fields)
    return update


@pytest.mark.parametrize(
    "update",
    [
        _with_message(text_update(SERGEY, "нужен стартер", "wamid.S1"), id={"not": "an id"}),
        _with_message(text_update(SERGEY, "нужен стартер", "wamid.S2"), id=12345),
        status_update(["wamid.out.1"], "failed", SERGEY, error=131047),  # type: ignore[arg-type]
        status_update(2**70, "delivered", SERGEY),  # type: ignore[arg-type]
        status_update("wamid.out.\ud8001", "failed", SERGEY, error=131047),  # cleaned, it would be our first reply's id
        _with_message(text_update(SERGEY, "нужен стартер", "wamid.S3"), id="wamid.S3\x00"),
    ],
    ids=[
        "message_id_an_object",
        "message_id_a_number",
        "status_id_a_list",
        "status_id_a_huge_number",
        "status_id_not_text",
        "message_id_not_text",
    ],
)
async def test_an_update_whose_id_is_not_text_is_acknowledged_and_nothing_is_stored(
    webhook: httpx.AsyncClient, app: Container, graph: FakeGraph, update: dict[str, Any]
) -> None:
    response = await post(webhook, update)
    assert response.status_code == 200  # a 500 would make Meta deliver the same poison again and again
    async with app.sessions() as session:
        assert (await session.exec(select(Message))).all() == []
    assert graph.sent == []


async def test_a_message_whose_text_and_name_are_not_text_is_answered_as_an_empty_one(
    webhook: httpx.AsyncClient, app: Container, graph: FakeGraph
) -> None:
    update = _with_message(text_update(SERGEY, "", "wamid.T1"), text={"body": {"nested": "нужен стартер"}})
    update["entry"][0]["changes"][0]["value"]["contacts"][0]["profile"]["name"] = ["Сергей"]
    assert (await post(webhook, update)).status_code == 200
    [answer] = graph.texts(SERGEY)
    assert "пустым" in answer


async def test_a_failed_status_keeps_metas_words_without_what_is_not_text(
    webhook: httpx.AsyncClient, app: Container, graph: FakeGraph
) -> None:
    await post(webhook, text_update(SERGEY, "нужен стартер на камри", "wamid.U1"))
    async with app.sessions() as session:
        reply = (await session.exec(select(Message).where(Message.direction == "out"))).one()
    status = status_update("wamid.out.1", "failed", SERGEY, error=131026)  # the fake's id for our first reply
    status["entry"][0]["changes"][0]["value"]["statuses"][0]["errors"][0]["message"] = "undeliverable\u0000 \ud800"
    assert (await post(webhook, status)).status_code == 200
    async with app.sessions() as session:
        failed = await session.get(Message, reply.id)
    assert failed is not None and failed.delivery == "failed" and "\x00" not in (failed.delivery_error or "")

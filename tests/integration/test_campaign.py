"""Who is due, claiming, follow-ups on the agreed date, silence, opt-outs, offers. The queries and claims
run on SQLite and PostgreSQL; the conversations around them on SQLite."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.bootstrap import build
from bot.clock import FixedClock
from bot.runtime import Container
from bot.store.models import Customer, LocalNote, Offer, RetentionContact
from retention.due import select_due
from tests.conftest import make_settings
from tests.support.chat import Customer as Chat
from tests.support.population import add_customer


async def due_names(app: Container) -> set[str]:
    assert app.campaigns is not None
    async with app.sessions() as session:
        return {c.name or "" for c in await select_due(session, app.clock.now(), app.campaigns.rules, limit=1000)}


async def contacts(app: Container) -> list[RetentionContact]:
    async with app.sessions() as session:
        return list((await session.exec(select(RetentionContact).order_by(RetentionContact.id))).all())  # type: ignore[arg-type]


async def chat_with(app: Container, contact: RetentionContact) -> Chat:
    return Chat(app, chat_id=f"c-{contact.web_token}")


async def written_to(app: Container, name: str) -> Chat:
    """A customer due for the campaign, written to by it: their chat with the persona."""
    assert app.campaigns is not None
    await add_customer(app, name)
    await app.campaigns.run_once(app.clock.now())
    [contact] = await contacts(app)
    return await chat_with(app, contact)


async def test_a_count_said_without_its_unit_after_later_keeps_the_unit(container: Container) -> None:
    chat = await written_to(container, "Олег")
    await chat.says("напишите через месяц")
    assert "23 января" in await chat.says("хотя нет, лучше через два")  # was «какие запчасти ищете?»
    [contact] = await contacts(container)
    assert contact.next_contact_at is not None
    assert contact.next_contact_at.astimezone(ZoneInfo("Europe/Moscow")).date().isoformat() == "2027-01-23"


async def test_each_new_day_said_after_later_moves_the_agreed_day(container: Container) -> None:
    chat = await written_to(container, "Олег")
    await chat.says("напишите через месяц")
    assert "28 декабря" in await chat.says("нет, лучше через пять недель")  # was «Этот вопрос передам менеджеру»
    assert "7 декабря" in await chat.says("а давайте через две")  # in the unit said last
    [contact] = await contacts(container)
    assert contact.next_contact_at is not None
    assert contact.next_contact_at.astimezone(ZoneInfo("Europe/Moscow")).date().isoformat() == "2026-12-07"


@pytest.mark.parametrize("text", ["хорошо", "👍", "договорились", "ок, спасибо, до свидания", "хорошо, жду", "да, хорошо"])
async def test_an_assent_after_later_keeps_the_day_without_asking_for_parts(container: Container, text: str) -> None:
    chat = await written_to(container, "Олег")
    await chat.says("напишите через месяц")
    answer = await chat.says(text)  # was «Не совсем понял вас. Подскажите, какие запчасти ищете…»
    assert "напишу 23 декабря" in answer and "запчасти" not in answer and "Не совсем" not in answer


@pytest.mark.parametrize("text", ["жду звонка", "лучше позвоните", "позвоните мне", "позвоните лучше", "за рулём, позвоните"])
async def test_a_call_asked_for_after_later_goes_to_a_manager(container: Container, text: str) -> None:
    chat = await written_to(container, "Олег")
    await chat.says("напишите через месяц")
    assert "перезвонит" in await chat.says(text)  # was «Хорошо, напишу 23 декабря»


@pytest.mark.parametrize("text", ["колодки нужны, но не сейчас", "масло поменять надо будет, но не сейчас"])
async def test_a_part_put_off_after_later_keeps_the_day_and_takes_no_request(container: Container, text: str) -> None:
    chat = await written_to(container, "Олег")
    await chat.says("напишите через месяц")
    answer = await chat.says(text)  # was «Отлично, поможем! Записал: колодки тормозные…», a hot lead
    assert "напишу 23 декабря" in answer and "Записал" not in answer
    assert await chat.leads() == []


async def test_a_part_put_off_to_a_day_after_later_moves_the_day(container: Container) -> None:
    chat = await written_to(container, "Олег")
    await chat.says("напишите через месяц")
    assert "1 марта" in await chat.says("в марте буду менять резину, тогда и напишите")
    assert await chat.leads() == []


@pytest.mark.parametrize("text", ["хотя нет, колодки нужны прямо сейчас", "нужны колодки, через неделю заберу"])
async def test_a_part_needed_now_after_later_is_taken(container: Container, text: str) -> None:
    chat = await written_to(container, "Олег")
    await chat.says("напишите через месяц")
    assert "Записал: колодки" in await chat.says(text)


@pytest.mark.parametrize("text", ["ага, только не в выходные", "хорошо, но не в выходные"])
async def test_a_time_excepted_after_later_is_no_day_to_write_on(container: Container, text: str) -> None:
    chat = await written_to(container, "Олег")
    await chat.says("напишите через месяц")
    answer = await chat.says(text)  # was «Договорились, напишу в субботу, 28 ноября»
    assert "суббот" not in answer
    [contact] = await contacts(container)
    assert contact.next_contact_at is not None
    assert contact.next_contact_at.astimezone(ZoneInfo("Europe/Moscow")).date().isoformat() == "2026-12-23"


@pytest.mark.parametrize("text", ["нет спасибо", "нет, не надо"])
async def test_a_polite_no_after_later_asks_for_nothing(container: Container, text: str) -> None:
    chat = await written_to(container, "Олег")
    await chat.says("напишите через месяц")
    answer = await chat.says(text)
    assert "запчасти" not in answer and "Не совсем" not in answer


@pytest.mark.parametrize(
    "text",
    [
        "в прошлый раз привезли не те колодки, до сих пор жду возврат денег",  # was «Отлично, поможем! Записал: колодки»
        "Вы мне в прошлый раз бракованный датчик продали, ничего больше не возьму",  # was «Понял, спасибо!» and 5%
        "сначала верните деньги за прошлый заказ, потом пишите",
    ],
)
async def test_a_complaint_about_the_last_order_goes_to_a_manager_without_an_offer(container: Container, text: str) -> None:
    chat = await written_to(container, "Олег")
    answer = await chat.says(text)
    assert answer.startswith("Извините") and "менеджеру" in answer
    assert "Отлично" not in answer and "скидка" not in answer and "VIN" not in answer
    [lead] = await chat.leads()
    assert lead.parts == []  # what went wrong is no order
    await container.outbox.drain()
    async with container.sessions() as session:
        notes = [n.text for n in (await session.exec(select(LocalNote))).all()]
        offers = (await session.exec(select(Offer))).all()
    assert any(text in note for note in notes) and not offers


async def test_a_need_said_besides_a_complaint_is_taken_with_it_to_the_manager(container: Container) -> None:
    chat = await written_to(container, "Олег")
    answer = await chat.says("вы мне в прошлый раз не ту сторону рычага дали. но сейчас нужны свечи на ту же машину")
    assert "Записал: свечи зажигания" in answer and "Извините" in answer and "Отлично" not in answer
    [lead] = await chat.leads()
    assert lead.parts == ["свечи зажигания"]  # the lever that went wrong is on the note, not ordered


@pytest.mark.backend_matters
async def test_the_due_query_picks_exactly_the_right_customers(container: Container) -> None:
    await add_customer(container, "due 120 days")
    await add_customer(container, "due exactly 90 days", bought_days_ago=90)
    await add_customer(container, "too recent 89 days", bought_days_ago=89)
    await add_customer(container, "never bought", bought_days_ago=None)
    await add_customer(container, "contacted 10 days ago", contacted_days_ago=10)
    await add_customer(container, "contacted 31 days ago", contacted_days_ago=31)
    await add_customer(container, "opted out", opted_out=True)
    await add_customer(container, "no consent", messaging_consent=False)
    await add_customer(container, "snoozed", snoozed_until=container.clock.now() + timedelta(days=3))
    await add_customer(container, "open deal", open_deal_days_ago=2)
    await add_customer(container, "old deal", open_deal_days_ago=60)
    await add_customer(
        container, "night in Vladivostok", timezone="Asia/Vladivostok"
    )  # 18:00 UTC+10 = 08:00+1 day? no: 11:00 MSK = 18:00
    await add_customer(container, "evening in Kamchatka", timezone="Asia/Kamchatka")  # 11:00 MSK = 20:00 there: closed
    await add_customer(container, "Yekaterinburg", timezone="Asia/Yekaterinburg")  # 13:00 there
    assert await due_names(container) == {
        "due 120 days",
        "due exactly 90 days",
        "contacted 31 days ago",
        "night in Vladivostok",
        "Yekaterinburg",
    }


@pytest.mark.backend_matters
async def test_a_shop_may_let_deals_nobody_closed_for_a_month_stop_blocking(db_url: str, clock: FixedClock) -> None:
    app = build(make_settings(db_url, retention_open_deal_days=30), clock=clock)
    try:
        await add_customer(app, "open deal", open_deal_days_ago=2)
        await add_customer(app, "old deal", open_deal_days_ago=60)
        assert await due_names(app) == {"old deal"}
    finally:
        await app.close()


async def test_early_morning_in_moscow_nobody_is_written_to(container: Container, clock: FixedClock) -> None:
    await add_customer(container, "sleeping")
    clock.set(datetime(2026, 11, 23, 7, 30, tzinfo=ZoneInfo("Europe/Moscow")))
    assert await due_names(container) == set()


@pytest.mark.backend_matters
async def test_a_pass_writes_the_opener_once_and_caps_the_next_pass(container: Container) -> None:
    assert container.campaigns is not None
    await add_customer(container, "Сергей Иванов")
    first = await container.campaigns.run_once(container.clock.now())
    second = await container.campaigns.run_once(container.clock.now())
    assert [c.name for c in first.contacted] == ["Сергей Иванов"] and first.contacted[0].link
    assert second.contacted == []
    [contact] = await contacts(container)
    messages = await (await chat_with(container, contact)).messages()
    assert [m.direction for m in messages] == ["out"] and "Сергей" in messages[0].text


@pytest.mark.backend_matters
async def test_two_schedulers_at_once_send_each_opener_exactly_once(db_url: str, clock: FixedClock) -> None:
    apps = [build(make_settings(db_url), clock=clock) for _ in range(2)]
    try:
        for number in range(12):
            await add_customer(apps[0], f"customer {number}")
        results = await asyncio.gather(*(app.campaigns.run_once(clock.now()) for app in apps))  # type: ignore[union-attr]
        assert sum(len(r.contacted) for r in results) == 12
        assert sorted(c.customer_id for c in await contacts(apps[0])) == sorted({c.customer_id for c in await contacts(apps[0])})
        assert len(await contacts(apps[0])) == 12
    finally:
        for app in apps:
            await app.close()


async def test_an_opted_out_customer_is_never_contacted_again(container: Container, clock: FixedClock) -> None:
    answer = await (await written_to(container, "Анна")).says("не пишите мне больше")
    assert "больше не буду" in answer
    for months in range(1, 13):
        clock.set(datetime(2026, 11, 23, 11, tzinfo=ZoneInfo("Europe/Moscow")) + timedelta(days=31 * months))
        assert (await container.campaigns.run_once(clock.now())).contacted == []
        await container.campaigns.resume_snoozed(clock.now())
    assert len(await contacts(container)) == 1
    async with container.sessions() as session:
        customer = (await session.exec(select(Customer))).one()
    assert customer.opted_out_at is not None and not customer.messaging_consent and not customer.ads_consent


async def test_a_campaign_reply_asking_for_parts_and_to_stop_messages_is_a_hot_lead_and_an_opt_out(
    container: Container,
) -> None:
    answer = await (await written_to(container, "Олег")).says(
        "нужны колодки на гранту, вин XTA21900051234567, больше ничего. и рассылки мне не шлите"
    )
    assert "менеджер" in answer.lower()
    async with container.sessions() as session:
        customer = (await session.exec(select(Customer))).one()
        [contact] = (await session.exec(select(RetentionContact))).all()
    assert contact.outcome == "need_now"
    assert customer.opted_out_at is not None and not customer.ads_consent


@pytest.mark.backend_matters
async def test_a_snoozed_conversation_resumes_on_its_date_and_not_before(container: Container, clock: FixedClock) -> None:
    chat = await written_to(container, "Олег")
    assert "7 декабря" in await chat.says("жду ЗП, через две недели")
    clock.set(datetime(2026, 12, 6, 19, tzinfo=ZoneInfo("Europe/Moscow")))
    assert await container.campaigns.resume_snoozed(clock.now()) == 0
    clock.set(datetime(2026, 12, 7, 9, tzinfo=ZoneInfo("Europe/Moscow")))  # the day, but before messaging hours
    assert await container.campaigns.resume_snoozed(clock.now()) == 0
    clock.set(datetime(2026, 12, 7, 11, 5, tzinfo=ZoneInfo("Europe/Moscow")))
    assert await container.campaigns.resume_snoozed(clock.now()) == 1
    assert await container.campaigns.resume_snoozed(clock.now()) == 0
    follow_up = (await chat.messages())[-1]
    assert follow_up.direction == "out" and "через две недели" in follow_up.text and "как договаривались" in follow_up.text
    assert "Отлично" in await chat.says("да, нужны колодки")


async def test_a_snoozed_customer_who_writes_first_gets_no_reminder(container: Container, clock: FixedClock) -> None:
    chat = await written_to(container, "Олег")
    await chat.says("через две недели")
    clock.set(datetime(2026, 11, 30, 12, tzinfo=ZoneInfo("Europe/Moscow")))
    await chat.says("нужен стартер")  # came back by themselves a week early
    sent_before = len(await chat.messages())
    clock.set(datetime(2026, 12, 7, 11, 5, tzinfo=ZoneInfo("Europe/Moscow")))
    assert await container.campaigns.resume_snoozed(clock.now()) == 0
    assert len(await chat.messages()) == sent_before


async def test_the_balance_asked_beside_a_later_date_is_told(container: Container) -> None:
    chat = await written_to(container, "Олег")
    answer = await chat.says("сколько у меня баллов? и напишите мне через неделю")
    assert "баллов" in answer and "напишу" in answer
    assert await outcome_of(container) == "later"


async def test_the_balance_asked_after_a_later_date_is_told_and_the_date_kept(container: Container) -> None:
    chat = await written_to(container, "Олег")
    await chat.says("позже, через неделю")
    answer = await chat.says("а сколько у меня баллов кстати?")
    assert "баллов" in answer and "какие запчасти" not in answer
    assert await outcome_of(container) == "later"


async def test_a_date_asked_for_after_the_offer_makes_it_later(container: Container) -> None:
    chat = await written_to(container, "Олег")
    await chat.says("ничего")
    answer = await chat.says("хотя подождите, через месяц напомните про резину")
    assert "напишу" in answer
    assert await outcome_of(container) == "later"


async def test_a_crashed_car_hears_sympathy_first(container: Container) -> None:
    chat = await written_to(container, "Олег")
    answer = await chat.says("мне уже не нужно, машину разбил")
    assert answer.startswith("Очень жаль") and await outcome_of(container) == "nothing"


async def test_where_the_number_came_from_is_told_beside_an_opt_out(container: Container) -> None:
    chat = await written_to(container, "Олег")
    answer = await chat.says("а откуда у вас мой номер? не пишите больше")
    assert "карточке покупателя" in answer and "напишите «не пишите»" not in answer
    assert await outcome_of(container) == "opted_out"


async def test_an_opt_out_after_later_cancels_the_reminder(container: Container) -> None:
    chat = await written_to(container, "Олег")
    await chat.says("напишите через неделю")
    assert "больше не буду" in await chat.says("пока не пишите мне больше")
    [contact] = await contacts(container)
    assert contact.outcome == "opted_out" and contact.next_contact_at is None


async def test_days_not_to_write_on_said_after_later_move_the_reminder_off_them(container: Container) -> None:
    chat = await written_to(container, "Олег")
    await chat.says("напишите в субботу")
    assert "понедельник, 30 ноября" in await chat.says("в выходные не пишите")  # the day it moved to, said
    [contact] = await contacts(container)
    assert contact.next_contact_at is not None
    assert contact.next_contact_at.astimezone(ZoneInfo("Europe/Moscow")).weekday() == 0  # the Monday after


async def test_no_calls_but_writing_here_is_acknowledged(container: Container) -> None:
    chat = await written_to(container, "Олег")
    answer = await chat.says("Не звоните мне, пишите лучше сюда")
    assert "звонить не будем" in answer and await outcome_of(container) is None


async def test_a_day_said_after_later_is_the_day_to_write_on(container: Container) -> None:
    chat = await written_to(container, "Олег")
    await chat.says("позже")
    assert "26 ноября" in await chat.says("через 3 дня")
    [contact] = await contacts(container)
    assert contact.outcome == "later" and contact.next_contact_at is not None
    assert contact.next_contact_at.astimezone(ZoneInfo("Europe/Moscow")).date().isoformat() == "2026-11-26"


async def test_parts_asked_for_right_after_later_make_a_hot_request_and_no_reminder(container: Container) -> None:
    chat = await written_to(container, "Олег")
    await chat.says("через месяц")
    assert "Отлично" in await chat.says("а нет, нужен стартер на гранту")
    async with container.sessions() as session:
        customer = (await session.exec(select(Customer))).one()
    assert await outcome_of(container) == "need_now" and customer.next_contact_at is None


@pytest.mark.backend_matters
async def test_silence_becomes_no_reply_after_the_wait_window(container: Container, clock: FixedClock) -> None:
    assert container.campaigns is not None
    await add_customer(container, "Молчун")
    await container.campaigns.run_once(clock.now())
    clock.advance(timedelta(hours=71))
    assert await container.campaigns.close_silent(clock.now()) == 0
    clock.advance(timedelta(hours=2))
    assert await container.campaigns.close_silent(clock.now()) == 1
    [contact] = await contacts(container)
    assert contact.outcome == "no_reply"


async def test_an_expired_offer_is_refused_politely(container: Container, clock: FixedClock) -> None:
    chat = await written_to(container, "Ирина")
    assert "5%" in await chat.says("спасибо, ничего не нужно")
    clock.advance(timedelta(hours=25))
    answer = await chat.says("а скидка ещё действует? хочу колодки")
    assert "истёк" in answer and "5%" in answer
    async with container.sessions() as session:
        [offer] = (await session.exec(select(Offer))).all()
    assert offer.used_at is None


async def test_a_valid_offer_is_used_by_the_request_and_the_manager_reads_it_on_the_deal(
    container: Container, clock: FixedClock
) -> None:
    chat = await written_to(container, "Ирина")
    await chat.says("спасибо, ничего не нужно")
    clock.advance(timedelta(hours=3))
    await chat.says("хотя нужны колодки передние, вин JTNBE46K303123456")
    await chat.says("нет, всё")
    await container.outbox.drain()
    async with container.sessions() as session:
        [offer] = (await session.exec(select(Offer))).all()
        notes = [n.text for n in (await session.exec(select(LocalNote))).all()]
    assert offer.used_at is not None and clock.now() - timedelta(minutes=5) <= offer.used_at <= clock.now()
    assert any("скидка 5%" in text and "учтите" in text for text in notes)


async def test_one_offer_per_period(container: Container, clock: FixedClock) -> None:
    assert container.campaigns is not None
    await add_customer(container, "Павел")
    await container.campaigns.run_once(clock.now())
    [first] = await contacts(container)
    assert "5%" in await (await chat_with(container, first)).says("ничего не нужно")
    clock.advance(timedelta(days=35))
    await container.campaigns.run_once(clock.now())
    second = (await contacts(container))[-1]
    assert "скидк" not in await (await chat_with(container, second)).says("ничего не нужно")


async def test_a_question_to_the_campaign_is_answered_and_reaches_the_manager_with_the_request(container: Container) -> None:
    chat = await written_to(container, "Ирина")
    answer = await chat.says("а вы доставляете в Тверь?")
    assert "менеджер" in answer and "Подскажите, нужно ли сейчас" in answer and "Это Виталий" not in answer
    await chat.says("да, нужны колодки на гранту 2016, вин XTA21900051234567, больше ничего")
    await container.outbox.drain()
    async with container.sessions() as session:
        notes = [n.text for n in (await session.exec(select(LocalNote))).all()]
    assert any("а вы доставляете в Тверь?" in text for text in notes)


async def test_an_unclear_reply_to_the_campaign_hears_the_introduction_once(container: Container) -> None:
    chat = await written_to(container, "Ирина")
    assert "Это Виталий" in await chat.says("хм")
    again = await chat.says("??")
    assert "Это Виталий" not in again and "нужно ли сейчас" in again


async def test_four_replies_the_campaign_cannot_read_get_a_polite_stop(container: Container) -> None:
    chat = await written_to(container, "Ирина")
    for _ in range(3):
        assert "нужно ли сейчас" in await chat.says("хз")
    stop = await chat.says("хз")
    assert "Не буду отвлекать" in stop and "нужно ли сейчас" not in stop  # was the same question round and round


async def test_a_question_after_the_offer_is_answered_and_the_offer_stands(container: Container) -> None:
    chat = await written_to(container, "Ирина")
    assert "5%" in await chat.says("спасибо, ничего не нужно")
    answer = await chat.says("а доставка у вас бесплатная?")
    assert "менеджер" in answer and "Хорошей дороги" not in answer


async def test_a_question_beside_nothing_needed_is_answered_with_the_offer(container: Container) -> None:
    chat = await written_to(container, "Ирина")
    answer = await chat.says("нет, пока ничего не надо. а вы шиномонтаж делаете?")
    assert "На ваш вопрос подробно ответит менеджер" in answer and "5%" in answer
    assert (await chat.state()).campaign.outcome == "nothing"  # type: ignore[union-attr]


async def test_the_same_car_as_before_with_no_earlier_request_is_left_to_the_manager(container: Container) -> None:
    chat = await written_to(container, "Лиана")
    await chat.says("да, нужны дворники")
    answer = await chat.says("на ту же машину")
    assert "прошлым покупкам" in answer and "марку, модель" not in answer
    final = await chat.says("нет")
    assert "Заявка принята: щётки стеклоочистителя — та же машина, что в прошлых покупках" in final


@pytest.mark.parametrize(
    "text", ["вы же знаете мою машину, я у вас уже брал на неё", "машина та же, не менял", "у вас же есть мой вин"]
)
async def test_the_car_known_to_the_shop_in_other_words_is_left_to_the_manager(container: Container, text: str) -> None:
    chat = await written_to(container, "Лиана")
    await chat.says("да, нужны дворники")
    answer = await chat.says(text)
    assert "прошлым покупкам" in answer and "марку, модель" not in answer  # was «Не совсем понял вас», the car asked again


async def test_asking_the_campaign_for_a_human_is_a_need_taken_to_a_manager(container: Container) -> None:
    chat = await written_to(container, "Ирина")
    assert "Менеджер подключится" in await chat.says("позовите менеджера")
    assert "Заявка принята" in await chat.says("нужны колодки на гранту 2016")


async def test_a_request_with_a_stop_and_no_vin_is_handed_off_at_once(container: Container) -> None:
    chat = await written_to(container, "Ирина")
    answer = await chat.says("нужны колодки на гранту, больше ничего, и рекламу не шлите")
    assert "Заявка принята" in answer and "Рассылок и рекламы присылать не буду" in answer


@pytest.mark.parametrize(
    "text", ["пишите, пишите, не отписывайте меня. пока ничего", "можете писать, я не против. сейчас ничего"]
)
async def test_saying_the_shop_may_go_on_writing_is_no_opt_out(container: Container, text: str) -> None:
    chat = await written_to(container, "Ирина")
    assert "больше не буду" not in await chat.says(text)
    async with container.sessions() as session:
        customer = (await session.exec(select(Customer))).one()
    assert customer.opted_out_at is None


async def outcome_of(app: Container) -> str | None:
    [contact] = await contacts(app)
    return contact.outcome


@pytest.mark.parametrize("text", ["Отвали бот", "идите лесом со своими запчастями"])
async def test_a_rude_get_lost_to_the_campaign_is_an_opt_out(container: Container, text: str) -> None:
    chat = await written_to(container, "Ирина")
    assert "больше не буду" in await chat.says(text)
    assert await outcome_of(container) == "opted_out"


async def test_asking_to_be_written_in_another_messenger_is_no_opt_out(container: Container) -> None:
    chat = await written_to(container, "Ирина")
    assert "больше не буду" not in await chat.says("нет. и пишите пожалуйста только в вотсап")
    assert await outcome_of(container) == "nothing"


async def test_may_go_on_writing_and_nothing_needed_is_nothing(container: Container) -> None:
    chat = await written_to(container, "Ирина")
    await chat.says("пишите, не отписывайте меня, просто сейчас ничего не надо")
    assert await outcome_of(container) == "nothing"


async def test_someone_who_never_bought_here_hears_an_apology_and_no_pitch(container: Container) -> None:
    chat = await written_to(container, "Ирина")
    answer = await chat.says("это кто? я ничего у вас не покупала")
    assert "Извините" in answer and "нужно ли сейчас" not in answer


async def test_a_question_about_the_offer_naming_a_part_is_answered_not_taken_for_an_order(container: Container) -> None:
    chat = await written_to(container, "Ирина")
    await chat.says("не, всё есть, спасибо")
    answer = await chat.says("а скидка на что? на масло тоже?")
    assert "на любой заказ" in answer and "VIN" not in answer
    assert await outcome_of(container) == "nothing"


async def test_a_need_taken_back_for_a_date_is_later(container: Container) -> None:
    chat = await written_to(container, "Ирина")
    await chat.says("да, колодки нужны... а, нет, ладно, в январе уже")
    assert await outcome_of(container) == "later"


async def test_telling_a_friend_where_to_go_is_no_opt_out(container: Container) -> None:
    chat = await written_to(container, "Ирина")
    await chat.says("пошли в баню сегодня с мужиками, через неделю отвечу")
    assert await outcome_of(container) == "later"


async def test_after_an_opt_out_a_further_refusal_gets_no_sales_question(container: Container) -> None:
    chat = await written_to(container, "Ирина")
    await chat.says("не пишите мне")
    answer = await chat.says("и звонить тоже не надо")
    assert "запчасти ищете" not in answer and "звонить не будем" in answer


async def test_after_an_opt_out_a_question_is_still_answered(container: Container) -> None:
    chat = await written_to(container, "Ирина")
    await chat.says("не пишите мне")
    assert "звонить не будем" not in await chat.says("вы в воскресенье работаете?")


async def test_an_opt_out_while_the_campaigns_request_is_taken_is_its_outcome(container: Container) -> None:
    chat = await written_to(container, "Олег")
    await chat.says("да нужны колодки на рио")
    assert "не буду" in await chat.says("а знаете, не пишите мне больше")
    assert await outcome_of(container) == "opted_out"  # was need_now: the funnel counted a need


async def test_no_messages_but_a_call_goes_to_a_manager(container: Container) -> None:
    chat = await written_to(container, "Олег")
    assert "перезвонит" in await chat.says("не пишите сюда, лучше позвоните")  # was only «больше не буду вам писать»


@pytest.mark.parametrize(
    "text", ["это не Андрей, вы ошиблись номером", "вы не туда попали", "я не андрей", "андрея тут нет, номер теперь мой"]
)
async def test_a_wrong_number_is_apologised_to_and_never_written_to_again(container: Container, text: str) -> None:
    chat = await written_to(container, "Андрей")
    answer = await chat.says(text)  # was «…напишите «не пишите»», and the number stayed in the campaign
    assert answer.startswith("Извините") and "напишите «не пишите»" not in answer
    assert await outcome_of(container) == "opted_out"


async def test_news_of_the_customers_death_gets_condolences_and_no_more_messages(container: Container) -> None:
    chat = await written_to(container, "Андрей")
    answer = await chat.says("Андрея больше нет. Это его жена. Машину продали.")  # was the bonus balance and a discount
    assert "соболезнования" in answer and "скидк" not in answer
    assert await outcome_of(container) == "opted_out"


@pytest.mark.parametrize("text", ["👍", "ок", "спасибо"])
async def test_a_bare_acknowledgement_to_the_opener_gets_the_question_not_the_introduction(
    container: Container, text: str
) -> None:
    chat = await written_to(container, "Олег")
    answer = await chat.says(text)  # was «Это Виталий из магазина автозапчастей…» again
    assert "нужно ли сейчас что-то для машины" in answer and "Это Виталий" not in answer

"""The persona takes a request end to end through handle_inbound. On SQLite; on PostgreSQL too where the
storage decides (a whole lead, long text, a duplicate update, a message left unanswered)."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from bot.app.service import answer_pending, store_inbound
from bot.bootstrap import build
from bot.clock import FixedClock
from bot.dialogue.machine import Stage
from bot.runtime import Container
from bot.store.models import Customer as CustomerRow
from tests.conftest import make_settings
from tests.support.chat import Customer

VIN = "JTNBE46K303123456"
PRICE = re.compile(r"\d[\d\s]*(руб|р\.|₽)|\d+\s*%", re.IGNORECASE)


async def test_first_answer_greets_as_the_persona(container: Container) -> None:
    answer = await Customer(container).says("Здравствуйте")
    assert "Виталий" in answer
    assert "запчаст" in answer.lower()


@pytest.mark.backend_matters
async def test_everything_in_one_message_then_done_hands_off(container: Container) -> None:
    customer = Customer(container)
    first = await customer.says(f"Привет, нужен стартер и передние колодки на камри 2008, вин {VIN}")
    assert VIN in first and "что-нибудь ещё" in first.lower()
    final = await customer.says("нет, всё")
    assert "менеджер" in final.lower() and "стартер" in final
    [lead] = await customer.leads()
    assert lead.vin == VIN and lead.parts == ["стартер", "колодки тормозные передние"]
    assert lead.car and "Camry" in lead.car
    assert [item.kind for item in await customer.outbox()] == ["crm.deliver_lead"]


async def test_a_request_with_an_opt_out_is_handed_off_and_nothing_is_sent_unasked_again(container: Container) -> None:
    customer = Customer(container)
    answer = await customer.says(f"нужны передние колодки на камри, вин {VIN}. больше ничего, и рекламу мне не присылайте")
    assert "менеджер" in answer.lower() and "рекламы" in answer.lower()
    [lead] = await customer.leads()
    assert lead.parts == ["колодки тормозные передние"] and lead.vin == VIN
    async with container.sessions() as session:
        [row] = (await session.exec(select(CustomerRow))).all()
    assert row.opted_out_at is not None and not row.ads_consent and not row.messaging_consent


async def test_an_opt_out_without_a_part_named_stops_the_conversation(container: Container) -> None:
    customer = Customer(container)
    await customer.says("нужен генератор на камри")
    answer = await customer.says("всё, не пишите мне больше")
    assert "больше не буду" in answer
    assert (await customer.state()).stage is Stage.OPTED_OUT and await customer.leads() == []


async def test_an_opt_out_naming_another_messenger_stops_this_chat_and_points_there(container: Container) -> None:
    customer = Customer(container, channel="whatsapp")
    await customer.says("нужен генератор на камри")
    answer = await customer.says("не пишите в ватсап, в телегу пишите")
    assert "сюда больше писать не буду" in answer and "Telegram" in answer and "напишите сюда" not in answer
    assert (await customer.state()).stage is Stage.OPTED_OUT


async def test_asked_to_write_in_the_messenger_the_chat_is_in_it_goes_on_writing(container: Container) -> None:
    customer = Customer(container, channel="telegram")
    await customer.says("нужен генератор на камри")
    answer = await customer.says("не пишите в ватсап, в телегу пишите")
    assert answer == "Понял, пишу только сюда, в Telegram."
    assert (await customer.state()).stage is not Stage.OPTED_OUT


async def test_request_split_over_several_messages_is_collected(container: Container) -> None:
    customer = Customer(container)
    assert "запчаст" in (await customer.says("добрый день")).lower()
    assert "vin" in (await customer.says("нужен генератор")).lower()
    assert "что-нибудь ещё" in (await customer.says(f"вин {VIN}")).lower()
    await customer.says("ещё ремень грм")
    await customer.says("всё")
    [lead] = await customer.leads()
    assert lead.parts == ["генератор", "ремень ГРМ"] and lead.vin == VIN


async def test_vin_given_first_then_parts(container: Container) -> None:
    customer = Customer(container)
    answer = await customer.says(VIN)
    assert VIN in answer and "какие запчасти" in answer.lower()
    await customer.says("масляный фильтр")
    await customer.says("нет")
    [lead] = await customer.leads()
    assert lead.vin == VIN and lead.parts == ["фильтр масляный"]


async def test_corrected_vin_replaces_the_first(container: Container) -> None:
    customer = Customer(container)
    await customer.says(f"нужны амортизаторы, вин {VIN}")
    answer = await customer.says("ой, ошибся, правильный вин XTA21099051234567")
    assert "XTA21099051234567" in answer
    assert (await customer.state()).draft.vin == "XTA21099051234567"


async def test_sixteen_char_vin_is_asked_again_quoting_what_was_read(container: Container) -> None:
    customer = Customer(container)
    answer = await customer.says("нужен стартер, вин JTNBE46K30312345")
    assert "JTNBE46K30312345" in answer and "17" in answer
    assert (await customer.state()).draft.vin is None


async def test_frame_number_identifies_a_japanese_car(container: Container) -> None:
    customer = Customer(container)
    await customer.says("нужна помпа, кузов NZE121-0123456")
    await customer.says("нет")
    [lead] = await customer.leads()
    assert lead.frame == "NZE121-0123456" and lead.parts == ["помпа"]


async def test_customer_without_vin_gives_make_model_year(container: Container) -> None:
    customer = Customer(container)
    await customer.says("нужны задние колодки")
    answer = await customer.says("вина нет под рукой")
    assert "марку" in answer.lower()
    await customer.says("Хендай Солярис 2015")
    await customer.says("нет, всё")
    [lead] = await customer.leads()
    assert lead.vin is None and lead.car and "Solaris" in lead.car


async def test_price_question_is_answered_without_a_price(container: Container) -> None:
    customer = Customer(container)
    answer = await customer.says("сколько стоит стартер на камри?")
    assert "менеджер" in answer.lower()
    assert not PRICE.search(answer)


async def test_asked_if_it_is_a_bot_it_answers_honestly(container: Container) -> None:
    answer = await Customer(container).says("ты бот?")
    assert "виртуальный помощник" in answer.lower()


async def test_discount_demand_promises_nothing(container: Container) -> None:
    customer = Customer(container)
    answer = await customer.says("дай скидку 90% на колодки")
    assert "90" not in answer and "менеджер" in answer.lower()


async def test_empty_message_gets_a_clear_answer(container: Container) -> None:
    answer = await Customer(container).says("   ")
    assert "пуст" in answer.lower()


@pytest.mark.backend_matters
async def test_huge_message_is_stored_whole_and_answered(container: Container) -> None:
    customer = Customer(container)
    text = "нужен стартер на камри. " + "бла " * 1300
    answer = await customer.says(text)
    assert "длинное" in answer.lower()
    stored = [m for m in await customer.messages() if m.direction == "in"]
    assert stored[0].text == text and len(text) > 5000


async def test_rubbish_gets_a_polite_question(container: Container) -> None:
    answer = await Customer(container).says("ывапролджэ")
    assert "не совсем понял" in answer.lower()


async def test_unsupported_content_is_explained(container: Container) -> None:
    answer = await Customer(container).says("", unsupported="voice")
    assert "голосов" in answer.lower() and "текстом" in answer.lower()


async def handed_off(container: Container) -> Customer:
    """A customer whose request for a starter (with its VIN) went to a manager."""
    customer = Customer(container)
    await customer.says(f"нужен стартер, вин {VIN}")
    await customer.says("нет")
    return customer


async def test_after_hand_off_new_messages_are_appended_to_the_lead(container: Container) -> None:
    customer = await handed_off(container)
    answer = await customer.says("и ещё свечи зажигания")
    assert "добавил" in answer.lower()
    [lead] = await customer.leads()
    assert "свечи зажигания" in lead.parts
    assert [i.kind for i in await customer.outbox()] == ["crm.deliver_lead", "crm.add_note"]
    assert (await customer.state()).stage is Stage.HANDED_OFF


async def test_a_request_withdrawn_after_hand_off_is_acknowledged_and_noted_for_the_manager(container: Container) -> None:
    customer = await handed_off(container)
    answer = await customer.says("уже не надо, купил в другом месте")
    assert "заявка больше не нужна" in answer
    assert [i.kind for i in await customer.outbox()] == ["crm.deliver_lead", "crm.add_note"]


@pytest.mark.backend_matters
async def test_the_same_update_twice_is_answered_once(container: Container) -> None:
    customer = Customer(container)
    assert await customer.says("нужен стартер", external_id="tg-100")
    assert await customer.says("нужен стартер", external_id="tg-100") == ""
    assert len([m for m in await customer.messages() if m.direction == "in"]) == 1


async def test_a_restart_continues_the_conversation(db_url: str, clock: FixedClock) -> None:
    first = build(make_settings(db_url), clock=clock)
    await Customer(first).says(f"нужен стартер, вин {VIN}")
    await first.close()
    second = build(make_settings(db_url), clock=clock)
    try:
        customer = Customer(second)
        answer = await customer.says("нет, больше ничего")
        assert "заявка принята" in answer.lower() and "Виталий" not in answer
        assert len(await customer.leads()) == 1
    finally:
        await second.close()


@pytest.mark.backend_matters
async def test_a_message_stored_but_never_answered_is_answered_at_start(container: Container) -> None:
    customer = Customer(container)
    await store_inbound(customer.inbound("нужен стартер"), container.core)
    [reply] = await answer_pending(container.core)
    assert "vin" in reply.text.lower()
    assert await answer_pending(container.core) == []


@pytest.mark.parametrize("text", ["всё", "больше ничего", "👍", "ок"])
async def test_a_bare_acknowledgement_after_hand_off_neither_adds_to_nor_withdraws_the_request(
    container: Container, text: str
) -> None:
    customer = await handed_off(container)
    answer = await customer.says(text)
    assert "Менеджер напишет" in answer and "не нужна" not in answer and "Добавил" not in answer
    assert [i.kind for i in await customer.outbox()] == ["crm.deliver_lead", "crm.add_note"]  # the manager sees it


async def test_a_question_after_hand_off_is_forwarded_to_the_manager_not_added_as_a_part(container: Container) -> None:
    customer = await handed_off(container)
    answer = await customer.says("а когда ответите?")
    assert "Передал ваш вопрос менеджеру" in answer
    assert [i.kind for i in await customer.outbox()] == ["crm.deliver_lead", "crm.add_note"]
    [lead] = await customer.leads()
    assert lead.parts == ["стартер"]


async def test_a_ping_after_hand_off_is_told_the_manager_sees_the_request(container: Container) -> None:
    customer = await handed_off(container)
    assert "видит вашу заявку" in await customer.says("ау")


@pytest.mark.parametrize("text", ["и ещё кое-что нужно", "неправильно, вин другой"])
async def test_a_request_or_correction_without_details_after_hand_off_is_asked_what_it_is(
    container: Container, text: str
) -> None:
    customer = await handed_off(container)
    assert "что добавить или исправить" in await customer.says(text)


async def test_a_correction_after_hand_off_is_added_for_the_manager_not_asked_again(container: Container) -> None:
    customer = await handed_off(container)
    assert "Добавил" in await customer.says("ой, не передний, а задний")


async def test_a_question_the_bot_passed_on_is_a_note_on_the_deal(container: Container) -> None:
    customer = Customer(container)
    await customer.says("нужны колодки на солярис 2015")
    await customer.says("вина нет")
    assert "вопрос передам менеджеру" in (await customer.says("а доставка до Мытищ сколько по времени?")).lower()
    await customer.says("нет, всё")
    notes = [str(i.payload.get("note")) for i in await customer.outbox() if i.kind == "crm.add_note"]
    assert any("а доставка до Мытищ сколько по времени?" in n for n in notes)


async def test_a_request_taken_back_before_the_hand_off_goes_to_no_manager(container: Container) -> None:
    customer = Customer(container)
    await customer.says("колодки на гранту 2016")
    answer = await customer.says("отмена, уже купил в другом месте")
    assert "отменяю" in answer
    assert (await customer.state()).stage is Stage.CANCELLED and await customer.leads() == []
    await customer.says("а теперь нужен стартер на гранту 2016")  # a new request, from scratch
    assert (await customer.state()).draft.parts == ["стартер"]


async def test_the_rest_bought_elsewhere_ends_the_request_with_what_is_on_it(container: Container) -> None:
    customer = Customer(container)
    await customer.says(f"нужны колодки передние на камри, вин {VIN}")
    answer = await customer.says("нет, остальное уже купил")
    assert "Заявка принята" in answer
    [lead] = await customer.leads()
    assert lead.parts == ["колодки тормозные передние"]


async def test_the_managers_hours_are_told_to_a_customer_who_asks(container: Container) -> None:
    customer = Customer(container)
    await customer.says("диски тормозные задние на джили кулрей 2020")
    answer = await customer.says("а вы в воскресенье работаете?")
    assert "пн–сб с 9:00 до 19:00" in answer


async def test_a_question_asked_with_the_last_word_reaches_the_manager(container: Container) -> None:
    customer = Customer(container)
    await customer.says(f"нужен стартер на камри, вин {VIN}")
    answer = await customer.says("это всё, а доставка до Мытищ сколько дней?")
    assert "передам менеджеру" in answer and "Заявка принята" in answer
    assert (await customer.state()).draft.questions == ["это всё, а доставка до Мытищ сколько дней?"]


async def test_a_vin_two_characters_short_is_asked_again_with_its_count(container: Container) -> None:
    customer = Customer(container)
    await customer.says("нужны колодки передние")
    answer = await customer.says("вин XTA21703C012345")
    assert "насчитал 15" in answer
    assert (await customer.state()).draft.part_numbers == []


async def test_a_vin_sent_in_two_messages_is_joined(container: Container) -> None:
    customer = Customer(container)
    await customer.says("нужны колодки передние")
    first = await customer.says("XTA21703")
    assert "начало VIN" in first and "Записал: XTA21703" not in first
    second = await customer.says("0C0123456")
    assert "XTA217030C0123456" in second
    draft = (await customer.state()).draft
    assert (draft.vin, draft.part_numbers, draft.parts) == ("XTA217030C0123456", [], ["колодки тормозные передние"])


async def test_a_vin_begun_at_the_end_of_a_request_is_finished_in_the_next_message_with_more_said(
    container: Container,
) -> None:
    customer = Customer(container)
    first = await customer.says("нужен стартер. VIN: Z94CT41DBFR")
    assert "стартер" in first and "начало VIN" in first
    await customer.says("123456, и ещё фильтр масляный")
    draft = (await customer.state()).draft
    assert (draft.vin, draft.parts, draft.part_numbers) == ("Z94CT41DBFR123456", ["стартер", "фильтр масляный"], [])


@pytest.mark.parametrize(
    ("asked", "fix", "parts"),
    [
        ("амортизаторы передние левые на солярис 2015", "ой, не левая, а правая", ["амортизаторы передние правые"]),
        ("фара левая на рио 2017", "а нет, правая, левая целая", ["фара правая"]),
        ("свечи зажигания 2 шт на гранту 2019", "не 2, а 4", ["свечи зажигания (4 шт.)"]),
        ("колодки и диски передние на октавию 2014", "колодки уберите", ["диски тормозные передние"]),
    ],
)
async def test_a_side_a_count_or_a_part_put_right_in_the_next_message_changes_the_request(
    container: Container, asked: str, fix: str, parts: list[str]
) -> None:
    customer = Customer(container)
    await customer.says(asked)
    await customer.says(fix)
    assert (await customer.state()).draft.parts == parts


async def test_enough_said_to_the_vin_question_hands_the_request_over(container: Container) -> None:
    customer = Customer(container)
    await customer.says("колодки на рио 2015")
    answer = await customer.says("хватит")
    assert "Заявка принята" in answer and "колодки" in answer


async def test_a_fault_told_instead_of_a_part_goes_on_the_request_in_the_customer_s_words(container: Container) -> None:
    customer = Customer(container)
    answer = await customer.says("не знаю что именно, стучит что-то спереди справа на кочках, туарег 2011")
    assert "Какие запчасти" not in answer
    assert (await customer.state()).draft.parts == ["со слов клиента: стучит что-то спереди справа на кочках"]


async def test_a_side_put_right_after_the_hand_off_changes_the_deal(container: Container) -> None:
    customer = Customer(container)
    await customer.says(f"фара левая на рио 2017, вин {VIN}")
    await customer.says("нет, всё")
    answer = await customer.says("ой, правая, не левая!")
    assert "Исправил: фара правая" in answer
    [lead] = await customer.leads()
    assert lead.parts == ["фара правая"]


async def test_a_vin_of_seventeen_with_a_letter_no_vin_has_is_told_which_letter(container: Container) -> None:
    customer = Customer(container)
    await customer.says("сцепление на гольф 6")
    answer = await customer.says("вин WVWZZZ1KZБМ123456")
    assert "«Б»" in answer and "насчитал" not in answer


@pytest.mark.parametrize(
    ("first", "side", "parts"),
    [
        ("нужна фара на киа спортейдж 2019", "какая? левая", ["фара левая"]),
        ("колодки на гранту 2019", "перед", ["колодки тормозные передние"]),
        ("амортизаторы на гранту 2019", "передние и задние", ["амортизаторы передние", "амортизаторы задние"]),
    ],
)
async def test_a_side_said_alone_goes_to_the_part_that_has_none(
    container: Container, first: str, side: str, parts: list[str]
) -> None:
    customer = Customer(container)
    await customer.says(first)
    answer = await customer.says(side)
    assert (await customer.state()).draft.parts == parts
    assert "Записал" in answer and "передам менеджеру" not in answer


async def test_thanks_to_anything_else_completes_the_request(container: Container) -> None:
    customer = Customer(container)
    await customer.says("нужен стартер на приору 2012")
    await customer.says("нет")  # no VIN at hand
    assert "Заявка принята" in await customer.says("спасибо")


async def test_mumbling_after_the_hint_hands_the_known_request_to_a_manager(container: Container) -> None:
    customer = Customer(container)
    await customer.says("нужен стартер на приору 2012")
    await customer.says("нет")
    answers = [await customer.says(text) for text in ("ну", "хм", "эээ")]
    assert "напишите «всё»" in answers[-2]
    assert answers[-1].startswith("Спасибо! Заявка принята") and [lead.parts for lead in await customer.leads()] == [["стартер"]]


async def test_a_part_named_alone_is_written_without_the_words_around_it(container: Container) -> None:
    customer = Customer(container)
    await customer.says(f"нужен стартер на камри, вин {VIN}")
    answer = await customer.says("и трамблер ещё")
    assert "Записал: трамблер." in answer


async def test_without_a_vin_the_year_is_asked_once_beside_anything_else(container: Container) -> None:
    customer = Customer(container)
    await customer.says("нужен стеклоподъемник передний правый на опель астра")
    asked = await customer.says("не знаю")
    assert "год выпуска Opel Astra" in asked and "Что-нибудь ещё нужно?" in asked
    assert "Записал: Opel Astra 2011" in await customer.says("2011")


async def test_not_knowing_the_year_either_goes_on_without_it(container: Container) -> None:
    customer = Customer(container)
    await customer.says("нужен стеклоподъемник передний правый на опель астра")
    await customer.says("не знаю")
    assert await customer.says("не знаю") == "Что-нибудь ещё нужно?"
    assert "Заявка принята" in await customer.says("нет")


async def test_a_model_number_said_after_the_make_alone_completes_the_car(container: Container) -> None:
    customer = Customer(container)
    await customer.says("колодки передние")
    await customer.says("ваз")
    assert "Записал: LADA 2114" in await customer.says("2114")
    assert (await customer.state()).draft.car == "LADA 2114"


async def test_a_number_said_after_the_make_alone_with_other_words_is_no_model(container: Container) -> None:
    customer = Customer(container)
    await customer.says("колодки передние")
    await customer.says("ваз")
    await customer.says("2107 рублей стоят?")
    assert (await customer.state()).draft.car == "LADA"


async def test_a_make_said_more_fully_later_becomes_the_car(container: Container) -> None:
    customer = Customer(container)
    await customer.says("колодки на опель")
    await customer.says("нет вина")
    assert "Записал: Opel Astra h 2008" in await customer.says("астра h 2008")
    assert (await customer.state()).draft.car == "Opel Astra h 2008"


async def test_asking_for_a_human_hands_what_is_known_to_a_manager_at_once(container: Container) -> None:
    customer = Customer(container)
    await customer.says("нужен стартер на камри 2008")
    answer = await customer.says("позовите живого менеджера")
    assert "Заявка принята: стартер" in answer
    assert [lead.parts for lead in await customer.leads()] == [["стартер"]]


async def test_asking_for_a_human_before_any_part_is_asked_what_the_manager_should_pick(container: Container) -> None:
    customer = Customer(container)
    answer = await customer.says("здравствуйте, соедините с оператором")
    assert "Менеджер подключится" in answer and "какие запчасти" in answer
    assert await customer.leads() == []


async def test_already_bought_said_to_anything_else_completes_the_request(container: Container) -> None:
    customer = Customer(container)
    await customer.says(f"нужны колодки передние на камри, вин {VIN}")
    assert "Заявка принята" in await customer.says("нет, уже купил")


async def test_a_part_added_while_the_vin_is_asked_is_said_back(container: Container) -> None:
    customer = Customer(container)
    await customer.says("фара левая на чери тигго 7 про")
    answer = await customer.says("и противотуманка ещё")
    assert answer.startswith("Записал: фара противотуманная.") and "VIN" in answer


@pytest.mark.parametrize("text", ["всё. заявку не отменяйте, подожду сколько надо", "нет, я не передумал, это всё"])
async def test_a_cancel_word_denied_is_no_cancel(container: Container, text: str) -> None:
    customer = Customer(container)
    await customer.says(f"нужны колодки передние на камри, вин {VIN}")
    assert "Заявка принята" in await customer.says(text)


async def test_not_wanting_a_manager_is_no_call_for_one(container: Container) -> None:
    customer = Customer(container)
    await customer.says("нужен стартер на камри 2008")
    assert "Заявка принята" not in await customer.says("мне не нужен менеджер, подберите сами")


async def test_a_question_beside_a_call_for_a_human_reaches_the_deal(container: Container) -> None:
    customer = Customer(container)
    await customer.says("нужен стартер на камри 2008")
    await customer.says("позовите менеджера, а доставка в Тверь есть?")
    assert (await customer.state()).draft.questions == ["позовите менеджера, а доставка в Тверь есть?"]


async def test_working_with_cards_is_a_question_not_the_hours(container: Container) -> None:
    customer = Customer(container)
    await customer.says("нужен стартер на камри 2008")
    answer = await customer.says("а по безналу работаете?")
    assert "передам менеджеру" in answer and "на связи" not in answer


async def test_asking_the_hours_while_the_vin_is_asked_holds_no_vin_back(container: Container) -> None:
    customer = Customer(container)
    await customer.says("диски тормозные задние на джили кулрей 2020")
    answer = await customer.says("а вы в воскресенье работаете?")
    assert "VIN" in answer and not (await customer.state()).draft.vin_declined


async def test_the_first_part_after_a_call_for_a_human_goes_to_a_manager_at_once(container: Container) -> None:
    customer = Customer(container)
    await customer.says("позовите живого менеджера")
    assert "Заявка принята: помпа" in await customer.says("у меня киа рио 2017 нужна помпа")


@pytest.mark.parametrize("text", ["хотя нет, отменяйте", "нет, отбой, жена сама купила", "передумал, не надо"])
async def test_a_firm_cancel_word_cancels_whatever_else_the_model_reads(container: Container, text: str) -> None:
    customer = Customer(container)
    await customer.says("масляный фильтр на матиз 2008")
    assert "отменяю" in await customer.says(text)
    assert await customer.leads() == []


@pytest.mark.parametrize("then", ["ладно, давайте всё-таки", "нет не отмена, я случайно нажал", "передумал, оформляйте"])
async def test_a_cancelled_request_wanted_after_all_comes_back_whole(container: Container, then: str) -> None:
    customer = Customer(container)
    await customer.says("колодки передние на рио 2017")
    await customer.says("отмена, передумал")
    answer = await customer.says(then)
    assert "возвращаю заявку: колодки тормозные передние" in answer  # was «Пожалуйста! Обращайтесь»
    assert "Заявка принята" in await customer.says("нет") + await customer.says("нет")
    [lead] = await customer.leads()
    assert lead.parts == ["колодки тормозные передние"]


async def test_a_new_request_after_a_cancel_does_not_bring_the_old_one_back(container: Container) -> None:
    customer = Customer(container)
    await customer.says("колодки передние на рио 2017")
    await customer.says("отмена")
    await customer.says("нужен стартер")
    assert (await customer.state()).draft.parts == ["стартер"]
    assert "возвращаю" not in await customer.says("давайте всё-таки")


async def test_a_cancel_taken_back_keeps_the_car(container: Container) -> None:
    customer = Customer(container)
    await customer.says("сайлентблоки на камри 2010")
    await customer.says("отмена")
    await customer.says("нет не отмена, я случайно нажал, нужны сайлентблоки")
    assert (await customer.state()).draft.car == "Toyota Camry 2010"


async def test_the_hours_and_another_question_in_one_message_are_both_answered(container: Container) -> None:
    customer = Customer(container)
    await customer.says("колодки на гранту 2016")
    answer = await customer.says("до скольки работаете и можно ли картой?")
    assert "пн–сб с 9:00" in answer and "передам менеджеру" in answer
    assert (await customer.state()).draft.questions == ["до скольки работаете и можно ли картой?"]


async def test_asking_when_the_manager_writes_completes_the_request(container: Container) -> None:
    customer = Customer(container)
    await customer.says("колодки на гранту 2016")
    await customer.says("неа")
    assert "Заявка принята" in await customer.says("а когда менеджер напишет?")


async def test_a_car_corrected_is_said_back(container: Container) -> None:
    customer = Customer(container)
    await customer.says("колодки на гранту 2016")
    assert "Исправил: LADA Vesta 2019" in await customer.says("ой, на весту 2019")


async def test_asking_to_be_called_hands_the_request_to_a_manager_who_calls(container: Container) -> None:
    customer = Customer(container)
    answer = await customer.says("колодки на солярис 2017, перезвоните мне")
    assert "Заявка принята: колодки тормозные" in answer and "перезвонит вам" in answer
    assert (await customer.state()).draft.questions == ["колодки на солярис 2017, перезвоните мне"]


@pytest.mark.parametrize(
    "text",
    [
        "вы мне вчера продали не тот фильтр, он не встаёт",  # was «Записал: фильтр. Пришлите VIN»
        "я у вас покупал насос, он потёк через неделю. как оформить возврат?",
        "пришла не та деталь, что делать?",  # the shop not named: it is the one that sends
    ],
)
async def test_a_complaint_about_an_earlier_order_is_handed_to_a_manager_at_once(container: Container, text: str) -> None:
    customer = Customer(container)
    answer = await customer.says(text)
    assert "Извините, что так вышло" in answer and "VIN" not in answer
    state = await customer.state()
    assert state.stage.value == "handed_off" and state.draft.questions == [text]


async def test_a_complaint_in_the_middle_of_a_request_goes_on_its_note_and_the_request_goes_on(container: Container) -> None:
    customer = Customer(container)
    await customer.says("нужны колодки передние на солярис 2017")
    answer = await customer.says("только проверьте внимательно, в прошлый раз вы мне не те колодки прислали")
    assert "Извините за прошлый раз" in answer and "не совсем понял" not in answer.lower()
    state = await customer.state()
    assert state.stage.value != "handed_off" and len(state.draft.questions) == 1


@pytest.mark.parametrize("text", ["не звоните мне, пишите сюда", "а можно я вам позвоню?"])
async def test_no_call_asked_is_no_call_promised(container: Container, text: str) -> None:
    customer = Customer(container)
    await customer.says("нужен стартер на камри 2008")
    assert "перезвонит" not in await customer.says(text)


@pytest.mark.parametrize("text", ["всё!!!", "давай оформляй уже, вин не дам"])
async def test_an_impatient_done_while_the_vin_is_asked_hands_the_request_off(container: Container, text: str) -> None:
    customer = Customer(container)
    await customer.says("нужно масло 5w40 5 литров и фильтр масляный на логан 2014")
    assert "Заявка принята" in await customer.says(text)


async def test_a_vin_the_customer_typed_in_groups_is_taken(container: Container) -> None:
    customer = Customer(container)
    await customer.says("колодки передние на гольф")
    await customer.says("вин wvwzzz 1kz 6w 123 456")
    assert (await customer.state()).draft.vin == "WVWZZZ1KZ6W123456"


async def test_a_car_named_after_the_hand_off_goes_on_the_deal(container: Container) -> None:
    customer = Customer(container)
    await customer.says("ывапролдж")
    await customer.says("????")
    await customer.says("👍")
    await customer.says("нужен ступичный подшипник")
    await customer.says("ниссан альмера g15 2015")
    [lead] = await customer.leads()
    assert lead.car == "Nissan Almera g15 2015"


async def test_a_second_car_named_for_parts_of_its_own_goes_beside_the_first(container: Container) -> None:
    customer = Customer(container)
    await customer.says("на камри колодки передние, и на ларгус фильтр салонный")
    answer = await customer.says("камри 2015, ларгус 2018")
    assert "Toyota Camry 2015 и LADA Largus 2018" in answer
    await customer.says("нет")
    [lead] = await customer.leads()
    assert lead.car == "Toyota Camry 2015 и LADA Largus 2018"
    assert lead.parts == ["колодки тормозные передние", "фильтр салонный (для LADA Largus)"]


@pytest.mark.parametrize(
    ("said", "parts"),
    [
        (
            "крета 2021 и аутлендер 2012. На крету масло с фильтром, на аутлендер колодки передние",
            ["масло моторное", "фильтр масляный", "колодки тормозные передние (для Mitsubishi Outlander)"],
        ),
        (
            "крета 2021 и аутлендер 2012. масло и фильтр на крету и колодки на аутлендер",
            ["масло моторное", "фильтр масляный", "колодки тормозные (для Mitsubishi Outlander)"],
        ),
        (
            "у меня рио 2015 и солярис 2016. нужны колодки на рио и диски на солярис",
            ["колодки тормозные", "диски тормозные (для Hyundai Solaris)"],
        ),
        ("на рио колодки и фильтр, на солярис диски", ["колодки тормозные", "фильтр", "диски тормозные (для Hyundai Solaris)"]),
        (
            "для рио: колодки, фильтр, а для соляриса: масло",
            ["колодки тормозные", "фильтр", "масло моторное (для Hyundai Solaris)"],
        ),
    ],
)
async def test_each_part_of_two_cars_is_the_car_s_named_beside_it(container: Container, said: str, parts: list[str]) -> None:
    customer = Customer(container)
    await customer.says(said)
    assert (await customer.state()).draft.parts == parts


async def test_a_part_for_another_car_added_later_is_marked_with_that_car(container: Container) -> None:
    customer = Customer(container)
    await customer.says("нужны дворники на солярис")
    await customer.says("а, и ещё на рио мужу колодки передние")
    assert (await customer.state()).draft.parts == ["щётки стеклоочистителя", "колодки тормозные передние (для Kia Rio)"]


async def test_a_car_corrected_is_no_second_car(container: Container) -> None:
    customer = Customer(container)
    await customer.says("колодки на короллу")
    await customer.says("не королла, а камри")
    draft = (await customer.state()).draft
    assert draft.car == "Toyota Camry" and draft.other_cars == []


async def test_a_fault_described_instead_of_a_part_is_kept_as_the_customers_words(container: Container) -> None:
    customer = Customer(container)
    await customer.says("здравствуйте, на гранту 2016")
    await customer.says("ну там тормоза спереди что-то скрипят")
    assert (await customer.state()).draft.parts == ["со слов клиента: там тормоза спереди что-то скрипят"]


async def test_both_sides_said_to_correct_one_make_a_line_for_each(container: Container) -> None:
    customer = Customer(container)
    await customer.says("ступица передняя левая на поло седан 2014")
    await customer.says("ой левая и правая обе")
    assert (await customer.state()).draft.parts == ["ступица передняя левая", "ступица передняя правая"]


async def test_not_to_submit_yet_submits_nothing(container: Container) -> None:
    customer = Customer(container)
    await customer.says("нужны колодки на гранту 2017")
    assert "Заявка принята" not in await customer.says("подожди, не оформляй, ещё фильтр масляный добавлю")


async def test_a_customer_who_insists_on_a_person_is_handed_to_one_without_a_request(container: Container) -> None:
    customer = Customer(container)
    assert "Менеджер подключится" in await customer.says("позови менеджера живого, не хочу с ботом")
    await customer.says("я же сказал, дайте человека")
    [lead] = await customer.leads()
    assert lead.parts == [] and (await customer.state()).stage.value == "handed_off"


@pytest.mark.parametrize("then", ["забудьте про скидку, добавьте ещё диски", "отмена доставки, заберу сам, ещё диски добавьте"])
async def test_taking_back_something_else_keeps_the_request(container: Container, then: str) -> None:
    customer = Customer(container)
    await customer.says("колодки на рио 2015")
    await customer.says(then)
    assert (await customer.state()).draft.parts[0] == "колодки тормозные"


async def test_a_car_of_another_make_put_right_takes_no_year_from_the_first(container: Container) -> None:
    customer = Customer(container)
    await customer.says("стартер на гранту 2017")
    await customer.says("ой, не гранта а камри")
    assert (await customer.state()).draft.car == "Toyota Camry"


async def test_waiting_till_spring_said_in_a_request_is_an_opt_out(container: Container) -> None:
    customer = Customer(container)
    assert "больше не буду" in await customer.says("не пишите мне до весны")


async def test_everything_taken_back_with_new_parts_leaves_only_the_new_ones(container: Container) -> None:
    customer = Customer(container)
    await customer.says("амортизаторы передние на рио 2015")
    await customer.says("всё отменяем, лучше дайте рычаги передние нижние левый и правый")
    assert (await customer.state()).draft.parts == [
        "рычаг подвески передний левый нижний",
        "рычаг подвески передний правый нижний",
    ]


async def test_a_part_named_beside_a_side_put_right_is_added(container: Container) -> None:
    customer = Customer(container)
    await customer.says("фара левая на рио 2015")
    await customer.says("не левая а правая, и ещё птф левую")
    assert (await customer.state()).draft.parts == ["фара правая", "фара противотуманная левая"]


async def test_a_car_put_right_by_name_keeps_the_year_said(container: Container) -> None:
    customer = Customer(container)
    await customer.says("стартер на гранту 2017")
    await customer.says("ой, не гранта а калина")
    assert (await customer.state()).draft.car == "LADA Kalina 2017"


async def test_an_impatient_customer_hears_an_apology_not_that_a_question_is_passed_on(container: Container) -> None:
    customer = Customer(container)
    answer = await customer.says("Сколько можно ждать?! Нужен стартер на фокус 3 1.6 2012, быстро отвечайте")
    assert "Извините за ожидание" in answer and "передам менеджеру" not in answer


async def test_a_year_sent_after_the_hand_off_goes_on_the_deal(container: Container) -> None:
    customer = Customer(container)
    await customer.says("нужен кронштейн глушителя на ауди а6 с6")
    await customer.says("нет вина")
    await customer.says("нет")
    assert "Добавил" in await customer.says("2007")
    assert (await customer.state()).draft.car == "Audi A6 2007"


async def test_a_part_put_right_by_another_of_its_kind_replaces_it_and_adds_nothing(container: Container) -> None:
    customer = Customer(container)
    await customer.says("нужен ремень генератора на калину 2010 8 клапанов")
    await customer.says("ой не генератора, а ремень ГРМ")
    assert (await customer.state()).draft.parts == ["ремень ГРМ"]


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("колодки на солярис 2012", "у жены тоже солярис 2015, на него тоже колодки"),
        ("колодки на солярис 2012", "а на солярис 2015 такие же подойдут"),
        ("колодки на солярис 2012", "ой, 2015 тоже подойдут"),
    ],
)
async def test_another_year_asked_about_or_for_another_car_puts_no_year_right(
    container: Container, first: str, then: str
) -> None:
    customer = Customer(container)
    await customer.says(first)
    await customer.says(then)
    assert (await customer.state()).draft.car == "Hyundai Solaris 2012"


@pytest.mark.parametrize("fix", ["вру, 2015 год, рестайлинг", "2015 год, извините", "солярис 2015"])
async def test_a_year_said_again_differently_replaces_it(container: Container, fix: str) -> None:
    customer = Customer(container)
    await customer.says("фара правая на солярис 2012")
    await customer.says(fix)
    assert (await customer.state()).draft.car == "Hyundai Solaris 2015"


@pytest.mark.parametrize("fix", ["не, наоборот, левая", "левая нужна, не правая"])
async def test_the_other_side_said_the_other_way_round_replaces_it(container: Container, fix: str) -> None:
    customer = Customer(container)
    await customer.says("нужна фара правая на ладу весту 2019")
    await customer.says(fix)
    assert (await customer.state()).draft.parts == ["фара левая"]


async def test_a_person_asked_for_with_the_noun_first_counts_too(container: Container) -> None:
    customer = Customer(container)
    await customer.says("позовите живого человека, не хочу с ботом общаться")
    await customer.says("я же сказал, человека позовите!")
    assert (await customer.state()).stage.value == "handed_off"


async def test_a_side_denied_and_said_again_in_the_same_message_is_the_one_meant(container: Container) -> None:
    customer = Customer(container)
    await customer.says("колодки передние. ой, не передние, задние. на рио 2015")
    assert (await customer.state()).draft.parts == ["колодки тормозные задние"]


@pytest.mark.parametrize("fix", ["ой нет 2015", "ошибся, 2015", "год не 2014 а 2015", "перепутал, 2015 год"])
async def test_a_year_put_right_replaces_the_year_said(container: Container, fix: str) -> None:
    customer = Customer(container)
    await customer.says("нужен радиатор печки на альмеру 2014")
    assert "Исправил: Nissan Almera 2015" in await customer.says(fix)
    assert (await customer.state()).draft.car == "Nissan Almera 2015"


async def test_a_car_put_right_with_on_replaces_the_car(container: Container) -> None:
    customer = Customer(container)
    await customer.says("колодки передние на гранту")
    await customer.says("не на гранту, на калину 2010")
    state = await customer.state()
    assert state.draft.car == "LADA Kalina 2010" and state.draft.other_cars == []


async def test_a_car_denied_in_the_first_message_is_not_taken(container: Container) -> None:
    customer = Customer(container)
    await customer.says("машина не калина а гранта, нужен стартер")
    assert (await customer.state()).draft.car == "LADA Granta"


async def test_a_side_put_right_for_one_part_leaves_the_others(container: Container) -> None:
    customer = Customer(container)
    await customer.says("колодки передние и диски передние на октавию а7")
    assert "Исправил: колодки тормозные задние" in await customer.says("колодки не передние а задние, диски передние оставить")
    assert (await customer.state()).draft.parts == ["колодки тормозные задние", "диски тормозные передние"]


@pytest.mark.parametrize(
    ("first", "fix", "parts"),
    [
        ("нужна фара правая на октавию а7 2015", "ой перепутал, левая", ["фара левая"]),
        ("нужен датчик абс передний левый на киа сид", "не передний, а задний правый", ["датчик ABS задний правый"]),
        ("колодки передние на калину 2010", "вместо колодок лучше диски передние", ["диски тормозные передние"]),
        (
            "нужен датчик абс задний правый на калину 2011",
            "и левый тоже",
            ["датчик ABS задний правый", "датчик ABS задний левый"],
        ),
        ("шаровую правую на калину 2012", "и левую тоже", ["шаровая опора правая", "шаровая опора левая"]),
    ],
)
async def test_a_part_put_right_in_a_later_message(container: Container, first: str, fix: str, parts: list[str]) -> None:
    customer = Customer(container)
    await customer.says(first)
    await customer.says(fix)
    assert (await customer.state()).draft.parts == parts


async def test_sides_said_after_each_car_stay_with_their_car(container: Container) -> None:
    customer = Customer(container)
    await customer.says("колодки на гранту передние и на весту задние")
    assert (await customer.state()).draft.parts == ["колодки тормозные передние", "колодки тормозные задние (для LADA Vesta)"]


async def test_the_same_part_for_a_second_car_is_a_line_of_its_own(container: Container) -> None:
    customer = Customer(container)
    await customer.says("колодки на гранту 2016")
    await customer.says("на весту 2019 колодки")
    assert (await customer.state()).draft.parts == ["колодки тормозные", "колодки тормозные (для LADA Vesta)"]


async def test_a_car_compared_is_no_second_car(container: Container) -> None:
    customer = Customer(container)
    await customer.says("колодки на гранту 2017")
    await customer.says("они от калины подойдут? колодки одинаковые?")
    assert (await customer.state()).draft.other_cars == []


@pytest.mark.parametrize("fix", ["не передние а задние", "ой, задние"])
async def test_a_side_corrected_on_a_line_without_one_or_with_the_other_is_the_new_side(container: Container, fix: str) -> None:
    customer = Customer(container)
    await customer.says("нужны диски тормозные на весту 2018")
    await customer.says(fix)
    assert (await customer.state()).draft.parts == ["диски тормозные задние"]


async def test_a_correction_announced_as_such_keeps_no_announcing_word(container: Container) -> None:
    customer = Customer(container)
    await customer.says("зеркало на солярис 2016")
    answer = await customer.says("Ой, поправка: зеркало левое")
    assert "поправка" not in " ".join((await customer.state()).draft.parts) and "поправка" not in answer


async def test_all_said_while_the_vin_is_asked_hands_the_request_off(container: Container) -> None:
    customer = Customer(container)
    await customer.says("радиатор на логан 2012")
    assert "Заявка принята" in await customer.says("вин потом скину, пока всё")


@pytest.mark.parametrize("text", ["сейчас схожу в гараж, сфоткаю СТС и скину всё", "масло и фильтры все"])
async def test_all_said_of_something_else_completes_nothing(container: Container, text: str) -> None:
    customer = Customer(container)
    await customer.says("радиатор на логан 2012")
    assert "Заявка принята" not in await customer.says(text)


async def test_mumbling_after_the_hint_with_nothing_known_ends_politely(container: Container) -> None:
    customer = Customer(container)
    for _ in range(3):
        await customer.says("хз")
    answer = await customer.says("хз")  # was the question again: question, question, hint, question, … for ever
    assert "ничего не нужно" in answer and "какие запчасти" not in answer.lower()


@pytest.mark.parametrize(
    "text",
    ["заказ номер 4512 готов к выдаче?", "оплатил заказ 3 дня назад, ничего не пришло", "заказ сделал на сайте, когда позвонят?"],
)
async def test_an_order_asked_after_in_other_words_goes_to_a_manager(container: Container, text: str) -> None:
    customer = Customer(container)
    answer = await customer.says(text)
    assert "по заказу менеджеру" in answer and "какие запчасти" not in answer  # was asked for parts
    assert (await customer.state()).stage is Stage.HANDED_OFF


async def test_a_manager_asked_for_first_thing_by_a_fleet_buyer_is_handed_over(container: Container) -> None:
    customer = Customer(container)
    answer = await customer.says("менеджер нужен, корпоративный клиент, 10 машин")
    assert "какие запчасти" not in answer  # was asked for parts a fleet buyer has none to list yet

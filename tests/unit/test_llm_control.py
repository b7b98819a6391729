"""Code keeps the model under control: proposals are validated, phrasings post-checked, a failing
provider is left alone for a while, phone numbers never leave."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import FixedClock
from bot.dialogue.llm import Proposal, ProposedPart, mask_phones, merge, needs_model
from bot.dialogue.llm_guard import check_reply
from bot.dialogue.state import CampaignState, DialogueState, LeadDraft, Stage
from bot.dialogue.understand import Intent, understand
from bot.llm.breaker import CircuitBreaker
from retention.outcomes import Outcome, classify

TODAY = date(2026, 11, 23)
VIN = "JTNBE46K303123456"


def test_the_model_is_asked_only_about_what_the_rules_left_unread() -> None:
    state = DialogueState(stage=Stage.COLLECTING)
    assert needs_model(state, understand("у меня с утра не крутит, только щёлкает"), TODAY)
    assert not needs_model(state, understand(f"нужен стартер, вин {VIN}"), TODAY)
    assert not needs_model(state, understand("нет, всё"), TODAY)
    campaign = DialogueState(stage=Stage.RETENTION_OPENED, campaign=CampaignState())
    assert not needs_model(campaign, understand("через две недели"), TODAY)
    assert needs_model(campaign, understand("хм, ну такое", context="winback"), TODAY)  # the intent model is unsure


def test_a_vin_is_taken_only_when_valid_and_typed_by_the_customer() -> None:
    u = understand("номер с документа: ЖТ... нет, вот так: jtnbe 46к3 0312 3456?")
    state = DialogueState(stage=Stage.COLLECTING)
    proposal = Proposal(vins=(VIN, "WVWZZZ1JZXW000001", "JTNBE46K30312345"))
    merged = merge(u, proposal, state, TODAY)
    assert merged.understanding.vins == [VIN] or VIN in merged.understanding.vins
    assert "vin:WVWZZZ1JZXW000001" in merged.rejected and "vin:JTNBE46K30312345" in merged.rejected


def test_parts_go_through_our_vocabulary_and_must_be_the_customers_words() -> None:
    u = understand("у меня с утра не крутит, только щёлкает")
    proposal = Proposal(parts=(ProposedPart("стартер", "не крутит"), ProposedPart("двигатель", "новый мотор")))
    merged = merge(u, proposal, DialogueState(), TODAY)
    assert [(p.name, p.words) for p in merged.understanding.parts] == [("стартер", "не крутит")]
    assert merged.rejected == ["part:двигатель"]


def test_only_informational_intents_are_taken_from_the_model() -> None:
    u = understand("ну что там по моему вопросу")
    merged = merge(u, Proposal(intents=frozenset({"done", "yes", "price_question", "made_up"})), DialogueState(), TODAY)
    assert merged.understanding.intents == u.intents | {Intent.PRICE_QUESTION}


def test_a_campaign_date_comes_from_our_calendar_never_from_the_model() -> None:
    state = DialogueState(stage=Stage.RETENTION_OPENED, campaign=CampaignState())
    u = understand("эх, тут всё сложно с машиной")  # the rules settle no outcome
    invented = merge(u, Proposal(outcome="later", date_phrase="15 января"), state, TODAY).understanding
    assert invented.text == "позже"  # the phrase is not the customer's: the default "later" applies
    assert merge(u, Proposal(outcome="nothing"), state, TODAY).understanding.text == "ничего не нужно"
    assert merge(u, Proposal(opt_out=True), state, TODAY).understanding.text == u.text  # no refusal in their words
    fed_up = understand("ваши сообщения уже надоели")
    said = merge(fed_up, Proposal(opt_out=True), state, TODAY).understanding.text
    assert classify(said, today=TODAY, asks_for_parts=False).outcome is Outcome.OPTED_OUT
    lead = merge(u, Proposal(opt_out=True), DialogueState(stage=Stage.COLLECTING), TODAY).understanding
    assert lead.text == u.text  # outside a campaign reply the model's opt-out is not taken


def test_a_phrasing_that_invents_a_price_or_discount_is_rejected() -> None:
    template = "Цены и наличие менеджер пришлёт вместе с предложением."
    draft = LeadDraft(parts=["стартер"])
    assert check_reply("Менеджер пришлёт цены и наличие в предложении.", template, draft).ok
    assert check_reply("Стартер стоит 7500 рублей.", template, draft).reason == "number:7500"
    assert check_reply("Менеджер пришлёт цены, а я дам скидку!", template, draft).reason == "promise:скидк"
    offer = "Дарим скидку 5% до 24.11 11:00."
    assert check_reply("Для вас скидка 5% — действует до 24.11 11:00.", offer, draft).ok
    assert not check_reply("Для вас скидка 15% до 24.11 11:00.", offer, draft).ok
    for promise in (
        "Привезём завтра к обеду.",
        "Со склада отправим сегодня же.",
        "Выйдет тысяч семь, не больше.",
        "Найдём подешевле, уступим немного.",
        "Отложу вам в резерв.",
    ):
        assert check_reply(promise, template, draft).reason.startswith("promise:"), promise


def test_a_phrasing_that_drops_the_question_code_asked_is_rejected() -> None:
    draft = LeadDraft(parts=["стартер"])
    template = "Стартер записал. Пришлите VIN или номер кузова?"
    assert check_reply("Записал стартер. Подскажете VIN или номер кузова?", template, draft).ok
    assert check_reply("Записал стартер, спасибо.", template, draft).reason == "lost_question"


def test_a_phrasing_that_asks_again_for_what_is_known_or_drops_it_is_rejected() -> None:
    draft = LeadDraft(vin=VIN, parts=["стартер"])
    template = f"VIN {VIN} записал. Что-нибудь ещё нужно?"
    assert check_reply(f"Записал VIN {VIN}. Нужно что-то ещё?", template, draft).ok
    assert check_reply("Записал. Пришлите VIN ещё раз?", "Что-нибудь ещё нужно?", draft).reason == "asks_known:vin"
    assert check_reply("Записал. Нужно что-то ещё?", template, draft).reason == "lost_identifier"
    hand_off = "Заявка принята: стартер. Менеджер пришлёт предложение."
    assert check_reply("Заявка принята!", hand_off, draft, keys=frozenset({"hand_off"})).reason == "lost_hand_off"


def test_the_breaker_opens_after_failures_and_half_opens_after_the_pause() -> None:
    clock = FixedClock(datetime(2026, 11, 23, 11, tzinfo=ZoneInfo("Europe/Moscow")))
    breaker = CircuitBreaker(clock, failures=2, open_for=timedelta(seconds=60))
    breaker.failed()
    assert breaker.allow()
    breaker.failed()
    assert not breaker.allow()
    clock.advance(timedelta(seconds=61))
    assert breaker.allow()
    breaker.failed()  # the trial call failed: open again at once
    assert not breaker.allow()
    clock.advance(timedelta(seconds=61))
    breaker.succeeded()
    breaker.failed()
    assert breaker.allow()


def test_phone_numbers_are_masked() -> None:
    text = "звоните +7 (916) 123-45-67 или 89161234567, вин JTNBE46K303123456"
    assert mask_phones(text) == "звоните [телефон] или [телефон], вин JTNBE46K303123456"
    assert mask_phones("нужен 0446533450 и 04465-33450") == "нужен 0446533450 и 04465-33450"  # part numbers stay


def test_a_small_models_nulls_and_bare_strings_are_read_as_meant() -> None:
    from bot.llm.schema import MessageReading

    reading = MessageReading.model_validate(
        {
            "intents": "question",
            "vins": None,
            "frames": None,
            "parts": {"name": "стартер", "words": "стартер"},
            "opt_out": None,
            "outcome": None,
        }
    )
    proposal = reading.proposal()
    assert proposal.intents == {"question"} and proposal.vins == () and not proposal.opt_out
    assert [p.name for p in proposal.parts] == ["стартер"]

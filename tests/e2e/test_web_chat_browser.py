"""A customer types into the chat page in a real headless Chromium against `main.py run`; a signed-in
manager then sees the deal on /crm and closes it. The real process: the entry-point smoke test of `run`."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import open_browser
from tests.support.server import run_service
from tests.support.staff import PASSWORD, add_staff

pytestmark = pytest.mark.heavy  # seconds each: scheduled first (tests/conftest.py)

VIN = "JTNBE46K303123456"


def sign_in(page: Page, base: str, name: str) -> None:
    page.goto(base + "/crm")  # not signed in: the sign-in page, then back to the board
    page.get_by_label("Имя").fill(name)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page.get_by_test_id("staff-name")).to_have_text(name)


def type_message(page: Page, text: str) -> None:
    page.get_by_test_id("input").fill(text)
    page.get_by_test_id("input").press("Enter")


@pytest.mark.browser
def test_a_conversation_in_the_browser_lands_on_the_crm_board(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'shop.db'}"  # a new shop
    add_staff(database, "anna")
    with run_service(database, OUTBOX_POLL_SECONDS="0.2") as base, open_browser() as browser:
        page = browser.new_page()
        page.goto(base + "/")
        type_message(page, "Добрый день! Нужны передние колодки и масляный фильтр")
        bot = page.get_by_test_id("bot-message")
        expect(bot.last).to_contain_text("VIN", timeout=10_000)
        type_message(page, f"VIN {VIN}")
        expect(bot.last).to_contain_text("Что-нибудь ещё", timeout=10_000)
        type_message(page, "нет, это всё")
        expect(bot.last).to_contain_text("Заявка принята", timeout=10_000)

        page.reload()  # the conversation survives a reload
        expect(page.get_by_test_id("my-message")).to_have_count(3, timeout=10_000)

        board = browser.new_page()
        sign_in(board, base, "anna")
        for _ in range(30):
            board.goto(base + "/crm")
            if board.get_by_test_id("deal").count():
                break
            board.wait_for_timeout(200)
        deal = board.get_by_test_id("deal").first
        expect(deal.get_by_test_id("vin")).to_have_text(VIN)
        expect(deal.get_by_test_id("parts")).to_contain_text("колодки тормозные передние")
        expect(deal.get_by_test_id("parts")).to_contain_text("фильтр масляный")
        board.screenshot(path=str(tmp_path / "crm.png"), full_page=True)


@pytest.mark.browser
def test_a_board_form_without_its_csrf_token_is_refused_and_with_it_closes_the_deal(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'shop.db'}"
    add_staff(database, "anna")
    with run_service(database, OUTBOX_POLL_SECONDS="0.2") as base, open_browser() as browser:
        chat = browser.new_page()
        chat.goto(base + "/")
        type_message(chat, f"Нужен стартер, VIN {VIN}")
        expect(chat.get_by_test_id("bot-message").last).to_contain_text("Что-нибудь ещё", timeout=10_000)
        type_message(chat, "нет")
        expect(chat.get_by_test_id("bot-message").last).to_contain_text("Заявка принята", timeout=10_000)

        board = browser.new_page()
        sign_in(board, base, "anna")
        for _ in range(30):
            if board.get_by_test_id("deal").count():
                break
            board.wait_for_timeout(200)
            board.reload()
        deal = board.get_by_test_id("deal").first
        deal.locator("form.close input[name=csrf]").evaluate("input => input.remove()")  # a forged form
        deal.get_by_test_id("amount").fill("4200")
        deal.get_by_test_id("won").click()
        expect(board.locator("body")).to_contain_text("Форма устарела")

        board.goto(base + "/crm")
        deal = board.get_by_test_id("deal").first
        expect(deal.get_by_test_id("status")).to_have_text("Новая заявка")
        deal.get_by_test_id("amount").fill("4200")
        deal.get_by_test_id("won").click()
        expect(board.get_by_test_id("deal").first.get_by_test_id("status")).to_have_text("Выиграна")

        board.get_by_test_id("logout").click()
        expect(board.get_by_role("button", name="Войти")).to_be_visible()

"""Staff sign-in over real HTTP: the CRM board and the dashboard are closed to strangers, managers
see deals, the owner also the dashboard, and no form changes anything without its CSRF token."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from bot.bootstrap import build
from bot.web.app import create_app
from tests.conftest import make_settings
from tests.support.cli import invoke
from tests.support.server import serve_app
from tests.support.staff import PASSWORD, add_staff, csrf_of, sign_in

STATUS = re.compile(r'data-testid="status">([^<]+)<')


@contextmanager
def service(url: str, **settings: object) -> Iterator[httpx.Client]:
    with (
        serve_app(create_app(build(make_settings(url, **settings)))) as base,
        httpx.Client(base_url=base, timeout=10, follow_redirects=True) as client,
    ):
        yield client


@contextmanager
def shop_with_a_deal(url: str) -> Iterator[httpx.Client]:
    """A manager "anna", an owner "oleg", and one deal on the board made by a customer in the web chat."""
    add_staff(url, "anna")
    add_staff(url, "oleg", role="owner")
    with service(url) as client:
        session = uuid.uuid4().hex
        for text in ("нужен стартер, вин XTA21099051234567", "нет, это всё"):
            client.post("/api/chat/messages", json={"session": session, "id": uuid.uuid4().hex, "text": text}).raise_for_status()
        yield client


def deal_status(client: httpx.Client) -> str:
    """What the board shows for deal 1, as seen by a fresh signed-in manager."""
    with httpx.Client(base_url=client.base_url, timeout=10) as other:
        sign_in(other, "anna")
        for _ in range(50):
            shown = STATUS.search(other.get("/crm").text)
            if shown is not None:
                return {"Новая заявка": "new", "Выиграна": "won"}.get(shown.group(1), shown.group(1))
            time.sleep(0.1)
    raise AssertionError("the deal never reached the board")


def test_a_stranger_is_sent_to_sign_in_from_the_board_and_the_dashboard(sqlite_url: str) -> None:
    with service(sqlite_url) as client:
        for page in ("/crm", "/dashboard", "/dashboard/chart.png"):
            answer = client.get(page, follow_redirects=False)
            assert answer.status_code == 303 and answer.headers["location"].startswith("/login?next=")
        assert "Вход для сотрудников" in client.get("/crm").text  # where the redirect leads


def test_a_stranger_cannot_close_a_deal_or_sign_anyone_out(sqlite_url: str) -> None:
    with shop_with_a_deal(sqlite_url) as client:
        assert client.post("/crm/deals/1/close", data={"outcome": "won", "amount": "99999"}).status_code == 401
        assert client.post("/logout").status_code == 401
        assert deal_status(client) == "new"


def test_a_fresh_install_tells_how_to_make_the_first_account(sqlite_url: str) -> None:
    with service(sqlite_url) as client:
        assert "python main.py users add ИМЯ --role owner" in client.get("/login").text


def test_a_manager_signs_in_and_works_the_board_but_not_the_dashboard(sqlite_url: str) -> None:
    with shop_with_a_deal(sqlite_url) as client:
        answer = sign_in(client, "anna")
        assert answer.status_code == 200 and str(answer.url).endswith("/crm")  # a manager lands on the board
        board = client.get("/crm").text
        assert 'data-testid="staff-name">anna<' in board
        assert client.get("/dashboard", follow_redirects=False).status_code == 403
        for _ in range(50):
            if 'action="/crm/deals/1/close"' in (board := client.get("/crm").text):
                break
            time.sleep(0.1)
        closed = client.post("/crm/deals/1/close", data={"outcome": "won", "amount": "2500", "csrf": csrf_of(board)})
        assert closed.status_code == 200 and "Выиграна" in closed.text


def test_the_owner_lands_on_the_dashboard_and_sees_the_board_too(sqlite_url: str) -> None:
    add_staff(sqlite_url, "oleg", role="owner")
    with service(sqlite_url) as client:
        answer = sign_in(client, "oleg")
        assert str(answer.url).endswith("/dashboard") and "Возврат клиентов" in answer.text
        assert client.get("/crm").status_code == 200


def test_a_form_without_its_csrf_token_changes_nothing(sqlite_url: str) -> None:
    with shop_with_a_deal(sqlite_url) as client:
        sign_in(client, "anna")
        refused = client.post("/crm/deals/1/close", data={"outcome": "won", "amount": "2500"})
        forged = client.post("/crm/deals/1/close", data={"outcome": "won", "amount": "2500", "csrf": "guessed"})
        assert (refused.status_code, forged.status_code) == (403, 403)
        assert deal_status(client) == "new"


def test_a_form_posted_from_another_site_is_refused_even_with_the_token(sqlite_url: str) -> None:
    with shop_with_a_deal(sqlite_url) as client:
        sign_in(client, "anna")
        csrf = csrf_of(client.get("/crm").text)
        evil = {"Origin": "https://evil.example"}
        answer = client.post("/crm/deals/1/close", data={"outcome": "won", "csrf": csrf}, headers=evil)
        assert answer.status_code == 403
        assert deal_status(client) == "new"


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(sqlite_url: str) -> None:
    add_staff(sqlite_url, "anna")
    with service(sqlite_url) as client:
        wrong_password = sign_in(client, "anna", "not-the-password")
        unknown_name = sign_in(client, "boris", PASSWORD)
        assert wrong_password.status_code == unknown_name.status_code == 401
        assert "Неверное имя или пароль" in wrong_password.text and "Неверное имя или пароль" in unknown_name.text
        assert client.get("/crm", follow_redirects=False).status_code == 303


def test_repeated_failures_pause_signing_in_even_with_the_right_password(sqlite_url: str) -> None:
    add_staff(sqlite_url, "anna")
    with service(sqlite_url, staff_login_attempts=3) as client:
        for _ in range(3):
            assert sign_in(client, "anna", "guess-guess").status_code == 401
        paused = sign_in(client, "anna")
        assert paused.status_code == 429 and "Подождите 15 минут" in paused.text
        assert client.get("/crm", follow_redirects=False).status_code == 303


def test_the_sign_in_form_needs_its_own_token(sqlite_url: str) -> None:
    add_staff(sqlite_url, "anna")
    with service(sqlite_url) as client:
        forged = client.post("/login", data={"name": "anna", "password": PASSWORD, "csrf": "x", "next": ""})
        assert forged.status_code == 403 and client.get("/crm", follow_redirects=False).status_code == 303


def test_the_session_cookie_is_http_only_and_same_site(sqlite_url: str) -> None:
    add_staff(sqlite_url, "anna")
    with service(sqlite_url) as client:
        form = client.get("/login")
        answer = client.post(
            "/login",
            data={"name": "anna", "password": PASSWORD, "csrf": csrf_of(form.text), "next": ""},
            follow_redirects=False,
        )
        cookie = next(
            value for name, value in answer.headers.multi_items() if name == "set-cookie" and "partsbot_staff=" in value
        )
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie  # plain http on loopback


def test_after_signing_in_the_page_asked_for_opens_but_never_another_site(sqlite_url: str) -> None:
    add_staff(sqlite_url, "oleg", role="owner")
    with service(sqlite_url) as client:
        asked = client.get("/crm")  # -> /login?next=/crm
        answer = client.post("/login", data={"name": "oleg", "password": PASSWORD, "csrf": csrf_of(asked.text), "next": "/crm"})
        assert str(answer.url).endswith("/crm")
        client.cookies.clear()
        form = client.get("/login")
        data = {"name": "oleg", "password": PASSWORD, "csrf": csrf_of(form.text), "next": "//evil.example/x"}
        away = client.post("/login", data=data, follow_redirects=False)
        assert away.headers["location"] == "/dashboard"


def test_signing_out_ends_the_session_for_good(sqlite_url: str) -> None:
    add_staff(sqlite_url, "anna")
    with service(sqlite_url) as client:
        sign_in(client, "anna")
        token = client.cookies["partsbot_staff"]
        client.post("/logout", data={"csrf": csrf_of(client.get("/crm").text)})
        assert client.get("/crm", follow_redirects=False).status_code == 303
        client.cookies.set("partsbot_staff", token)  # the old cookie, replayed
        assert client.get("/crm", follow_redirects=False).status_code == 303


def test_a_disabled_account_is_signed_out_at_once(sqlite_url: str) -> None:
    add_staff(sqlite_url, "anna")
    with service(sqlite_url) as client:
        sign_in(client, "anna")
        assert client.get("/crm", follow_redirects=False).status_code == 200
        invoke("users", "disable", "anna", "--db", sqlite_url)
        assert client.get("/crm", follow_redirects=False).status_code == 303
        assert sign_in(client, "anna").status_code == 401


def test_the_owners_dashboard_link_still_opens_the_dashboard_but_not_the_board(sqlite_url: str) -> None:
    with service(sqlite_url, dashboard_token="owner-link-secret") as client:
        assert client.get("/dashboard", params={"token": "owner-link-secret"}).status_code == 200
        assert client.get("/dashboard/chart.png", follow_redirects=False).status_code in (200, 404)  # the cookie is enough
        assert client.get("/crm", follow_redirects=False).status_code == 303

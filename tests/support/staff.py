"""Staff accounts and signing in, as a shop does it: the account is made with `users add`, the
browser (here an httpx client) signs in through /login and posts forms with their CSRF token.

    add_staff(url, "anna", role="manager")          # before the service starts on `url`
    sign_in(client, "anna")                         # the client now carries the session cookie
    client.post("/crm/deals/1/close", data={"outcome": "won", "csrf": csrf_of(client.get("/crm").text)})
"""

from __future__ import annotations

import re

import httpx

from tests.support.cli import invoke

PASSWORD = "kolodki-na-priory"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def add_staff(url: str, name: str, *, role: str = "manager", password: str = PASSWORD) -> None:
    invoke("users", "add", name, "--role", role, "--password-stdin", "--db", url, input=password + "\n")


def csrf_of(page: str) -> str:
    found = CSRF.search(page)
    assert found is not None, "the page has a form with a CSRF token"
    return found.group(1)


def sign_in(client: httpx.Client, name: str, password: str = PASSWORD) -> httpx.Response:
    """The sign-in form, filled and sent; returns the answer (303 onwards when it worked)."""
    form = client.get("/login")
    data = {"name": name, "password": password, "csrf": csrf_of(form.text), "next": ""}
    return client.post("/login", data=data, follow_redirects=True)

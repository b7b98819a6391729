"""Staff sign-in for the CRM board and the dashboard: the login page, the session cookie, the role a
page needs, and the CSRF token every staff form carries.

A browser that is not signed in is sent to /login (GET) or refused with 401 (anything else). A form
is accepted only with its session's CSRF token and, when the browser says where it comes from, from
this site. Failed sign-ins are limited per client address and per name. The owner's old dashboard
link (`/dashboard?token=DASHBOARD_TOKEN`) still opens the dashboard, read-only."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Depends, Form, HTTPException, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from bot.app import staff
from bot.app.limits import SlidingWindow
from bot.app.staff import Role, Staff
from bot.runtime import Container

COOKIE = "partsbot_staff"
LOGIN_COOKIE = "partsbot_login"  # the sign-in form's own CSRF token (double submit)
DASHBOARD_COOKIE = "dashboard_token"
ATTEMPTS_WINDOW = timedelta(minutes=15)
OWNER_LINK = Staff(0, "владелец (ссылка)", "owner")


@dataclass(frozen=True)
class Viewer:
    staff: Staff
    csrf: str | None  # None: the owner's read-only link, which posts no forms


Guard = Callable[[Request], Awaitable[Viewer]]


class StaffAuth:
    def __init__(self, container: Container, templates: Jinja2Templates) -> None:
        self._container, self._templates = container, templates
        settings, clock = container.settings, container.clock
        self._lifetime = timedelta(days=settings.staff.session_days)
        self._by_address = SlidingWindow(settings.staff.login_attempts, ATTEMPTS_WINDOW, clock)
        self._by_name = SlidingWindow(settings.staff.login_attempts, ATTEMPTS_WINDOW, clock)
        self._owner_token = settings.dashboard_token

    async def viewer(self, request: Request) -> Viewer | None:
        signed = await staff.signed_in(self._container.sessions, request.cookies.get(COOKIE, ""), now=self._container.clock.now())
        return Viewer(signed.staff, signed.csrf) if signed else None

    def page(self, role: Role) -> Guard:
        """A page for `role`: the signed-in viewer, or off to the sign-in page."""

        async def guard(request: Request) -> Viewer:
            viewer = await self.viewer(request)
            if viewer is None and role == "owner" and self.owner_link(request):
                return Viewer(OWNER_LINK, None)
            if viewer is None:
                raise _sign_in_needed(request)
            if not viewer.staff.may(role):
                raise HTTPException(403, "Эта страница — только для владельца")
            return viewer

        return guard

    def form(self, role: Role) -> Guard:
        """A state-changing request from a staff form: signed in, allowed, same site, CSRF token."""

        async def guard(request: Request) -> Viewer:
            viewer = await self.viewer(request)
            if viewer is None or viewer.csrf is None:
                raise HTTPException(401, "Войдите: /login")
            if not viewer.staff.may(role):
                raise HTTPException(403, "Это может только владелец")
            if not _same_site(request):
                raise HTTPException(403, "Запрос пришёл с чужого сайта")
            given = (await request.form()).get("csrf")
            if not isinstance(given, str) or not hmac.compare_digest(given.encode(), viewer.csrf.encode()):
                raise HTTPException(403, "Форма устарела: обновите страницу и повторите")
            return viewer

        return guard

    def owner_link(self, request: Request) -> bool:
        if self._owner_token is None:
            return False
        given = request.query_params.get("token") or request.cookies.get(DASHBOARD_COOKIE) or ""
        return hmac.compare_digest(given.encode(), self._owner_token.get_secret_value().encode())

    def build_router(self) -> APIRouter:
        router = APIRouter(tags=["staff"])
        sessions, clock = self._container.sessions, self._container.clock
        staff_form = Depends(self.form("manager"))

        def page(
            request: Request, *, error: str | None = None, status: int = 200, name: str = "", no_users: bool = False
        ) -> HTMLResponse:
            token = secrets.token_urlsafe(24)
            context = {
                "shop": self._container.settings.shop_name,
                "csrf": token,
                "next": _safe_next(request.query_params.get("next")),
                "error": error,
                "name": name,
                "no_users": no_users,
            }
            response = self._templates.TemplateResponse(request, "login.html", context, status_code=status)
            response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=_https(request), path="/login")
            return response

        @router.get("/login", response_class=HTMLResponse)
        async def login_page(request: Request) -> Response:
            """The sign-in form (or straight on, for a browser already signed in)."""
            viewer = await self.viewer(request)
            if viewer is not None:
                return RedirectResponse(_safe_next(request.query_params.get("next")) or _home(viewer.staff), 303)
            return page(request, no_users=not await staff.has_users(sessions))

        @router.post("/login", response_class=HTMLResponse)
        async def login(
            request: Request,
            name: str = Form(""),
            password: str = Form(""),
            csrf: str = Form(""),
            next: str = Form(""),
        ) -> Response:
            """Check the name and password; a session cookie and on to the page asked for."""
            expected = request.cookies.get(LOGIN_COOKIE, "")
            if not expected or not hmac.compare_digest(csrf.encode(), expected.encode()) or not _same_site(request):
                return page(request, error="Страница входа устарела: попробуйте ещё раз.", status=403, name=name)
            address = request.client.host if request.client else "unknown"
            who = name.strip().lower()
            if self._by_address.full(address) or self._by_name.full(who):
                return page(request, error="Слишком много неудачных попыток. Подождите 15 минут.", status=429, name=name)
            found = await staff.authenticate(sessions, name, password)
            if found is None:
                self._by_address.allow(address)
                self._by_name.allow(who)
                return page(request, error="Неверное имя или пароль.", status=401, name=name)
            signed = await staff.sign_in(sessions, found, now=clock.now(), lifetime=self._lifetime)
            response = RedirectResponse(_safe_next(next) or _home(found), 303)
            response.set_cookie(
                COOKIE,
                signed.token,
                max_age=int(self._lifetime.total_seconds()),
                httponly=True,
                samesite="lax",  # a manager opening the board from a link in Telegram stays signed in
                secure=_https(request),
                path="/",
            )
            response.delete_cookie(LOGIN_COOKIE, path="/login")
            return response

        @router.post("/logout")
        async def logout(request: Request, viewer: Viewer = staff_form) -> RedirectResponse:
            """Sign this browser out."""
            await staff.sign_out(sessions, request.cookies.get(COOKIE, ""))
            response = RedirectResponse("/login", 303)
            response.delete_cookie(COOKIE, path="/")
            return response

        return router


def _home(who: Staff) -> str:
    return "/dashboard" if who.role == "owner" else "/crm"


def _sign_in_needed(request: Request) -> HTTPException:
    if request.method in ("GET", "HEAD"):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return HTTPException(303, "Войдите", headers={"Location": f"/login?next={quote(target, safe='')}"})
    return HTTPException(401, "Войдите: /login")


def _safe_next(value: str | None) -> str:
    """Only a path on this site: never `//evil.example` or `https://…` (no open redirect)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return ""
    return value


def _https(request: Request) -> bool:
    return request.url.scheme == "https"


def _same_site(request: Request) -> bool:
    """A browser's form post names where it comes from; it must be this site. (No header: not a browser.)"""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin:
        return True
    return origin != "null" and urlsplit(origin).netloc == request.headers.get("host", request.url.netloc)

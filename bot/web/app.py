"""The FastAPI app: web chat page, local CRM board, dashboard, photos for managers, health, and every
route a plugin added (the web chat API, webhooks)."""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import Depends, FastAPI, Form, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlmodel import select

from bot.app.sending import send_through_outbox
from bot.app.service import answer_pending
from bot.app.warm_up import warm_up
from bot.ports import CrmRejected
from bot.runtime import Container
from bot.store.models import RetentionContact
from bot.web import board_take, dashboard
from bot.web.auth import StaffAuth, Viewer
from bot.web.guards import BodyLimit, SecurityHeaders
from crm_adapters.local import board, close_local_deal

log = logging.getLogger(__name__)
TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"  # scripts as files: the CSP allows no inline script
# Photos are served as what they are, never as a page: an upload named x.html stays a download.
IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".heic": "image/heic",
    ".heif": "image/heif",
    ".gif": "image/gif",
    ".bmp": "image/bmp",
}


BODY_OVERHEAD = 64_000  # multipart framing around the largest photo
CAMPAIGN_TOKEN = re.compile(r"[A-Za-z0-9_-]{8,62}")  # retention/due.py web_token(); the chat's session is c-<token>


async def _invalid_request(request: Request, exc: Exception) -> JSONResponse:
    """422 naming what was wrong, never echoing what was sent: the input may be a customer's words,
    or not text at all (a lone surrogate that no JSON encoder could write back)."""
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": list(error.get("loc", ())), "msg": str(error.get("msg", "")), "type": error.get("type")} for error in exc.errors()
    ]
    return JSONResponse({"detail": errors}, status_code=422)


def create_app(container: Container, *, background: bool = True) -> FastAPI:
    """`background=False` leaves the outbox worker off (tests drive it by hand)."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if background:  # a service about to take customers (tests drive an app without background: no need)
            warm_up()
        resumed = await answer_pending(container.core)
        if resumed:  # sent by the outbox worker, which starts below
            await send_through_outbox(container.sessions, resumed, container.clock.now())
            log.info("answered %d messages left unanswered by the last run", len(resumed))
        if not background:
            try:
                yield
            finally:
                await container.close()
            return
        async with container.running():
            yield

    app = FastAPI(title="partsbot", lifespan=lifespan)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_middleware(BodyLimit, max_bytes=container.settings.telegram.max_photo_bytes + BODY_OVERHEAD)
    app.add_middleware(SecurityHeaders, embed_origins=container.settings.web_chat.embed_origin_list())
    app.state.container = container
    templates = Jinja2Templates(directory=str(TEMPLATES))
    settings = container.settings
    auth = StaffAuth(container, templates)
    manager_page = Depends(auth.page("manager"))
    manager_form = Depends(auth.form("manager"))

    @app.get("/", response_class=HTMLResponse)
    async def chat_page(request: Request) -> HTMLResponse:
        """The customer's chat with the persona."""
        context = {"shop": settings.shop_name, "persona": settings.persona_name}
        return templates.TemplateResponse(request, "chat.html", context)

    @app.get("/c/{token}", response_class=HTMLResponse)
    async def campaign_chat(request: Request, token: str) -> HTMLResponse:
        """A customer's personal link from a campaign: opens that customer's conversation."""
        contact = None
        if CAMPAIGN_TOKEN.fullmatch(token):  # no other link was ever made (and PostgreSQL refuses a NUL in a query)
            async with container.sessions() as session:
                contact = (await session.exec(select(RetentionContact).where(RetentionContact.web_token == token))).first()
        if contact is None:
            raise HTTPException(404, "Ссылка устарела или неверна")
        context = {"shop": settings.shop_name, "persona": settings.persona_name, "session": f"c-{token}"}
        return templates.TemplateResponse(request, "chat.html", context)

    @app.get("/crm", response_class=HTMLResponse)
    async def crm_board(request: Request, viewer: Viewer = manager_page) -> HTMLResponse:
        """The built-in CRM board: prepared deals for managers (signed in)."""
        deals = await board(container.sessions)
        context = {"shop": settings.shop_name, "deals": deals, "tz": settings.timezone, "viewer": viewer}
        return templates.TemplateResponse(request, "crm.html", context)

    @app.post("/crm/deals/{deal_id}/close")
    async def close_deal(
        deal_id: int,
        outcome: str = Form(...),
        amount: str = Form("0"),
        viewer: Viewer = manager_form,
    ) -> RedirectResponse:
        """A manager marks a board deal won (with its amount: that is a purchase) or lost."""
        if outcome not in ("won", "lost"):
            raise HTTPException(422, "outcome must be won or lost")
        try:
            total = float(amount.replace(" ", "").replace(",", ".") or 0)
        except ValueError:
            raise HTTPException(422, "Сумма должна быть числом") from None
        try:
            await close_local_deal(container.sessions, deal_id, won=outcome == "won", amount=total, now=container.clock.now())
        except CrmRejected:
            raise HTTPException(404, "Нет такой сделки") from None
        return RedirectResponse("/crm", status_code=303)

    @app.get("/media/{signature}/{path:path}")
    async def media(signature: str, path: str) -> FileResponse:
        """A customer's photo, for the manager who opens the link on the deal (signed, unguessable)."""
        file = container.media_links.file(signature, path)
        if file is None:
            raise HTTPException(404, "Нет такого файла")
        headers = {
            "Cache-Control": "private, max-age=86400",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self'",
        }
        return FileResponse(file, media_type=IMAGE_TYPES.get(file.suffix.lower(), "application/octet-stream"), headers=headers)

    @app.get("/healthz")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(auth.build_router())
    app.include_router(dashboard.build_router(container, templates, auth))
    app.include_router(board_take.build_router(container, auth))
    for router in container.routers:
        app.include_router(router)
    return app

"""The owner's dashboard: the retention funnel and its economics as a page with charts."""

from __future__ import annotations

import hmac
from datetime import datetime

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from bot.runtime import Container
from retention.funnel import FunnelStats, chart_png, compute, funnel_bars


def build_router(container: Container, templates: Jinja2Templates) -> APIRouter:
    router = APIRouter(tags=["dashboard"])
    token = container.settings.dashboard_token

    def check(request: Request) -> None:
        if token is None:
            return
        given = request.query_params.get("token") or request.cookies.get("dashboard_token") or ""
        if not hmac.compare_digest(given.encode(), token.get_secret_value().encode()):
            raise HTTPException(401, "Нужен токен владельца: откройте /dashboard?token=…")

    async def stats(since: str | None) -> FunnelStats:
        moment = datetime.fromisoformat(since).replace(tzinfo=container.clock.now().tzinfo) if since else None
        return await compute(container.sessions, now=container.clock.now(), since=moment)

    @router.get("/dashboard", response_class=HTMLResponse)
    async def dashboard(request: Request, since: str | None = None) -> Response:
        """Funnel, outcome shares, offers, orders, money and deal stages."""
        check(request)
        result = await stats(since)
        bars = funnel_bars(result)
        top = max((value for _, value in bars), default=0) or 1
        context = {
            "shop": container.settings.shop_name,
            "s": result,
            "bars": [(label, value, round(100 * value / top)) for label, value in bars],
            "since": since or "",
        }
        response = templates.TemplateResponse(request, "dashboard.html", context)
        if token is not None and request.query_params.get("token"):
            response.set_cookie("dashboard_token", request.query_params["token"], httponly=True, samesite="strict")
        return response

    @router.get("/dashboard/chart.png")
    async def chart(request: Request, since: str | None = None) -> Response:
        """The funnel as a PNG (the same picture the owner gets in Telegram)."""
        check(request)
        image = chart_png(await stats(since))
        if image is None:
            raise HTTPException(404, "Пока никому не писали")
        return Response(image, media_type="image/png")

    return router

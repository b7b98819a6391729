"""The owner's dashboard: the retention funnel and its economics as a page with charts."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from bot.runtime import Container
from bot.web.auth import DASHBOARD_COOKIE, StaffAuth, Viewer
from retention.funnel import FunnelStats, chart_png, compute, funnel_bars


def build_router(container: Container, templates: Jinja2Templates, auth: StaffAuth) -> APIRouter:
    """The owner's pages: for a signed-in owner, or through the owner's DASHBOARD_TOKEN link."""
    router = APIRouter(tags=["dashboard"])
    owner = Depends(auth.page("owner"))

    async def stats(since: str | None) -> FunnelStats:
        moment = datetime.fromisoformat(since).replace(tzinfo=container.clock.now().tzinfo) if since else None
        return await compute(container.sessions, now=container.clock.now(), since=moment)

    @router.get("/dashboard", response_class=HTMLResponse)
    async def dashboard(request: Request, since: str | None = None, viewer: Viewer = owner) -> Response:
        """Funnel, outcome shares, offers, orders, money and deal stages."""
        result = await stats(since)
        bars = funnel_bars(result)
        top = max((value for _, value in bars), default=0) or 1
        context = {
            "shop": container.settings.shop_name,
            "s": result,
            "bars": [(label, value, round(100 * value / top)) for label, value in bars],
            "since": since or "",
            "viewer": viewer,
        }
        response = templates.TemplateResponse(request, "dashboard.html", context)
        if request.query_params.get("token") and auth.owner_link(request):
            response.set_cookie(DASHBOARD_COOKIE, request.query_params["token"], httponly=True, samesite="strict")
        return response

    @router.get("/dashboard/chart.png")
    async def chart(request: Request, since: str | None = None, viewer: Viewer = owner) -> Response:
        """The funnel as a PNG (the same picture the owner gets in Telegram)."""
        image = chart_png(await stats(since))
        if image is None:
            raise HTTPException(404, "Пока никому не писали")
        return Response(image, media_type="image/png")

    return router

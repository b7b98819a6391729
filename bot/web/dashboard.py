"""The owner's dashboard: does win-back pay? Control vs touched, the uplift with its interval, what the
campaign earned, economics beside the reference shop, weekly charts, segments and the funnel — the
same numbers as `stats --json` and /stats (retention/report.py computes them all)."""

from __future__ import annotations

import json
from datetime import date

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates

from bot.app.manager_report import ManagersReport, build_managers_report
from bot.runtime import Container
from bot.web.auth import DASHBOARD_COOKIE, StaffAuth, Viewer
from retention.funnel import funnel_bars
from retention.report import FORMATS, Filters, Report, Texts, build_report, report_png


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError as exc:
        raise HTTPException(422, "Дата — в виде ГГГГ-ММ-ДД") from exc


def build_router(container: Container, templates: Jinja2Templates, auth: StaffAuth) -> APIRouter:
    """The owner's pages: for a signed-in owner, or through the owner's DASHBOARD_TOKEN link."""
    router = APIRouter(tags=["dashboard"])
    owner = Depends(auth.page("owner"))
    texts = Texts(container.settings.prompts_dir)

    async def report(since: str | None, until: str | None, channel: str | None, segment: str | None) -> Report:
        filters = Filters(since=_day(since), until=_day(until), channel=channel or None, segment=segment or None)
        return await build_report(container.sessions, container.settings, now=container.clock.now(), filters=filters)

    async def managers(result: Report) -> ManagersReport:
        """Who answers how fast, for the same period and channel as the retention numbers."""
        filters = result.view.filters
        since, until = filters.period(container.settings.timezone)
        return await build_managers_report(
            container.sessions, container.settings, since=since, until=until, channel=filters.channel
        )

    @router.get("/dashboard", response_class=HTMLResponse)
    async def dashboard(
        request: Request,
        since: str | None = None,
        until: str | None = None,
        channel: str | None = None,
        segment: str | None = None,
        viewer: Viewer = owner,
    ) -> Response:
        """Control vs touched, uplift, profit, economics, weekly charts, segments, funnel."""
        result = await report(since, until, channel, segment)
        bars = funnel_bars(result.funnel)
        top = max((value for _, value in bars), default=0) or 1
        view = result.view.to_dict()
        context = {
            "shop": container.settings.shop_name,
            "s": result.funnel,
            "v": view,
            "bars": [(label, value, round(100 * value / top)) for label, value in bars],
            "since": since or "",
            "until": until or "",
            "channel": channel or "",
            "segment": segment or "",
            "segment_names": [name for name, _ in _segment_days(result)],
            "weekly_json": json.dumps(view["weekly"], ensure_ascii=False),
            "uplift_text": texts.render("text", "uplift", c=view["control"], t=view["touched"], u=view["uplift"]),
            "viewer": viewer,
            **FORMATS,
        }
        context["managers"] = (await managers(result)).to_dict()  # _managers.html
        response = templates.TemplateResponse(request, "dashboard.html", context)
        if request.query_params.get("token") and auth.owner_link(request):
            response.set_cookie(DASHBOARD_COOKIE, request.query_params["token"], httponly=True, samesite="strict")
        return response

    @router.get("/dashboard/stats.json")
    async def stats_json(
        since: str | None = None,
        until: str | None = None,
        channel: str | None = None,
        segment: str | None = None,
        viewer: Viewer = owner,
    ) -> JSONResponse:
        """What `python main.py stats --json` prints, for the same filters."""
        result = await report(since, until, channel, segment)
        return JSONResponse({**result.to_dict(), **(await managers(result)).to_dict()})

    @router.get("/dashboard/chart.png")
    async def chart(
        since: str | None = None,
        until: str | None = None,
        channel: str | None = None,
        segment: str | None = None,
        viewer: Viewer = owner,
    ) -> Response:
        """The funnel and the uplift as a PNG (the same picture the owner gets in Telegram)."""
        image = report_png(await report(since, until, channel, segment), texts)
        if image is None:
            raise HTTPException(404, "Пока никому не писали")
        return Response(image, media_type="image/png")

    return router


def _segment_days(report: Report) -> list[tuple[str, int]]:
    return [(s["segment"], s["days"]) for s in report.view.segments]

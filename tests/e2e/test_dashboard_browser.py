"""The owner opens /dashboard in a real headless Chromium against `main.py run`, on the example shop after
a simulated month (tests/support/simulated_month.py): control against touched, the uplift with its
interval, the campaign's profit and the weekly charts render, the filters work, and every figure is
the one `stats --json` and the owner's /stats give."""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from bot.clock import FixedClock
from bot.config import Settings
from retention.report import FORMATS, Texts, build_report, report_text
from tests.support.browser import open_browser
from tests.support.cli import invoke
from tests.support.server import run_service
from tests.support.simulated_month import shared_simulated_shop

pytestmark = pytest.mark.heavy  # seconds each: scheduled first (tests/conftest.py)

TOKEN = "owner-link-0123456789abcdef"


FIRST_WEEK = ("2026-11-23", "2026-11-29")
# the retention part of stats --json (the managers' part follows the service's clock and outbox)
OWNERS_VIEW = ("contacted", "orders", "revenue", "filters", "control", "touched", "uplift", "economics", "weekly", "segments")
NARROWED = ("--since", FIRST_WEEK[0], "--until", FIRST_WEEK[1], "--segment", "остальные")


@pytest.fixture
def shop(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, FixedClock]:
    source, clock = shared_simulated_shop(tmp_path_factory)
    path = tmp_path_factory.mktemp("month") / "shop.db"
    shutil.copyfile(source, path)  # the service writes to its database: a copy of our own
    return f"sqlite:///{path}", clock


@pytest.fixture
def told(shop: tuple[str, FixedClock]) -> dict[str, Any]:
    """What `stats --json` prints (all of it, and narrowed to the first week's «остальные») and what the
    owner's /stats sends — taken before the browser starts (its sync API holds an event loop)."""
    database, clock = shop
    settings = Settings(_env_file=None, database_url=database)  # type: ignore[call-arg]
    owner_text = report_text(asyncio.run(_report(settings, clock)), Texts(settings.prompts_dir))
    return {"whole": stats_json(database), "narrowed": stats_json(database, *NARROWED), "owner_text": owner_text}


@pytest.fixture
def dashboard(shop: tuple[str, FixedClock], told: dict[str, Any]) -> Iterator[tuple[Page, str]]:
    database, _ = shop
    with run_service(database, DASHBOARD_TOKEN=TOKEN, RETENTION_ENABLED="false") as base, open_browser() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        problems: list[str] = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" and "404" not in m.text else None)
        page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
        page.on(
            "response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 and "favicon" not in r.url else None
        )
        page.goto(f"{base}/dashboard?token={TOKEN}")
        yield page, base
        assert problems == [], problems  # no script error, nothing blocked by the CSP, nothing fetched elsewhere


def stats_json(database: str, *options: str) -> dict[str, Any]:
    return dict(json.loads(invoke("stats", "--json", "--db", database, *options)))


def figures(page: Page) -> dict[str, str]:
    names = ("control-customers", "touched-customers", "control-orders", "touched-orders", "control-revenue", "touched-revenue")
    return {name: page.get_by_test_id(name).inner_text() for name in names}


def expected_figures(data: dict[str, Any]) -> dict[str, str]:
    rub = FORMATS["rub"]
    c, t = data["control"], data["touched"]
    return {
        "control-customers": str(c["customers"]),
        "touched-customers": str(t["customers"]),
        "control-orders": str(c["orders"]),
        "touched-orders": str(t["orders"]),
        "control-revenue": rub(c["revenue"]),
        "touched-revenue": rub(t["revenue"]),
    }


@pytest.mark.browser
def test_after_a_simulated_month_the_dashboard_shows_what_stats_json_and_stats_say_with_charts_and_filters(
    told: dict[str, Any], dashboard: tuple[Page, str]
) -> None:
    """One browser for three looks (a service and a browser cost seconds to start)."""
    page, base = dashboard
    control_against_touched_uplift_and_profit_are_as_stats_json_and_stats_say(page, told)
    the_weekly_charts_are_drawn_from_the_weekly_series(page, base, told)
    the_date_range_and_the_segment_filter_narrow_every_figure(page, base, told)


def control_against_touched_uplift_and_profit_are_as_stats_json_and_stats_say(page: Page, told: dict[str, Any]) -> None:
    data, owner_text = told["whole"], told["owner_text"]
    pp, signed_rub = FORMATS["pp"], FORMATS["signed_rub"]

    assert figures(page) == expected_figures(data)
    assert data["control"]["customers"] > 0 and data["touched"]["customers"] > data["control"]["customers"]
    low, high = data["uplift"]["interval"]["conversion_pp"]
    expect(page.get_by_test_id("uplift-pp")).to_have_text(f"{pp(data['uplift']['conversion_pp'])} п.п.")
    expect(page.get_by_test_id("uplift-interval")).to_have_text(f"от {pp(low)} до {pp(high)}")
    expect(page.get_by_test_id("verdict")).to_have_text(data["uplift"]["verdict_text"])
    expect(page.get_by_test_id("campaign-profit")).to_have_text(f"{signed_rub(data['uplift']['campaign_profit'])} ₽")
    expect(page.get_by_test_id("stage")).to_contain_text(["Новая заявка", "Выиграна"])
    expect(page.get_by_test_id("segment-row")).to_have_count(len(data["segments"]))

    assert (
        f"Контрольная группа (не писали): {data['control']['customers']} клиентов, заказов {data['control']['orders']}"
        in owner_text
    )
    assert f"Прирост конверсии: {pp(data['uplift']['conversion_pp'])} п.п. (95%: от {pp(low)} до {pp(high)})" in owner_text
    assert f"кампания заработала {signed_rub(data['uplift']['campaign_profit'])} ₽" in owner_text


def the_weekly_charts_are_drawn_from_the_weekly_series(page: Page, base: str, told: dict[str, Any]) -> None:
    page.goto(f"{base}/dashboard")
    weekly = told["whole"]["weekly"]

    page.wait_for_function("document.body.dataset.charts === 'ready'", timeout=10_000)
    drawn = page.evaluate(
        """() => ['chart-activity', 'chart-revenue', 'chart-uplift'].map(id => {
            const chart = Chart.getChart(document.getElementById(id));
            return {labels: chart.data.labels.length, first: chart.data.datasets[0].data, height: chart.height};
        })"""
    )
    assert len(weekly) >= 4 and all(chart["labels"] == len(weekly) and chart["height"] > 100 for chart in drawn)
    assert drawn[0]["first"] == [w["touches"] for w in weekly]
    assert drawn[1]["first"] == [w["revenue"] for w in weekly]
    assert drawn[2]["first"] == [w["uplift_pp"] for w in weekly]
    assert page.request.get(f"{base}/static/vendor/chart.umd.min.js").ok  # served by the app itself


def the_date_range_and_the_segment_filter_narrow_every_figure(page: Page, base: str, told: dict[str, Any]) -> None:
    page.goto(f"{base}/dashboard")

    page.get_by_test_id("since").fill(FIRST_WEEK[0])
    page.get_by_test_id("until").fill(FIRST_WEEK[1])
    page.get_by_test_id("segment").select_option("остальные")
    page.get_by_test_id("apply").click()

    expect(page.get_by_test_id("segment")).to_have_value("остальные")
    narrowed, whole = told["narrowed"], told["whole"]
    assert figures(page) == expected_figures(narrowed)
    assert narrowed["touched"]["customers"] < whole["touched"]["customers"] and len(narrowed["weekly"]) == 1
    page.wait_for_function("document.body.dataset.charts === 'ready'", timeout=10_000)
    assert page.evaluate("Chart.getChart(document.getElementById('chart-activity')).data.labels.length") == 1
    served = page.request.get(
        f"{base}/dashboard/stats.json", params={"since": FIRST_WEEK[0], "until": FIRST_WEEK[1], "segment": "остальные"}
    ).json()
    assert {key: served[key] for key in OWNERS_VIEW} == {key: narrowed[key] for key in OWNERS_VIEW}


async def _report(settings: Settings, clock: FixedClock) -> Any:
    from bot.store.engine import create_engine, session_factory

    engine = create_engine(settings.database_url)
    try:
        return await build_report(session_factory(engine), settings, now=clock.now())
    finally:
        await engine.dispose()

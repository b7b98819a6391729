"""The gate in front of httpx's pool (bot/channels/gate.py `Gated`, used by the WhatsApp and Wazzup clients): at
most N requests in flight, the rest wait in order, a slot is held until the response is closed and
given back whatever happened."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from bot.channels.gate import Gated


class Graph:
    """A handler for httpx.MockTransport that counts the requests in flight."""

    def __init__(self) -> None:
        self.now = self.most = 0
        self.fail = False

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.now += 1
        self.most = max(self.most, self.now)
        try:
            await asyncio.sleep(0.001)
            if self.fail:
                raise httpx.ConnectError("refused", request=request)
            return httpx.Response(200, json={"messages": [{"id": request.url.path}]})
        finally:
            self.now -= 1


def client(graph: Graph, slots: int, wait: float = 5.0) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=Gated(httpx.MockTransport(graph), slots, wait), base_url="https://graph.facebook.com")


async def test_a_flood_of_requests_goes_through_a_few_at_a_time_and_every_one_is_answered() -> None:
    graph = Graph()
    async with client(graph, slots=5) as http:
        responses = await asyncio.gather(*(http.post(f"/v20.0/{n}/messages") for n in range(300)))
    assert [r.json()["messages"][0]["id"] for r in responses] == [f"/v20.0/{n}/messages" for n in range(300)]
    assert graph.most == 5


async def test_a_streamed_response_holds_its_slot_until_it_is_closed() -> None:
    async with client(Graph(), slots=1, wait=0.05) as http:
        async with http.stream("GET", "/media/1") as streamed:
            with pytest.raises(httpx.PoolTimeout):
                await http.get("/media/2")  # the only slot is the open stream's
            assert await streamed.aread()
        assert (await http.get("/media/2")).status_code == 200


async def test_a_failed_request_gives_its_slot_back() -> None:
    graph = Graph()
    async with client(graph, slots=1, wait=0.05) as http:
        graph.fail = True
        for _ in range(3):
            with pytest.raises(httpx.ConnectError):
                await http.post("/v20.0/1/messages")
        graph.fail = False
        assert (await http.post("/v20.0/1/messages")).status_code == 200


async def test_a_request_cancelled_while_waiting_takes_no_slot() -> None:
    graph = Graph()
    async with client(graph, slots=1) as http:
        async with http.stream("GET", "/media/1"):
            waiting = asyncio.create_task(http.get("/media/2"))
            await asyncio.sleep(0.01)
            waiting.cancel()
            with pytest.raises(asyncio.CancelledError):
                await waiting
        assert (await http.get("/media/3")).status_code == 200

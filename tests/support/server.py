"""Serve an ASGI app or the real `main.py run` on loopback for tests that speak real HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import uvicorn
from fastapi import FastAPI
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

if TYPE_CHECKING:
    from bot.runtime import Container

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(base_url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{base_url} did not come up in {timeout} s")


class Loopback:
    """One uvicorn on 127.0.0.1 for the whole run, serving whichever app is mounted now.

    A session fixture starts it once; each test mounts a fresh fake (`mount(FakeX().app)`), so no
    state leaks between tests, and a request still in flight from the last test (a long poll that
    outlived its bot) finishes against the old fake it started on. Mounted apps get no lifespan
    events: fakes need none.

        with Loopback.running() as server:
            url = server.mount(fake.app)
    """

    def __init__(self) -> None:
        self.url = ""
        self._app: ASGIApp | None = None

    def mount(self, app: ASGIApp) -> str:
        self._app = app
        return self.url

    def unmount(self) -> None:
        self._app = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        app = self._app
        if app is None and scope["type"] == "http" and scope["path"] == "/healthz":
            app = PlainTextResponse("ok")
        await (app or PlainTextResponse("nothing mounted", status_code=503))(scope, receive, send)

    @classmethod
    @contextmanager
    def running(cls) -> Iterator[Loopback]:
        server = cls()
        with serve_app(server) as url:  # type: ignore[arg-type]
            server.url = url
            yield server


@contextmanager
def serve_app(app: FastAPI) -> Iterator[str]:
    """uvicorn in a thread on 127.0.0.1, stopped on exit."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base_url)
        yield base_url
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def run_service(database_url: str, *, output: Path | None = None, **env: str) -> Iterator[str]:
    """The real `python main.py run` in a subprocess, as `make run` starts it (in the test's own folder).
    Its stdout and stderr (the log) go to `output` when given, complete once the block has ended."""
    with service_process(database_url, output=output, **env) as (_, base_url):
        yield base_url


@contextmanager
def service_process(
    database_url: str, *, output: Path | None = None, **env: str
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """`run_service` with the process at hand: to kill it, or to see it died. `output` is appended to."""
    port = free_port()
    environment = {**os.environ, "DATABASE_URL": database_url, "PORT": str(port), "HOST": "127.0.0.1", **env}
    with output.open("a+", encoding="utf-8") if output else tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "run"], env=environment, stdout=log, stderr=subprocess.STDOUT
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            try:
                wait_until_up(base_url, timeout=60)
            except RuntimeError:
                log.seek(0)
                raise RuntimeError("service did not start:\n" + log.read()) from None
            yield process, base_url
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def wait_for(check: Callable[[], object], what: str, timeout: float = 30.0) -> None:
    """Poll (from a test's thread) until `check()` is truthy; fail naming `what` otherwise."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"not within {timeout} s: {what}"
        time.sleep(0.05)


def asgi_client(app: Container, *, base_url: str = "http://shop", client: tuple[str, int] | None = None) -> httpx.AsyncClient:
    """An httpx client that calls the service's FastAPI app in process (no
    background worker: tests drive the outbox by hand). Use as `async with asgi_client(container) as http:`."""
    from bot.web.app import create_app

    kwargs: dict[str, Any] = {"client": client} if client is not None else {}
    transport = httpx.ASGITransport(app=create_app(app, background=False), **kwargs)
    return httpx.AsyncClient(transport=transport, base_url=base_url)

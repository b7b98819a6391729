"""A throwaway PostgreSQL cluster for tests.

Starts a private cluster on 127.0.0.1 (random free port, trust auth, durability
off) from Debian's /usr/lib/postgresql/<version>/bin, or, when
PARTSBOT_TEST_POSTGRES_URL is set, reuses that server's admin URL instead.

    with ThrowawayPostgres() as pg:
        url = pg.create_database("partsbot_test")   # postgresql+asyncpg://...
        copy = pg.create_database("t_1", template="partsbot_test")  # a cheap copy of a prepared one
"""

from __future__ import annotations

import asyncio
import contextlib
import glob
import os
import pwd
import re
import shutil
import socket
import stat
import subprocess
import tempfile
import threading
from collections.abc import Coroutine
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import asyncpg
from sqlalchemy.engine import URL, make_url

ENV_URL = "PARTSBOT_TEST_POSTGRES_URL"
PG_USER = "postgres"  # both the OS user (when we are root) and the superuser role
_T = TypeVar("_T")


def find_pg_bindir() -> Path:
    """Highest-version /usr/lib/postgresql/*/bin holding initdb and pg_ctl."""

    def version(path: str) -> tuple[int, ...]:
        return tuple(int(p) for p in re.findall(r"\d+", Path(path).parent.name))

    found = [
        d
        for d in glob.glob("/usr/lib/postgresql/*/bin")
        if os.access(f"{d}/initdb", os.X_OK) and os.access(f"{d}/pg_ctl", os.X_OK)
    ]
    if not found:
        raise RuntimeError(
            "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin; "
            "install them with `make test-system-packages` (apt-get install postgresql) "
            f"or point {ENV_URL} at an existing server"
        )
    return Path(max(found, key=version))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run_in_fresh_loop(coro: Coroutine[Any, Any, _T]) -> _T:
    """Run a coroutine to completion on a new loop in a new thread.

    Works from sync fixtures whether or not the calling thread has a running loop.
    """
    result: list[_T] = []
    error: list[BaseException] = []

    def target() -> None:
        try:
            result.append(asyncio.run(coro))
        except BaseException as exc:  # re-raised in the caller's thread
            error.append(exc)

    thread = threading.Thread(target=target, name="throwaway-postgres")
    thread.start()
    thread.join()
    if error:
        raise error[0]
    return result[0]


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class ThrowawayPostgres:
    def __init__(self) -> None:
        self._admin_url: URL | None = None
        self._tmpdir: Path | None = None
        self._bindir: Path | None = None
        self._created: list[str] = []  # dropped on stop() when reusing an external server
        self.port: int | None = None

    # -- lifecycle -----------------------------------------------------------

    def __enter__(self) -> ThrowawayPostgres:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    @property
    def external(self) -> bool:
        return self._tmpdir is None and self._admin_url is not None

    def start(self) -> ThrowawayPostgres:
        if self._admin_url is not None:
            return self
        external = os.environ.get(ENV_URL)
        if external:
            self._admin_url = make_url(external)
            self.port = self._admin_url.port
            return self
        self._bindir = find_pg_bindir()
        self._tmpdir = Path(tempfile.mkdtemp(prefix="partsbot-pg-", dir=self._tmp_base()))
        try:
            self._init_and_start()
        except BaseException:
            self._teardown_cluster()
            raise
        self._admin_url = make_url(f"postgresql://{PG_USER}@127.0.0.1:{self.port}/postgres")
        return self

    def stop(self) -> None:
        if self.external:
            for name in reversed(self._created):
                self.drop_database(name)
        self._created.clear()
        self._teardown_cluster()
        self._admin_url = None

    # -- databases -----------------------------------------------------------

    def url(self, dbname: str) -> str:
        """SQLAlchemy async URL of `dbname` on this server."""
        admin = self._require_started()
        return admin.set(drivername="postgresql+asyncpg", database=dbname).render_as_string(hide_password=False)

    def create_database(self, name: str, *, template: str | None = None) -> str:
        """Create database `name` (error if it exists), as a copy of `template` when given, and
        return its url(). Nobody may be connected to the template while it is copied."""
        copy = f" TEMPLATE {_quote_ident(template)}" if template else ""
        self._admin_execute(f"CREATE DATABASE {_quote_ident(name)}{copy}")
        self._created.append(name)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self._admin_execute(f"DROP DATABASE IF EXISTS {_quote_ident(name)} WITH (FORCE)")
        if name in self._created:
            self._created.remove(name)

    def _admin_execute(self, sql: str) -> None:
        dsn = self._require_started().set(drivername="postgresql").render_as_string(hide_password=False)

        async def run() -> None:
            conn = await asyncpg.connect(dsn, timeout=10)
            try:
                await conn.execute(sql)
            finally:
                await conn.close()

        _run_in_fresh_loop(run())

    def _require_started(self) -> URL:
        if self._admin_url is None:
            raise RuntimeError("ThrowawayPostgres is not started")
        return self._admin_url

    # -- the private cluster -------------------------------------------------

    def _init_and_start(self) -> None:
        assert self._tmpdir is not None
        tmp = self._tmpdir
        data, sockets, log = tmp / "data", tmp / "sockets", tmp / "server.log"
        sockets.mkdir()
        if os.geteuid() == 0:  # initdb refuses root: hand the directory to the postgres user
            _ensure_os_user(PG_USER)
            uid, gid = pwd.getpwnam(PG_USER).pw_uid, pwd.getpwnam(PG_USER).pw_gid
            for path in (tmp, sockets):
                os.chown(path, uid, gid)

        self._pg(
            "initdb", "-D", str(data), "-U", PG_USER, "--auth=trust",
            "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions",
        )  # fmt: skip
        self.port = free_port()
        settings = {
            "listen_addresses": "127.0.0.1",
            "port": str(self.port),
            "unix_socket_directories": str(sockets),
            "fsync": "off",
            "full_page_writes": "off",
            "synchronous_commit": "off",
        }
        # Appending keeps the file's owner (postgres) even when we write as root.
        with open(data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write("\n# partsbot throwaway cluster\n")
            conf.writelines(f"{key} = '{value}'\n" for key, value in settings.items())

        try:
            self._pg("pg_ctl", "-D", str(data), "-l", str(log), "-w", "-t", "30", "start")
        except RuntimeError as exc:
            raise RuntimeError(f"{exc}\n--- server log tail ({log}) ---\n{_tail(log)}") from None

    def _teardown_cluster(self) -> None:
        tmp = self._tmpdir
        if tmp is None:
            return
        if (tmp / "data" / "postmaster.pid").exists():
            with contextlib.suppress(RuntimeError):  # best effort: the directory goes away regardless
                self._pg("pg_ctl", "-D", str(tmp / "data"), "-m", "immediate", "-w", "-t", "30", "stop")
        shutil.rmtree(tmp, ignore_errors=True)
        self._tmpdir = None

    def _pg(self, tool: str, *args: str) -> None:
        assert self._bindir is not None and self._tmpdir is not None
        cmd = [str(self._bindir / tool), *args]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", PG_USER, "--", *cmd]
        env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
        # cwd inside our directory: the postgres user may not be able to enter the caller's cwd.
        proc = subprocess.run(
            cmd, cwd=self._tmpdir, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120
        )
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed with exit code {proc.returncode}:\n{proc.stdout}{proc.stderr}")

    @staticmethod
    def _tmp_base() -> str | None:
        """Temp base dir; as root it must be traversable by the postgres user."""
        base = Path(tempfile.gettempdir()).resolve()
        if os.geteuid() != 0:
            return None
        for path in (base, *base.parents):
            if not os.stat(path).st_mode & stat.S_IXOTH:
                return "/tmp"
        return str(base)


def _ensure_os_user(name: str) -> None:
    try:
        pwd.getpwnam(name)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--user-group",
                "--no-create-home",
                "--home-dir",
                "/var/lib/postgresql",
                "--shell",
                "/usr/sbin/nologin",
                name,
            ],
            check=True,
            capture_output=True,
        )


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError as exc:
        return f"(no server log: {exc})"

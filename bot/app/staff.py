"""The shop's staff who may open the CRM board and the dashboard: accounts with a role, passwords
hashed with argon2id, and signed-in browsers (sessions). Managers see deals; the owner also sees the
dashboard. Sessions are stored by the SHA-256 of their token, so a leaked database opens nothing."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Literal, get_args

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import col, delete, select

from bot.messages import clean_text
from bot.store.engine import SessionFactory
from bot.store.models import StaffSession, StaffUser

Role = Literal["manager", "owner"]
ROLES: tuple[Role, ...] = get_args(Role)
MIN_PASSWORD = 8
NAME = re.compile(r"^[\w.@-]{2,64}$")

_hasher = PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
    Made at the first sign-in, not at import: argon2 takes a good part of a second on purpose, and
    every process (each CLI command, each service start) imported it."""
    return _hasher.hash(secrets.token_urlsafe(16))


class StaffError(ValueError):
    """A request the staff store refuses, with a message for the person at the keyboard."""


@dataclass(frozen=True)
class Staff:
    id: int
    name: str
    role: Role

    def may(self, role: Role) -> bool:
        """The owner may do everything a manager may."""
        return self.role == "owner" or role == self.role


@dataclass(frozen=True)
class SignedIn:
    staff: Staff
    token: str  # for the cookie; never stored
    csrf: str
    expires_at: datetime


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _staff(user: StaffUser) -> Staff:
    assert user.id is not None
    role: Role = "owner" if user.role == "owner" else "manager"
    return Staff(user.id, user.name, role)


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise StaffError(f"Пароль слишком короткий: нужно не меньше {MIN_PASSWORD} символов")


async def add_user(sessions: SessionFactory, name: str, role: str, password: str, *, now: datetime) -> Staff:
    if role not in ROLES:
        raise StaffError(f"Роль должна быть одной из: {', '.join(ROLES)}")
    if not NAME.match(name):
        raise StaffError("Имя: 2–64 буквы, цифры, точки, дефисы или @")
    check_password(password)
    async with sessions() as session:
        if (await session.exec(select(StaffUser).where(StaffUser.name == name))).first() is not None:
            raise StaffError(f"Пользователь {name} уже есть")
        user = StaffUser(name=name, role=role, password_hash=_hasher.hash(password), created_at=now)
        session.add(user)
        await session.commit()
        await session.refresh(user)
        return _staff(user)


async def users(sessions: SessionFactory) -> list[StaffUser]:
    async with sessions() as session:
        return list((await session.exec(select(StaffUser).order_by(col(StaffUser.name)))).all())


async def has_users(sessions: SessionFactory) -> bool:
    async with sessions() as session:
        return (await session.exec(select(StaffUser.id).where(col(StaffUser.disabled_at).is_(None)).limit(1))).first() is not None


async def set_password(sessions: SessionFactory, name: str, password: str) -> None:
    """A new password; every browser signed in with the old one is signed out."""
    check_password(password)
    async with sessions() as session:
        user = (await session.exec(select(StaffUser).where(StaffUser.name == name))).first()
        if user is None:
            raise StaffError(f"Нет пользователя {name}")
        user.password_hash = _hasher.hash(password)
        session.add(user)
        await session.exec(delete(StaffSession).where(col(StaffSession.user_id) == user.id))
        await session.commit()


async def disable_user(sessions: SessionFactory, name: str, *, now: datetime) -> None:
    """The person left: they cannot sign in and their browsers are signed out; history keeps the name."""
    async with sessions() as session:
        user = (await session.exec(select(StaffUser).where(StaffUser.name == name))).first()
        if user is None:
            raise StaffError(f"Нет пользователя {name}")
        user.disabled_at = user.disabled_at or now
        session.add(user)
        await session.exec(delete(StaffSession).where(col(StaffSession.user_id) == user.id))
        await session.commit()


async def authenticate(sessions: SessionFactory, name: str, password: str) -> Staff | None:
    """The staff member with this name and password, or None (the same time either way)."""
    name = name.strip()
    dummy = _dummy_hash()  # before the lookup: the first sign-in costs the same for a known name and an unknown one
    async with sessions() as session:
        # a name that is not text (a NUL, which PostgreSQL refuses in a query) is nobody's
        user = (await session.exec(select(StaffUser).where(StaffUser.name == name))).first() if clean_text(name) == name else None
        try:
            _hasher.verify(user.password_hash if user else dummy, password)
        except (VerificationError, InvalidHashError):
            return None
        if user is None or user.disabled_at is not None:
            return None
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
            session.add(user)
            await session.commit()
        return _staff(user)


async def sign_in(sessions: SessionFactory, staff: Staff, *, now: datetime, lifetime: timedelta) -> SignedIn:
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    async with sessions() as session:
        await session.exec(delete(StaffSession).where(col(StaffSession.expires_at) <= now))
        session.add(StaffSession(id=_digest(token), user_id=staff.id, csrf=csrf, created_at=now, expires_at=now + lifetime))
        await session.commit()
    return SignedIn(staff, token, csrf, now + lifetime)


async def signed_in(sessions: SessionFactory, token: str, *, now: datetime) -> SignedIn | None:
    """Who this browser's token belongs to, while the session lasts and the account is active."""
    if not token:
        return None
    async with sessions() as session:
        row = (
            await session.exec(
                select(StaffSession, StaffUser)
                .join(StaffUser, col(StaffUser.id) == col(StaffSession.user_id))
                .where(StaffSession.id == _digest(token))
            )
        ).first()
    if row is None:
        return None
    stored, user = row
    if stored.expires_at <= now or user.disabled_at is not None:
        return None
    return SignedIn(_staff(user), token, stored.csrf, stored.expires_at)


async def sign_out(sessions: SessionFactory, token: str) -> None:
    async with sessions() as session:
        await session.exec(delete(StaffSession).where(col(StaffSession.id) == _digest(token)))
        await session.commit()

"""Links to customers' photos that a manager can open from the deal, and nobody can guess.

A link is `{PUBLIC_BASE_URL}/media/{signature}/{path inside the media folder}`; the signature is an
HMAC of the path with a secret kept in the media folder (made on first use, readable only by us),
so a link works only for a file we linked, and a leaked link opens that one photo, nothing else.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

from bot.messages import Photo

SECRET_FILE = ".link-secret"


class MediaLinks:
    def __init__(self, media_dir: Path, base_url: str) -> None:
        self.root = Path(media_dir).resolve()
        self.base_url = base_url.rstrip("/")
        self._secret: bytes | None = None

    def link(self, path: str) -> str:
        """The link for a stored photo; the path as it was when it is outside the media folder."""
        file = Path(path).resolve()
        if not file.is_relative_to(self.root):
            return path
        relative = file.relative_to(self.root).as_posix()
        return f"{self.base_url}/media/{self._sign(relative)}/{relative}"

    def file(self, signature: str, relative: str) -> Path | None:
        """The file a link points at, when its signature is ours and the file exists."""
        if not (signature.isascii() and relative.isascii()) or not hmac.compare_digest(signature, self._sign(relative)):
            return None
        file = (self.root / relative).resolve()
        return file if file.is_relative_to(self.root) and file.is_file() and file.name != SECRET_FILE else None

    def _sign(self, relative: str) -> str:
        return hmac.new(self._key(), relative.encode(), hashlib.sha256).hexdigest()[:32]

    def _key(self) -> bytes:
        if self._secret is None:
            secret_file = self.root / SECRET_FILE
            if not secret_file.exists():
                self.root.mkdir(parents=True, exist_ok=True)
                draft = self.root / f"{SECRET_FILE}.{secrets.token_hex(4)}"
                descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(descriptor, "w") as handle:
                    handle.write(secrets.token_hex(32))
                try:  # whole or not at all: a process reading it never sees a half-written key
                    os.link(draft, secret_file)
                except FileExistsError:  # another process made it a moment ago: theirs is the key
                    pass
                finally:
                    draft.unlink()
            key = secret_file.read_text().strip()
            if len(key) < 32:
                raise RuntimeError(f"{secret_file} is damaged: delete it (photo links made so far stop working)")
            self._secret = key.encode()
        return self._secret


_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


async def keep_photo(media_dir: Path, names: tuple[str, ...], data: bytes) -> Photo:
    """Save a customer's photo as media_dir/<names...>.jpg. The names come from platforms (chat and
    message ids), so each is cut down to letters, digits, '_' and '-': no path leaves the folder."""
    path = media_dir.joinpath(*(_UNSAFE.sub("_", name)[-80:] or "_" for name in names)).with_suffix(".jpg")
    await asyncio.to_thread(_write, path, data)
    return Photo(path=str(path.resolve()))


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)

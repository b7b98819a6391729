"""Customers' photos are kept under the media folder whatever ids a platform sends."""

from __future__ import annotations

from pathlib import Path

from bot.media_links import keep_photo


async def test_ids_with_dots_and_slashes_never_leave_the_media_folder(tmp_path: Path) -> None:
    photo = await keep_photo(tmp_path / "media", ("..", "../../etc", "wamid.HBgL/+=="), b"jpeg")
    saved = Path(photo.path)
    assert saved.is_relative_to((tmp_path / "media").resolve()) and saved.read_bytes() == b"jpeg"

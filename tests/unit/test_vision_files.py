"""Opening customers' photos: broken files, non-images, huge photos, phones' EXIF rotation."""

from __future__ import annotations

import gc
import io
import struct
import warnings
import zlib
from pathlib import Path

import pytest
from PIL import Image

from bot.vision import read_photo, reader
from bot.vision.images import MAX_PIXELS, NotAnImage, fit, open_upright


def test_text_file_is_not_an_image(tmp_path: Path) -> None:
    path = tmp_path / "vin.jpg"
    path.write_text("JTNBE46K303123456", encoding="utf-8")
    assert read_photo(str(path)).error == "not_an_image"


def test_truncated_jpeg_is_not_an_image(tmp_path: Path) -> None:
    whole = tmp_path / "whole.jpg"
    Image.new("RGB", (800, 600), (200, 200, 200)).save(whole, "JPEG")
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(whole.read_bytes()[:300])
    reading = read_photo(str(broken))
    assert reading.error == "not_an_image" and reading.vin is None


def test_missing_and_empty_files_are_not_images(tmp_path: Path) -> None:
    (tmp_path / "empty.png").write_bytes(b"")
    assert read_photo(str(tmp_path / "empty.png")).error == "not_an_image"
    assert read_photo(str(tmp_path / "absent.png")).error == "not_an_image"


def test_a_decompression_bomb_is_refused_before_decoding(tmp_path: Path) -> None:
    path = tmp_path / "bomb.png"
    side = int(MAX_PIXELS**0.5) + 100
    Image.new("1", (side, side)).save(path)  # a few kilobytes on disk, 80+ megapixels decoded
    with pytest.raises(NotAnImage):
        open_upright(str(path))


def test_huge_photo_is_scaled_down_keeping_its_shape() -> None:
    scaled = fit(Image.new("RGB", (4000, 3000)), 1600)
    assert scaled.size == (1600, 1200)


def test_small_photo_is_never_scaled_up() -> None:
    assert fit(Image.new("RGB", (640, 480)), 1600).size == (640, 480)


def test_exif_orientation_turns_the_photo_upright(tmp_path: Path) -> None:
    upright = Image.new("RGB", (400, 200), (255, 255, 255))
    upright.paste((255, 0, 0), (0, 0, 40, 40))  # red mark in the top-left corner as the customer saw it
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # the sensor's pixels: sideways
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view"
    path = tmp_path / "phone.jpg"
    stored.save(path, "JPEG", exif=exif, quality=95)

    opened = open_upright(str(path))
    assert opened.size == (400, 200)
    red, green, _ = opened.getpixel((10, 10))  # type: ignore[misc]
    assert red > 200 and green < 60


def test_a_hair_thin_image_is_padded_instead_of_exhausting_memory(tmp_path: Path) -> None:
    path = tmp_path / "thin.png"
    Image.new("RGB", (1, 4000), (255, 255, 255)).save(path)  # 100 bytes; the detector would upscale it 736x
    opened = open_upright(str(path))
    assert max(opened.size) / min(opened.size) <= 8
    reading = read_photo(str(path))
    assert reading.error is None and reading.vin is None


def test_a_blank_photo_is_answered_without_running_an_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "lens_cap.jpg"
    Image.new("RGB", (1200, 900), (12, 12, 14)).save(path)

    def no_engine(*args: object) -> list[object]:
        raise AssertionError("an engine ran on a blank photo")

    monkeypatch.setattr(reader, "rapid_lines", no_engine)
    reading = read_photo(str(path))
    assert reading.error is None and reading.vin is None and reading.confidence == 0


def test_an_iphone_heic_photo_opens_like_a_jpeg(tmp_path: Path) -> None:
    path = tmp_path / "IMG_0001.HEIC"
    Image.new("RGB", (640, 480), (30, 90, 200)).save(path, format="HEIF")
    image = open_upright(str(path))
    assert image.size == (640, 480) and image.mode == "RGB"


def test_a_photo_cut_off_mid_picture_leaves_no_file_open(tmp_path: Path) -> None:
    whole = tmp_path / "whole.jpg"
    Image.new("RGB", (300, 200), (200, 100, 50)).save(whole, "JPEG")
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])  # the header is whole: it fails while decoding
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert read_photo(str(cut)).error == "not_an_image"
        gc.collect()
    assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []


def test_a_sliver_that_would_pad_to_billions_of_pixels_is_refused_before_decoding(tmp_path: Path) -> None:
    path = tmp_path / "sliver.png"
    Image.new("L", (1, 100_000), 255).save(path)  # 300 bytes; padded to 1:8 it was 12,500 x 100,000 pixels (5 GB, 12 s)
    with pytest.raises(NotAnImage):
        open_upright(str(path))
    assert read_photo(str(path)).error == "not_an_image"


@pytest.mark.parametrize(
    "exif",
    [
        b"\x8b\x1f not a TIFF structure at all",
        b"MM\x00*\x00\x00\x00\x08\x00\x01\x01\x0e\x00\x02\x7f\xff\xff\xff\x7f\xff\xff\xff\x00\x00\x00\x00",  # a tag past the end
    ],
    ids=["garbage", "tag_past_the_end"],
)
def test_a_photo_with_a_damaged_exif_block_is_read_as_stored(tmp_path: Path, exif: bytes) -> None:
    stored = io.BytesIO()
    Image.new("RGB", (400, 200), (255, 255, 255)).save(stored, "PNG")
    data = stored.getvalue()
    chunk = struct.pack(">I", len(exif)) + b"eXIf" + exif + struct.pack(">I", zlib.crc32(b"eXIf" + exif))
    path = tmp_path / "phone.png"
    path.write_bytes(data[:33] + chunk + data[33:])  # after the signature and the header chunk
    assert open_upright(str(path)).size == (400, 200)
    assert read_photo(str(path)).error is None

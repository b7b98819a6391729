"""Images no camera takes, for the fuzz tests and `python -m bench.fuzz`: empty, cut short, with bytes
overwritten, claiming absurd sizes, decompression bombs, EXIF bombs, pixel formats phones never
send, and files that are not images at all. Small and seeded; built in memory (a few ms each).

    images = Images(seed=19)
    kind, data, filename = images.image()      # ("exif_bomb", b"\xff\xd8...", "IMG_2041.jpg")
"""

from __future__ import annotations

import functools
import io
import random
import struct
import zlib

from PIL import Image

IMAGE_KINDS = (
    "zero_byte",
    "truncated",
    "corrupt",
    "huge_dimensions",
    "decompression_bomb",
    "exif_bomb",
    "odd_mode",
    "wrong_content",
    "plain",
)
# Formats a customer's phone or a messenger may deliver, and a few it never would.
FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "HEIF", "BMP", "TIFF", "ICO", "TGA", "PPM", "PCX", "SGI", "QOI", "JPEG2000", "AVIF")
SUFFIXES = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp", "HEIF": ".heic", "BMP": ".bmp", "TIFF": ".tif"}


class Images:
    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)

    def image(self, kind: str | None = None) -> tuple[str, bytes, str]:
        """(kind, the file's bytes, the name the customer's device gave it)."""
        kind = kind or self.random.choice(IMAGE_KINDS)
        data, fmt = getattr(self, f"_{kind}")()
        name = self.random.choice(["IMG_2041", "photo", "скан стс", "x" * 200, "../../etc/passwd", "a.html", ""])
        suffix = self.random.choice([SUFFIXES.get(fmt, ".jpg"), ".jpg", ".png", ".html", ".svg", ""])
        return kind, data, name + suffix

    def _base(self) -> tuple[bytes, str]:
        fmt = self.random.choice(FORMATS)
        return encoded(fmt, self.random.choice(["RGB", "L"]), self.random.choice([(64, 48), (300, 200)])), fmt

    def _zero_byte(self) -> tuple[bytes, str]:
        return b"", "JPEG"

    def _truncated(self) -> tuple[bytes, str]:
        data, fmt = self._base()
        return data[: self.random.randint(1, len(data) - 1)], fmt

    def _corrupt(self) -> tuple[bytes, str]:
        data, fmt = self._base()
        broken = bytearray(data)
        for _ in range(self.random.randint(1, 40)):
            at = self.random.randint(min(16, len(broken) - 1), len(broken) - 1)  # past the magic, so it is parsed
            broken[at] = self.random.randrange(256)
        return bytes(broken), fmt

    def _huge_dimensions(self) -> tuple[bytes, str]:
        width, height = self.random.choice(
            [(100_000, 100_000), (65_535, 65_535), (1, 2**31 - 1), (2**31 - 1, 1), (9_500, 9_500), (1, 100_000), (200_000, 2)]
        )
        fmt = self.random.choice(["PNG", "PNG", "GIF", "BMP", "JPEG"])
        if fmt == "PNG" and width * height <= 2_000_000:  # small enough to be a whole file: a sliver
            return png(width, height, whole=True), fmt
        return header_only(fmt, width, height), fmt

    def _decompression_bomb(self) -> tuple[bytes, str]:
        return self.random.choice([bomb_png(10_000), bomb_png(14_000), bomb_gif()]), "PNG"

    def _exif_bomb(self) -> tuple[bytes, str]:
        exif = self.random.choice(
            [
                exif_entries(5_000),
                exif_cycle(),
                exif_orientation(
                    self.random.choice(
                        [
                            (2, b"6\x00\x00\x00"),
                            (4, struct.pack(">I", 2**32 - 1)),
                            (3, b"\x00\x09\x00\x00"),
                            (5, b"\x00\x00\x00\x08"),
                        ]
                    )
                ),
                exif_huge_counts(),
                self.random.randbytes(self.random.randint(1, 2_000)),
            ]
        )
        fmt = self.random.choice(["JPEG", "PNG", "WEBP"])
        if fmt == "JPEG":
            return jpeg_with_exif(exif[:65_000]), fmt
        if fmt == "PNG" and self.random.random() < 0.3:
            exif = exif * 200  # PNG's eXIf chunk has no 64 KB bound
        return with_exif(fmt, exif), fmt

    def _odd_mode(self) -> tuple[bytes, str]:
        mode, fmt = self.random.choice(
            [
                ("I;16", "PNG"),
                ("I", "TIFF"),
                ("F", "TIFF"),
                ("CMYK", "JPEG"),
                ("LA", "PNG"),
                ("P", "GIF"),
                ("1", "BMP"),
                ("RGBA", "WEBP"),
                ("LAB", "TIFF"),
                ("P", "PNG"),
                ("RGBA", "HEIF"),
                ("I;16", "TIFF"),
            ]
        )
        if mode == "P" and fmt == "PNG":
            return palette_with_transparency(), fmt
        return encoded(fmt, mode, (120, 90)), fmt

    def _wrong_content(self) -> tuple[bytes, str]:
        return self.random.choice(
            [
                b"<html><body><script>alert(1)</script></body></html>",
                b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><text>VIN</text></svg>',
                b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF",
                b"PK\x03\x04" + bytes(100),
                b'{"vin": "JTNBE46K303123456"}',
                b"JTNBE46K303123456",
                b"\x7fELF\x02\x01\x01" + bytes(64),
                b"\xff\xd8\xff\xe0<html>",  # a JPEG's magic, then a page
                b"GIF89a<script>",
                b"RIFF\x00\x00\x00\x00WEBPVP8 ",
            ]
        ), "JPEG"

    def _plain(self) -> tuple[bytes, str]:
        fmt = self.random.choice(FORMATS)
        size = self.random.choice([(1, 1), (64, 48), (1, 4000), (4000, 1), (800, 600)])
        return encoded(fmt, "RGB", size, animated=self.random.random() < 0.2), fmt


# --- builders (cached: the same few base images are cut and broken in many ways) ---------------


@functools.lru_cache(maxsize=256)
def encoded(fmt: str, mode: str, size: tuple[int, int], *, animated: bool = False) -> bytes:
    """A plain grey picture (no engine reads text on it) in `fmt` and `mode`."""
    image = Image.new(mode, size, {"F": 0.5, "I": 300, "I;16": 300, "CMYK": (0, 0, 0, 40)}.get(mode, 128))  # type: ignore[arg-type]
    buffer = io.BytesIO()
    if animated and fmt in ("GIF", "WEBP", "PNG"):
        frames = [Image.new("RGB", size, (shade, shade, shade)) for shade in (100, 120, 140)]
        frames[0].save(buffer, fmt, save_all=True, append_images=frames[1:], duration=50)
    else:
        try:
            image.save(buffer, fmt)
        except (OSError, ValueError):  # a mode or size this format cannot hold: RGB, or else PNG
            buffer = io.BytesIO()
            try:
                image.convert("RGB").save(buffer, fmt)
            except (OSError, ValueError):
                buffer = io.BytesIO()
                image.convert("RGB").save(buffer, "PNG")
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int, *, whole: bool, rows: bytes | None = None, extra: bytes = b"") -> bytes:
    """A greyscale PNG of any size; `whole=False` stops after the header (the data never comes)."""
    header = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)) + extra
    if not whole:
        return header + _chunk(b"IDAT", zlib.compress(b"\x00" * 64))
    data = rows if rows is not None else zlib.compress((b"\x00" + b"\xff" * width) * height, 9)
    return header + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


@functools.lru_cache(maxsize=4)
def bomb_png(side: int) -> bytes:
    """A whole 1-bit PNG of side x side pixels: a few kilobytes that decode to side² pixels."""
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0))
        + _chunk(b"IDAT", data)
        + _chunk(b"IEND", b"")
    )


@functools.lru_cache(maxsize=1)
def bomb_gif() -> bytes:
    """A GIF whose screen is 65535 x 65535 around a one-pixel frame."""
    small = io.BytesIO()
    Image.new("P", (1, 1)).save(small, "GIF")
    data = bytearray(small.getvalue())
    data[6:10] = struct.pack("<HH", 65_535, 65_535)
    return bytes(data)


def header_only(fmt: str, width: int, height: int) -> bytes:
    if fmt == "PNG":
        return png(width, height, whole=False)
    if fmt == "GIF":
        return b"GIF89a" + struct.pack("<HH", min(width, 65_535), min(height, 65_535)) + b"\x00\x00\x00" + b";"
    if fmt == "BMP":
        info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, 0, 2835, 2835, 0, 0)
        return b"BM" + struct.pack("<IHHI", 54 + 12, 0, 0, 54) + info + bytes(12)
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, min(height, 65_535), min(width, 65_535), 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + sof + b"\xff\xd9"


# --- EXIF (a TIFF structure: big-endian header, IFDs of 12-byte entries) -------------------------


def _ifd(entries: list[tuple[int, int, int, bytes]], next_offset: int = 0) -> bytes:
    body = b"".join(struct.pack(">HHI", tag, kind, count) + value.ljust(4, b"\x00")[:4] for tag, kind, count, value in entries)
    return struct.pack(">H", len(entries)) + body + struct.pack(">I", next_offset)


def exif_entries(count: int) -> bytes:
    """One IFD with thousands of entries (each an unknown tag with a short value)."""
    return b"MM\x00*" + struct.pack(">I", 8) + _ifd([(0x9000 + i % 4000, 3, 1, b"\x00\x01") for i in range(count)])


def exif_cycle() -> bytes:
    """IFD0 links to itself as the next IFD, as its Exif IFD and as its GPS IFD."""
    return (
        b"MM\x00*" + struct.pack(">I", 8) + _ifd([(0x8769, 4, 1, struct.pack(">I", 8)), (0x8825, 4, 1, struct.pack(">I", 8))], 8)
    )


def exif_orientation(value: tuple[int, bytes]) -> bytes:
    """An Orientation tag of the wrong type or out of range (text, 2^32-1, 9, a rational)."""
    kind, raw = value
    return b"MM\x00*" + struct.pack(">I", 8) + _ifd([(0x0112, kind, 1, raw)])


def exif_huge_counts() -> bytes:
    """Entries claiming 2^31 values at offsets past the end."""
    return (
        b"MM\x00*"
        + struct.pack(">I", 8)
        + _ifd([(0x010E, 2, 2**31 - 1, b"\x7f\xff\xff\xff"), (0x0112, 3, 2**30, b"\x00\x00\x10\x00")])
    )


def jpeg_with_exif(exif: bytes) -> bytes:
    plain = encoded("JPEG", "RGB", (64, 48))
    segment = b"Exif\x00\x00" + exif
    return plain[:2] + b"\xff\xe1" + struct.pack(">H", len(segment) + 2) + segment + plain[2:]


def with_exif(fmt: str, exif: bytes) -> bytes:
    if fmt == "PNG":
        plain = encoded("PNG", "RGB", (64, 48))
        return plain[:33] + _chunk(b"eXIf", exif) + plain[33:]  # right after the 8-byte magic and IHDR
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), 128).save(buffer, fmt, exif=exif)
    return buffer.getvalue()


@functools.lru_cache(maxsize=1)
def palette_with_transparency() -> bytes:
    image = Image.new("P", (64, 48), 1)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", transparency=b"\x00\x80" * 8)
    return buffer.getvalue()

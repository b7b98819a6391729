"""Reading photos: VIN plates, registration certificates (СТС), part labels → identifiers."""

from bot.vision.reader import PHOTO_CONFIDENT, VisionReader, read_photo

__all__ = ["PHOTO_CONFIDENT", "VisionReader", "read_photo"]

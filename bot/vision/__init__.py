"""Reading photos: VIN plates, registration certificates (СТС), part labels → identifiers."""

from bot.messages import PHOTO_CONFIDENT
from bot.vision.reader import VisionReader, read_photo

__all__ = ["PHOTO_CONFIDENT", "VisionReader", "read_photo"]

"""maxapi logs an update it cannot read (a kind it does not know, a message without a body — MAX
sends voice messages so) with the whole update in the record: a customer's words, their phone.
Such a record keeps its level and says only that an update was skipped."""

from __future__ import annotations

import logging

MAXAPI_LOGGER = "dispatcher"  # maxapi.loggers.logger_dp
PARSER_MODULE = "getted_updates"  # maxapi/methods/types/getted_updates.py: where updates are read


class WithoutUpdates(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.module == PARSER_MODULE:
            record.msg, record.args = "a MAX update maxapi could not read was skipped", None
            record.exc_info, record.exc_text = None, None
        return True


def install() -> None:
    """Once per process, however many services a process builds."""
    logger = logging.getLogger(MAXAPI_LOGGER)
    if not any(isinstance(f, WithoutUpdates) for f in logger.filters):
        logger.addFilter(WithoutUpdates())

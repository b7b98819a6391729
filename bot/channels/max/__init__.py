"""The MAX channel (VK's messenger, MAX Bot API) on maxapi: customers' dialogs with the shop's bot.

`plugin.build` is the one entry point bot/bootstrap.py uses (when MAX_BOT_TOKEN is set)."""

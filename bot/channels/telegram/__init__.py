"""The Telegram channel (aiogram 3): customers' chats, the managers' chat, owner commands.

`plugin.build` is the one entry point bot/bootstrap.py uses."""

"""The Wazzup channel: one aggregator for the shop's WhatsApp, Telegram, MAX, VK and Avito chats
(Wazzup API v3), the way most amoCRM shops in Russia already reach their customers.

`plugin.build` is the one entry point bot/bootstrap.py uses (when WAZZUP_API_KEY is set)."""

"""The WhatsApp Cloud API channel (Meta's official API) on pywa.

`plugin.build` is the one entry point bot/bootstrap.py uses (when WHATSAPP_TOKEN and
WHATSAPP_PHONE_NUMBER_ID are set)."""

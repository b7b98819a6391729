"""amoCRM API v4 over httpx + tenacity: client, auth, fields, sync, webhook; `plugin.build` plugs it in."""

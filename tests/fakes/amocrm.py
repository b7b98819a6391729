"""A fake amoCRM API v4 on loopback: the documented shapes (HAL JSON with `_embedded`/`_links.next`,
204 for empty lists, `validation-errors` bodies, bare arrays from leads/complex), an OAuth endpoint
with single-use refresh tokens, in-memory state to inspect, and knobs to misbehave on purpose.

    state = AmoState(); app = build_app(state)
    with serve_app(app) as base_url: ...
"""

from __future__ import annotations

import asyncio
import itertools
import re
import time
from typing import Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

STATUS_ID = 4001  # "Первичный контакт"


def _problem(status: int, detail: str, **extra: Any) -> JSONResponse:
    body = {"title": "Error", "type": f"https://httpstatus.es/{status}", "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


class AmoState:
    def __init__(self) -> None:
        self._ids = itertools.count(100)
        self.client_id, self.client_secret = "client-id", "client-secret"
        self.access_tokens: set[str] = {"long-lived-token"}
        self.refresh_tokens: set[str] = set()
        self.spent_refresh_tokens: set[str] = set()
        self.codes: set[str] = {"auth-code"}
        self.grants: list[str] = []  # grant types served successfully
        self.revoked_uses = 0  # a spent refresh token was presented
        self.token_delay = 0.0
        self.requests: list[tuple[float, str, str]] = []  # (monotonic, method, path) of API calls
        self.urls: list[str] = []  # the same calls' full URLs
        self.fail_next: list[int] = []  # statuses to answer, one per coming API request
        self.retry_after: int | None = None  # seconds a programmed 429 asks the client to wait
        self.down: int | None = None  # answer every API request with this status while set
        self.lose_next_write: float = 0.0  # apply the next POST, then stall this long before answering
        self.can_create_fields = True
        self.users: dict[int, str] = {}  # the account's users (managers) by id: GET /api/v4/users/{id}
        self.reject_leads: str | None = None  # a field path every new lead is rejected on (400)
        self.pipelines: list[dict[str, Any]] = [
            {
                "id": 3001,
                "name": "Воронка",
                "sort": 1,
                "is_main": True,
                "statuses": [
                    (4000, "Неразобранное", 1),
                    (STATUS_ID, "Первичный контакт", 0),
                    (4002, "Переговоры", 0),
                    (142, "Успешно реализовано", 0),
                    (143, "Закрыто и не реализовано", 0),
                ],
            },
            {
                "id": 3002,
                "name": "Опт",
                "sort": 2,
                "is_main": False,
                "statuses": [
                    (5000, "Неразобранное", 1),
                    (5001, "Новая заявка", 0),
                    (142, "Успешно реализовано", 0),
                    (143, "Закрыто и не реализовано", 0),
                ],
            },
        ]
        self.fields: dict[str, list[dict[str, Any]]] = {
            "contacts": [
                {"id": 1, "name": "Телефон", "code": "PHONE", "type": "multitext"},
                {"id": 2, "name": "Email", "code": "EMAIL", "type": "multitext"},
            ]
            + [{"id": 10 + n, "name": f"Поле {n}", "code": None, "type": "text"} for n in range(60)],
            "leads": [{"id": 200 + n, "name": f"Поле сделки {n}", "code": None, "type": "text"} for n in range(55)],
        }
        self.contacts: dict[int, dict[str, Any]] = {}
        self.leads: dict[int, dict[str, Any]] = {}
        self.notes: dict[int, dict[str, Any]] = {}
        self.tasks: dict[int, dict[str, Any]] = {}
        self.webhooks: list[dict[str, Any]] = []

    def new_id(self) -> int:
        return next(self._ids)

    # --- helpers for tests ---------------------------------------------------------------------
    def field_id(self, entity: str, name: str) -> int | None:
        return next((f["id"] for f in self.fields[entity] if f["name"] == name), None)

    def add_field(self, entity: str, name: str, type_: str = "text") -> int:
        fid = self.new_id()
        self.fields[entity].append({"id": fid, "name": name, "code": None, "type": type_})
        return fid

    def seed_contact(self, name: str, phone: str | None, **values: str) -> int:
        cfv = [{"field_code": "PHONE", "values": [{"value": phone, "enum_code": "WORK"}]}] if phone else []
        cfv += [{"field_id": self.field_id("contacts", k), "values": [{"value": v}]} for k, v in values.items()]
        return self._store_contact({"name": name, "custom_fields_values": cfv})

    def seed_lead(self, contact_id: int, *, status_id: int = STATUS_ID, price: int = 0, closed_at: int | None = None) -> int:
        lid = self.new_id()
        self.leads[lid] = {
            "id": lid,
            "name": f"Сделка {lid}",
            "price": price,
            "status_id": status_id,
            "pipeline_id": 3001,
            "closed_at": closed_at,
            "created_at": 1_700_000_000,
            "updated_at": 1_700_000_000,
            "custom_fields_values": None,
            "tags": [],
            "contacts": [contact_id],
        }
        return lid

    def value(self, entity: dict[str, Any], field_name: str, kind: str = "leads") -> str | None:
        fid = self.field_id(kind, field_name)
        for item in entity.get("custom_fields_values") or []:
            if item.get("field_id") == fid:
                return str(item["values"][0]["value"])
        return None

    def _store_contact(self, item: dict[str, Any]) -> int:
        cid = self.new_id()
        self.contacts[cid] = {"id": cid, "name": item.get("name", ""), "custom_fields_values": self._values("contacts", item)}
        return cid

    def _values(self, entity: str, item: dict[str, Any]) -> list[dict[str, Any]] | None:
        result = []
        for value in item.get("custom_fields_values") or []:
            spec = next(
                (
                    f
                    for f in self.fields[entity]
                    if f["id"] == value.get("field_id") or (f["code"] and f["code"] == value.get("field_code"))
                ),
                None,
            )
            assert spec is not None
            result.append(
                {
                    "field_id": spec["id"],
                    "field_name": spec["name"],
                    "field_code": spec["code"],
                    "field_type": spec["type"],
                    "values": value["values"],
                }
            )
        return result or None

    def invalid_field(self, entity: str, item: dict[str, Any]) -> str | None:
        known = {f["id"] for f in self.fields[entity]} | {f["code"] for f in self.fields[entity] if f["code"]}
        for n, value in enumerate(item.get("custom_fields_values") or []):
            if (value.get("field_id") or value.get("field_code")) not in known:
                return f"custom_fields_values.{n}.field_id"
        return None


def _page(request: Request, key: str, items: list[Any], limit_cap: int = 250) -> Response:
    page = int(request.query_params.get("page", 1))
    limit = min(int(request.query_params.get("limit", 50)), limit_cap)
    chunk = items[(page - 1) * limit : page * limit]
    if not chunk:
        return Response(status_code=204)
    links: dict[str, Any] = {"self": {"href": str(request.url)}}
    if page * limit < len(items):
        links["next"] = {"href": str(request.url.include_query_params(page=page + 1))}
    return JSONResponse({"_page": page, "_links": links, "_embedded": {key: chunk}}, media_type="application/hal+json")


def build_app(state: AmoState) -> FastAPI:
    app = FastAPI()

    @app.middleware("http")
    async def misbehave(request: Request, call_next: Any) -> Response:
        if not request.url.path.startswith("/api/v4"):
            return await call_next(request)  # type: ignore[no-any-return]
        state.requests.append((time.monotonic(), request.method, request.url.path))
        state.urls.append(str(request.url))
        if state.down is not None:
            return _problem(state.down, "down")
        if state.fail_next:
            status = state.fail_next.pop(0)
            if status == 429:
                wait = {"Retry-After": str(state.retry_after)} if state.retry_after is not None else {}
                return Response(status_code=429, headers=wait)
            return _problem(status, f"programmed {status}")
        auth = request.headers.get("authorization", "")
        if auth.removeprefix("Bearer ") not in state.access_tokens:
            return _problem(401, "Unauthorized")
        response = await call_next(request)
        if state.lose_next_write and request.method == "POST":
            delay, state.lose_next_write = state.lose_next_write, 0.0
            await asyncio.sleep(delay)
        return response  # type: ignore[no-any-return]

    @app.get("/healthz")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/oauth2/access_token")
    async def token(request: Request) -> Response:
        raw = await request.body()
        body = await request.json() if raw.startswith(b"{") else {k: v[0] for k, v in parse_qs(raw.decode()).items()}
        if (body.get("client_id"), body.get("client_secret")) != (state.client_id, state.client_secret):
            return _problem(401, "Client authentication failed", hint="bad client")
        await asyncio.sleep(state.token_delay)
        grant = body.get("grant_type")
        if grant == "authorization_code":
            if body.get("code") not in state.codes:
                return _problem(400, "Authorization code has expired", hint="Code is invalid")
            state.codes.discard(body["code"])
        elif grant == "refresh_token":
            presented = body.get("refresh_token")
            if presented in state.spent_refresh_tokens:
                state.revoked_uses += 1
                return _problem(401, "Token has been revoked", hint="Token has been revoked")
            if presented not in state.refresh_tokens:
                return _problem(401, "Invalid refresh token", hint="Cannot decrypt the refresh token")
            state.refresh_tokens.discard(presented)
            state.spent_refresh_tokens.add(presented)
        else:
            return _problem(400, "unsupported grant")
        access, refresh = f"access-{state.new_id()}", f"refresh-{state.new_id()}"
        state.access_tokens.add(access)
        state.refresh_tokens.add(refresh)
        state.grants.append(grant)
        return JSONResponse(
            {
                "token_type": "Bearer",
                "expires_in": 86400,
                "server_time": int(time.time()),
                "access_token": access,
                "refresh_token": refresh,
            }
        )

    @app.get("/api/v4/leads/pipelines")
    async def pipelines() -> Response:
        out = [
            {
                "id": p["id"],
                "name": p["name"],
                "sort": p["sort"],
                "is_main": p["is_main"],
                "_embedded": {
                    "statuses": [
                        {"id": sid, "name": name, "sort": 10 * (n + 1), "type": type_, "pipeline_id": p["id"]}
                        for n, (sid, name, type_) in enumerate(p["statuses"])
                    ]
                },
            }
            for p in state.pipelines
        ]
        return JSONResponse({"_total_items": len(out), "_embedded": {"pipelines": out}}, media_type="application/hal+json")

    @app.get("/api/v4/{entity}/custom_fields")
    async def list_fields(entity: str, request: Request) -> Response:
        return _page(request, "custom_fields", state.fields[entity], limit_cap=50)

    @app.post("/api/v4/{entity}/custom_fields")
    async def create_fields(entity: str, request: Request) -> Response:
        if not state.can_create_fields:
            return _problem(403, "Access denied")
        made = [{**f, "id": state.add_field(entity, f["name"], f["type"])} for f in await request.json()]
        return JSONResponse({"_embedded": {"custom_fields": made}}, status_code=201)

    def contact_out(c: dict[str, Any]) -> dict[str, Any]:
        leads = [{"id": lid} for lid, lead in state.leads.items() if c["id"] in lead["contacts"]]
        return {**c, "_embedded": {"tags": [], "leads": leads, "companies": []}}

    def lead_out(lead: dict[str, Any]) -> dict[str, Any]:
        contacts = [{"id": cid, "is_main": n == 0} for n, cid in enumerate(lead["contacts"])]
        public = {k: v for k, v in lead.items() if k not in ("tags", "contacts")}
        return {**public, "_embedded": {"tags": lead["tags"], "contacts": contacts, "companies": []}}

    def matches(entity: dict[str, Any], query: str) -> bool:
        texts = [entity.get("name", "")] + [
            str(v.get("value", "")) for f in entity.get("custom_fields_values") or [] for v in f["values"]
        ]
        digits = _digits(query)
        return any(query.casefold() in t.casefold() or (len(digits) >= 5 and digits in _digits(t)) for t in texts)

    @app.get("/api/v4/contacts")
    async def contacts(request: Request) -> Response:
        query = request.query_params.get("query")
        found = [contact_out(c) for c in state.contacts.values() if not query or matches(c, query)]
        return _page(request, "contacts", sorted(found, key=lambda c: c["id"]))

    @app.get("/api/v4/users/{uid}")
    async def user(uid: int) -> Response:
        name = state.users.get(uid)
        return JSONResponse({"id": uid, "name": name, "email": f"user{uid}@shop.example"}) if name else Response(status_code=204)

    @app.get("/api/v4/contacts/{cid}")
    async def contact(cid: int) -> Response:
        return JSONResponse(contact_out(state.contacts[cid])) if cid in state.contacts else Response(status_code=204)

    @app.post("/api/v4/contacts")
    async def create_contacts(request: Request) -> Response:
        items = await request.json()
        for n, item in enumerate(items):
            if path := state.invalid_field("contacts", item):
                return _validation(str(n), path)
        made = [{"id": state._store_contact(item), "request_id": str(item.get("request_id", n))} for n, item in enumerate(items)]
        return JSONResponse({"_embedded": {"contacts": made}})

    @app.patch("/api/v4/contacts/{cid}")
    async def patch_contact(cid: int, request: Request) -> Response:
        item = await request.json()
        if path := state.invalid_field("contacts", item):
            return _validation("0", path)
        current = {v["field_id"]: v for v in state.contacts[cid]["custom_fields_values"] or []}
        current.update({v["field_id"]: v for v in state._values("contacts", item) or []})
        state.contacts[cid]["custom_fields_values"] = list(current.values())
        return JSONResponse({"id": cid})

    @app.get("/api/v4/leads")
    async def leads(request: Request) -> Response:
        query = request.query_params.get("query")
        ids = {int(v) for k, v in request.query_params.multi_items() if k.startswith("filter[id]")}
        found = [lead_out(x) for x in state.leads.values() if (not query or matches(x, query)) and (not ids or x["id"] in ids)]
        found.sort(key=lambda x: x["id"], reverse=request.query_params.get("order[id]") == "desc")
        return _page(request, "leads", found)

    @app.get("/api/v4/leads/{lid}")
    async def lead(lid: int) -> Response:
        return JSONResponse(lead_out(state.leads[lid])) if lid in state.leads else Response(status_code=204)

    @app.patch("/api/v4/leads/{lid}")
    async def patch_lead(lid: int, request: Request) -> Response:
        if lid not in state.leads:
            return Response(status_code=404)
        item = await request.json()
        if "responsible_user_id" in item:
            state.leads[lid]["responsible_user_id"] = int(item["responsible_user_id"])
        return JSONResponse({"id": lid})

    @app.post("/api/v4/leads/complex")
    async def complex_leads(request: Request) -> Response:
        items, out = await request.json(), []
        for n, item in enumerate(items):
            if path := state.reject_leads or state.invalid_field("leads", item):
                return _validation(str(item.get("request_id", n)), path)
        for n, item in enumerate(items):
            contact = (item.get("_embedded", {}).get("contacts") or [None])[0]
            cid = contact["id"] if contact and "id" in contact else state._store_contact(contact) if contact else None
            lid = state.new_id()
            state.leads[lid] = {
                "id": lid,
                "name": item.get("name", ""),
                "price": item.get("price", 0),
                "status_id": item.get("status_id"),
                "pipeline_id": item.get("pipeline_id"),
                "closed_at": None,
                "created_at": int(time.time()),
                "updated_at": int(time.time()),
                "custom_fields_values": state._values("leads", item),
                "tags": item.get("_embedded", {}).get("tags", []),
                "contacts": [cid] if cid else [],
            }
            out.append(
                {
                    "id": lid,
                    "contact_id": cid,
                    "company_id": None,
                    "request_id": [str(item.get("request_id", n))],
                    "merged": False,
                }
            )
        return JSONResponse(out)

    @app.get("/api/v4/leads/{lid}/notes")
    async def notes(lid: int, request: Request) -> Response:
        kind = request.query_params.get("filter[note_type]")
        found = [x for x in state.notes.values() if x["entity_id"] == lid and kind in (None, x["note_type"])]
        return _page(request, "notes", found)

    @app.post("/api/v4/leads/{lid}/notes")
    async def add_notes(lid: int, request: Request) -> Response:
        if lid not in state.leads:
            return _validation("0", "entity_id")
        made = []
        for item in await request.json():
            nid = state.new_id()
            state.notes[nid] = {"id": nid, "entity_id": lid, "note_type": item["note_type"], "params": item["params"]}
            made.append({"id": nid, "entity_id": lid, "request_id": "0"})
        return JSONResponse({"_embedded": {"notes": made}})

    @app.get("/api/v4/tasks")
    async def tasks(request: Request) -> Response:
        entity, kind = request.query_params.get("filter[entity_id]"), request.query_params.get("filter[entity_type]")
        found = [
            t
            for t in state.tasks.values()
            if (entity is None or str(t["entity_id"]) == entity) and (kind is None or t.get("entity_type") == kind)
        ]
        return _page(request, "tasks", found)

    @app.post("/api/v4/tasks")
    async def add_tasks(request: Request) -> Response:
        made = []
        for item in await request.json():
            if "complete_till" not in item or not item.get("text"):
                return _validation("0", "complete_till")
            tid = state.new_id()
            state.tasks[tid] = {"id": tid, **item}
            made.append({"id": tid, "request_id": "0"})
        return JSONResponse({"_embedded": {"tasks": made}})

    @app.post("/api/v4/webhooks")
    async def add_webhook(request: Request) -> Response:
        body = await request.json()
        state.webhooks = [w for w in state.webhooks if w["destination"] != body["destination"]]
        hook = {"id": state.new_id(), "destination": body["destination"], "settings": body["settings"], "disabled": False}
        state.webhooks.append(hook)
        return JSONResponse(hook, status_code=201)

    return app


def _validation(request_id: str, path: str) -> JSONResponse:
    errors = [
        {
            "request_id": request_id,
            "errors": [{"code": "NotSupportedChoice", "path": path, "detail": "The value you selected is not a valid choice."}],
        }
    ]
    return _problem(400, "Request validation failed", **{"validation-errors": errors, "title": "Bad Request"})

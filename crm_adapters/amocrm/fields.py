"""Zero-config mapping: pipeline, stage and custom fields found by their names in the account.

Nothing is configured by id. Missing text fields are created when the token may (admin rights);
the result is cached in kv and re-resolved when the configured names change or `crm check` runs.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass, field
from typing import Any

from bot.ports import CrmRejected
from bot.store.kv import KvStore
from crm_adapters.amocrm.client import AmoClient, NoRights

log = logging.getLogger(__name__)

MAPPING_KEY = "amocrm.mapping"
WON, LOST = 142, 143
TEXT_TYPES = {"text", "textarea", "streetaddress", "numeric", "url"}


@dataclass(frozen=True)
class FieldSpec:
    entity: str  # "contacts" | "leads"
    role: str  # our name for it
    name: str  # the name shown in amoCRM
    type: str  # the type we create it with
    create: bool = True


def field_specs(bonus_field: str) -> list[FieldSpec]:
    return [
        FieldSpec("contacts", "vin", "VIN", "text"),
        FieldSpec("contacts", "frame", "Номер кузова", "text"),
        FieldSpec("contacts", "bonus", bonus_field, "numeric", create=False),  # read by `crm sync` only
        FieldSpec("leads", "parts", "Запчасти", "textarea"),
        FieldSpec("leads", "car", "Автомобиль", "text"),
        FieldSpec("leads", "source", "Источник", "text"),
        FieldSpec("leads", "key", "Заявка partsbot", "text"),  # our "lead:42": finds a deal after a lost answer
    ]


@dataclass
class Mapping:
    signature: str
    pipeline_id: int
    pipeline_name: str
    status_id: int
    status_name: str
    fields: dict[str, int] = field(default_factory=dict)  # role -> field id
    stages: dict[str, str] = field(default_factory=dict)  # status id -> stage name, every pipeline
    created: list[str] = field(default_factory=list)  # "leads:Запчасти"
    missing: dict[str, str] = field(default_factory=dict)  # "contacts:Бонусы" -> not_found | no_rights | type:X
    warnings: list[str] = field(default_factory=list)

    def field_id(self, role: str) -> int | None:
        return self.fields.get(role)


def signature(base_url: str, pipeline: str | None, stage: str | None, specs: list[FieldSpec]) -> str:
    raw = json.dumps([base_url, pipeline, stage, [asdict(s) for s in specs]], ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def _same(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


async def resolve(
    client: AmoClient,
    *,
    sig: str,
    pipeline: str | None,
    stage: str | None,
    specs: list[FieldSpec],
    allow_create: bool = True,
) -> Mapping:
    body = await client.request("GET", "/api/v4/leads/pipelines")
    pipelines = sorted((body or {}).get("_embedded", {}).get("pipelines") or [], key=lambda p: p.get("sort", 0))
    if not pipelines:
        raise CrmRejected("amoCRM has no pipelines")
    warnings: list[str] = []
    chosen = next((p for p in pipelines if pipeline and _same(p["name"], pipeline)), None)
    if chosen is None:
        if pipeline:
            warnings.append(f"pipeline «{pipeline}» not found; using «{pipelines[0]['name']}»")
        chosen = next((p for p in pipelines if p.get("is_main")), pipelines[0])
    statuses = sorted(chosen.get("_embedded", {}).get("statuses") or [], key=lambda s: s.get("sort", 0))
    working = [s for s in statuses if s.get("type", 0) == 0 and s["id"] not in (WON, LOST)]
    status = next((s for s in working if stage and _same(s["name"], stage)), None)
    if status is None:
        if not working:
            raise CrmRejected(f"pipeline «{chosen['name']}» has no working stage")
        if stage:
            warnings.append(f"stage «{stage}» not found in «{chosen['name']}»; using «{working[0]['name']}»")
        status = working[0]
    stages = {str(s["id"]): s["name"] for p in pipelines for s in p.get("_embedded", {}).get("statuses") or []}
    mapping = Mapping(sig, chosen["id"], chosen["name"], status["id"], status["name"], stages=stages, warnings=warnings)
    for entity in ("contacts", "leads"):
        existing = [f async for page in client.pages(f"/api/v4/{entity}/custom_fields", "custom_fields") for f in page]
        for spec in (s for s in specs if s.entity == entity):
            await _map_field(client, mapping, spec, existing, allow_create)
    for problem in mapping.warnings:
        log.warning("amoCRM mapping: %s", problem)
    for label, why in mapping.missing.items():
        log.warning("amoCRM field %s is missing (%s)", label, why)
    return mapping


async def _map_field(
    client: AmoClient, mapping: Mapping, spec: FieldSpec, existing: list[dict[str, Any]], allow_create: bool
) -> None:
    label = f"{spec.entity}:{spec.name}"
    found = [f for f in existing if _same(f.get("name", ""), spec.name)]
    usable = [f for f in found if f.get("type") in TEXT_TYPES]
    if usable:
        mapping.fields[spec.role] = int(usable[0]["id"])
        return
    if found:
        mapping.missing[label] = f"type:{found[0].get('type')}"
        return
    if not (spec.create and allow_create):
        mapping.missing[label] = "not_found"
        return
    try:
        body = await client.request(
            "POST", f"/api/v4/{spec.entity}/custom_fields", json=[{"name": spec.name, "type": spec.type}], forbidden_ok=True
        )
    except NoRights:
        mapping.missing[label] = "no_rights"
        return
    created = (body or {}).get("_embedded", {}).get("custom_fields") or []
    if not created:
        mapping.missing[label] = "not_created"
        return
    mapping.fields[spec.role] = int(created[0]["id"])
    mapping.created.append(label)


class MappingCache:
    """The mapping in memory and in kv, so every process and restart skips the lookups."""

    def __init__(self, kv: KvStore) -> None:
        self._kv = kv
        self._mapping: Mapping | None = None

    async def get(self, sig: str) -> Mapping | None:
        if self._mapping is not None and self._mapping.signature == sig:
            return self._mapping
        stored = await self._kv.get(MAPPING_KEY)
        if stored and stored.get("signature") == sig:
            self._mapping = Mapping(**stored)
            return self._mapping
        return None

    async def put(self, mapping: Mapping) -> None:
        self._mapping = mapping
        await self._kv.put(MAPPING_KEY, asdict(mapping))

    async def forget(self) -> None:
        self._mapping = None
        await self._kv.delete(MAPPING_KEY)

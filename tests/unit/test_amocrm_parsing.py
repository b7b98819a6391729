"""amoCRM wire formats we read by hand: bracket-keyed webhook forms and validation-error bodies."""

from __future__ import annotations

from urllib.parse import urlencode

import httpx

from crm_adapters.amocrm.client import describe_error
from crm_adapters.amocrm.webhook import lead_events, parse_form


def test_bracket_keys_nest_into_dicts_with_string_values() -> None:
    body = urlencode(
        {
            "leads[status][0][id]": "25399013",
            "leads[status][0][status_id]": "142",
            "leads[status][0][custom_fields][0][values][0][value]": "x",
            "account[subdomain]": "shop",
        }
    )
    form = parse_form(body)
    assert form["leads"]["status"]["0"]["id"] == "25399013"
    assert form["leads"]["status"]["0"]["custom_fields"]["0"]["values"]["0"]["value"] == "x"
    assert form["account"] == {"subdomain": "shop"}


def test_only_lead_entries_with_numeric_id_and_status_are_events() -> None:
    body = urlencode(
        {
            "leads[status][0][id]": "7",
            "leads[status][0][status_id]": "143",
            "leads[delete][0][id]": "8",
            "leads[update][0][id]": "x",
            "leads[update][0][status_id]": "1",
            "contacts[add][0][id]": "9",
        }
    )
    assert [(e["id"], e["status_id"]) for e in lead_events(parse_form(body))] == [("7", "143")]


def test_rubbish_forms_give_no_events() -> None:
    assert lead_events(parse_form("leads=1&&[x]=2&leads[status]=3")) == []


def test_a_validation_error_names_the_field_path() -> None:
    body = {
        "validation-errors": [
            {
                "request_id": "0",
                "errors": [{"code": "NotSupportedChoice", "path": "custom_fields_values.0.field_id", "detail": "Bad choice."}],
            }
        ],
        "title": "Bad Request",
        "status": 400,
    }
    text = describe_error(httpx.Response(400, json=body))
    assert text == "validation-errors: custom_fields_values.0.field_id: NotSupportedChoice Bad choice."


def test_an_html_error_page_is_described_without_crashing() -> None:
    assert describe_error(httpx.Response(403, text="<html>blocked</html>")).startswith("HTTP 403: <html>")

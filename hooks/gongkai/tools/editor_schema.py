"""JSON Schemas of the editors' files, from the same models the build validates with, and the
settings that make VS Code (and other editors with the YAML language server) use them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

from gongkai.data.schema import Category, Unit
from gongkai.data.sessions import Session
from gongkai.data.synonyms import SYNONYM_PATTERN
from gongkai.data.workdays import HolidayYear
from gongkai.kinds import KINDS

DRAFT = "http://json-schema.org/draft-07/schema#"
FILES = {
    **{folder: f"data/{folder}/**/*.yml" for folder in KINDS},
    "units": "data/units.yml",
    "categories": "data/categories.yml",
    "sessions": "data/sessions.yml",
    "holidays": "data/holidays.yml",
    "synonyms": "data/synonyms.yml",
}


def _plain_text_takes_numbers(node: Any) -> None:
    """The build reads every scalar as text, so `title: 2026` or `shifts: 26` is fine; a YAML
    editor reads those as numbers: let plain text fields (no pattern, no choices) take them."""
    if isinstance(node, dict):
        if node.get("type") == "string" and not ({"pattern", "format", "enum"} & node.keys()):
            node["type"] = ["string", "number"]
        for child in node.values():
            _plain_text_takes_numbers(child)
    elif isinstance(node, list):
        for child in node:
            _plain_text_takes_numbers(child)


def _draft7(schema: dict) -> dict:
    """pydantic writes $defs (2020-12); the YAML language server reads draft-07 best."""
    _plain_text_takes_numbers(schema)
    text = json.dumps(schema, ensure_ascii=False).replace('"#/$defs/', '"#/definitions/')
    schema = json.loads(text)
    if "$defs" in schema:
        schema["definitions"] = schema.pop("$defs")
    return {"$schema": DRAFT, **schema}


def _model(model: type[BaseModel]) -> dict:
    return model.model_json_schema(by_alias=True)


def _choices(ids: dict[str, Any]) -> dict:
    return {"enum": list(ids), "markdownEnumDescriptions": [item.name for item in ids.values()]}


def schemas(
    units: dict[str, Any], categories: dict[str, Any], sessions: dict[str, Any] | None = None
) -> dict[str, dict]:
    """Every file kind's schema; unit, category and session ids become choices when they are known."""
    out: dict[str, dict] = {}
    for kind, info in KINDS.items():
        schema = _model(info.schema)
        schema["title"] = info.label
        if units:
            schema["properties"]["unit"].update(_choices(units))
            if "handlers" in schema["properties"]:
                schema["properties"]["handlers"]["items"].update(_choices(units))
        if categories and "category" in schema["properties"]:
            schema["properties"]["category"].update(_choices(categories))
        if sessions and "session" in schema["properties"]:
            schema["properties"]["session"]["anyOf"][0].update(_choices(sessions))
        # the build checks the kind on load; the editor knows them now
        if "related" in schema["properties"]:
            schema["properties"]["related"]["items"]["pattern"] = (
                f"^({'|'.join(KINDS)})/[a-z0-9][a-z0-9-]{{0,63}}$"
            )
        out[kind] = _draft7(schema)
    for name, model, title, head in (
        ("units", Unit, "组织机构", "- id: …"),
        ("categories", Category, "公开类别", "- id: …"),
        ("sessions", Session, "职工代表大会", "- id: …"),
        ("holidays", HolidayYear, "节假日安排", "- year: …"),
    ):
        schema = TypeAdapter(list[model]).json_schema(by_alias=True)
        schema.update(title=title, description=f"{title}列表，每项以“{head}”开头")
        out[name] = _draft7(schema)
    out["synonyms"] = {
        "$schema": DRAFT,
        "title": "搜索用的同义词",
        "description": "每行一组意思相同的词，如 - [劳保, 劳动保护]：搜其中一个，也找含同组其他词的内容",
        "type": "array",
        "items": {
            "type": "array",
            "minItems": 2,
            "uniqueItems": True,
            "items": {
                "type": "string",
                "title": "词",
                "description": "2–12 个字，只含汉字、字母或数字",
                "pattern": SYNONYM_PATTERN,
            },
        },
    }
    return out


def write(
    folder: Path,
    units: dict[str, Any],
    categories: dict[str, Any],
    sessions: dict[str, Any] | None = None,
) -> list[Path]:
    """Write .vscode/schemas/*.schema.json, and point .vscode/settings.json at them (other
    settings in that file are kept)."""
    written = []
    target = folder / "schemas"
    target.mkdir(parents=True, exist_ok=True)
    mapping = {}
    for name, schema in schemas(units, categories, sessions).items():
        path = target / f"{name}.schema.json"
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
        mapping[f"./{folder.name}/schemas/{name}.schema.json"] = FILES[name]
    settings_path = folder / "settings.json"
    settings = (
        json.loads(settings_path.read_text(encoding="utf-8")) if settings_path.exists() else {}
    )
    settings["yaml.schemas"] = mapping
    settings.setdefault("files.encoding", "utf8")
    settings.setdefault("files.autoGuessEncoding", False)
    settings.setdefault(
        "[yaml]", {"editor.insertSpaces": True, "editor.tabSize": 2, "editor.autoIndent": "keep"}
    )
    settings.setdefault("yaml.validate", True)
    settings.setdefault("yaml.completion", True)
    settings.setdefault("yaml.hover", True)
    settings_path.write_text(
        json.dumps(settings, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    written.append(settings_path)
    extensions = folder / "extensions.json"
    if not extensions.exists():
        extensions.write_text(
            json.dumps({"recommendations": ["redhat.vscode-yaml"]}, indent=2) + "\n",
            encoding="utf-8",
        )
        written.append(extensions)
    return written

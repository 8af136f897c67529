"""gongkai.tools.editor_schema: the JSON Schemas editors' tools use accept the demo, reject what they
can see is wrong, and explain every field in Chinese."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import yaml
from support import ALLOCATION, DISCLOSURE, EVENT, ROOT, STORY, gongkai

from gongkai.data.schema import Category, Unit
from gongkai.data.sessions import Session
from gongkai.tools.editor_schema import schemas

# -- schema -------------------------------------------------------------------------------------


def test_schema_writes_schemas_and_editor_settings(project):
    result = gongkai(project, "schema")
    assert result.returncode == 0
    settings = json.loads((project / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert (
        settings["yaml.schemas"]["./.vscode/schemas/disclosures.schema.json"]
        == "data/disclosures/**/*.yml"
    )
    schema = json.loads(
        (project / ".vscode" / "schemas" / "disclosures.schema.json").read_text(encoding="utf-8")
    )
    assert schema["properties"]["unit"]["enum"] == ["mine", "union", "zongcai1"]


class Yaml12Loader(yaml.SafeLoader):
    """As the YAML language server reads files (YAML 1.2 core schema): dates stay strings."""


Yaml12Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse(text: str):
    return yaml.load(text, Loader=Yaml12Loader)


@pytest.fixture(scope="module")
def demo_schemas():
    data = ROOT / "data"
    units = {
        u["id"]: Unit.model_validate(u)
        for u in yaml.safe_load((data / "units.yml").read_text(encoding="utf-8"))
    }
    categories = {
        c["id"]: Category.model_validate(c)
        for c in yaml.safe_load((data / "categories.yml").read_text(encoding="utf-8"))
    }
    sessions = {
        s["id"]: Session.model_validate(s)
        for s in yaml.safe_load((data / "sessions.yml").read_text(encoding="utf-8"))
    }
    return schemas(units, categories, sessions)


def errors(schema: dict, text: str) -> list[str]:
    validator = jsonschema.Draft7Validator(schema)
    return [e.message for e in validator.iter_errors(parse(text))]


@pytest.mark.parametrize("kind", ["disclosures", "allocations", "events", "stories"])
def test_every_demo_record_is_valid(demo_schemas, kind):
    files = sorted((ROOT / "data" / kind).rglob("*.yml"))
    assert files
    for path in files:
        assert errors(demo_schemas[kind], path.read_text(encoding="utf-8")) == [], path


def test_units_and_categories_are_valid(demo_schemas):
    assert (
        errors(demo_schemas["units"], (ROOT / "data" / "units.yml").read_text(encoding="utf-8"))
        == []
    )
    assert (
        errors(
            demo_schemas["categories"],
            (ROOT / "data" / "categories.yml").read_text(encoding="utf-8"),
        )
        == []
    )


def test_the_test_records_are_valid(demo_schemas):
    """The records of the other tests use units the demo has (union, zongcai1)."""
    for kind, text in (
        ("disclosures", DISCLOSURE),
        ("allocations", ALLOCATION),
        ("events", EVENT),
        ("stories", STORY),
    ):
        assert errors(demo_schemas[kind], text) == [], kind


@pytest.mark.parametrize(
    ("kind", "text", "why"),
    [
        (
            "disclosures",
            DISCLOSURE + "perod: {from: 2026-11-01, to: 2026-11-05}\n",
            "a misspelt key",
        ),
        ("disclosures", DISCLOSURE.replace("title: 公开测试\n", ""), "a missing field"),
        (
            "disclosures",
            DISCLOSURE.replace("unit: union", "unit: unoin"),
            "a unit not in units.yml",
        ),
        (
            "disclosures",
            DISCLOSURE.replace("welfare", "walfare"),
            "a category not in categories.yml",
        ),
        ("disclosures", DISCLOSURE.replace("公开测试", "长" * 121), "a title over 120 characters"),
        ("disclosures", DISCLOSURE.replace("2026-11-01", "11/01/2026"), "a date in the wrong form"),
        ("disclosures", DISCLOSURE + "period: {from: 2026-11-01}\n", "a period without its end"),
        (
            "disclosures",
            DISCLOSURE + "stages:\n  - {stage: approved, date: 2026-11-01}\n",
            "a stage that does not exist",
        ),
        ("disclosures", DISCLOSURE + "related: [things/x]\n", "a related record in the wrong form"),
        ("disclosures", DISCLOSURE + "draft: 是\n", "draft that is not true or false"),
        (
            "allocations",
            ALLOCATION.replace("kind: safety", "kind: bonsu"),
            "an allocation kind that does not exist",
        ),
        (
            "allocations",
            ALLOCATION.replace("month: 2026-10", "month: 2026年10月"),
            "a month in the wrong form",
        ),
        (
            "allocations",
            ALLOCATION.replace("amount: 1800", 'amount: "1800.001"'),
            "money with three decimals",
        ),
        (
            "allocations",
            ALLOCATION.replace(
                "{name: 王立新, post: 采煤机司机, amount: 1800}", "{post: 采煤机司机, amount: 1800}"
            ),
            "a row without a name",
        ),
        (
            "allocations",
            ALLOCATION.replace("period: {from: 2026-11-20, to: 2026-11-27}\n", ""),
            "an allocation without a period",
        ),
        (
            "events",
            EVENT.replace("start: 2026-11-08 14:00", "start: 2026-11-08 下午"),
            "a time in the wrong form",
        ),
        (
            "events",
            EVENT.replace("kind: sports", "kind: 球类"),
            "an event kind that does not exist",
        ),
        ("stories", STORY.replace("person: 李建国\n", ""), "a story without its person"),
        (
            "stories",
            STORY + "honors:\n  - {name: 劳模, year: 二〇二五}\n",
            "a year that is not a number",
        ),
    ],
)
def test_bad_inputs_are_rejected(demo_schemas, kind, text, why):
    assert errors(demo_schemas[kind], text), why


def _properties(schema: dict):
    for definition in [schema, *schema.get("definitions", {}).values()]:
        items = definition.get("items", {})
        yield from {**definition.get("properties", {}), **items.get("properties", {})}.items()


@pytest.mark.parametrize(
    "name", ["disclosures", "allocations", "events", "stories", "units", "categories"]
)
def test_every_field_has_a_chinese_title_and_description(demo_schemas, name):
    fields = list(_properties(demo_schemas[name]))
    assert fields
    for key, prop in fields:
        assert re.search(r"[\u4e00-\u9fff]", prop.get("title", "")), (name, key)
        assert re.search(r"[\u4e00-\u9fff]", prop.get("description", "")), (name, key)


def test_the_shipped_editor_settings_match_the_demo(demo_schemas):
    """.vscode/ in the repository is what `gongkai schema` writes for the demo."""
    import json

    for name, schema in demo_schemas.items():
        shipped = json.loads(
            (ROOT / ".vscode" / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
        )
        assert shipped == schema, name
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert set(settings["yaml.schemas"].values()) == {
        "data/disclosures/**/*.yml",
        "data/allocations/**/*.yml",
        "data/events/**/*.yml",
        "data/stories/**/*.yml",
        "data/proposals/**/*.yml",
        "data/units.yml",
        "data/categories.yml",
        "data/sessions.yml",
        "data/holidays.yml",
        "data/synonyms.yml",
    }


def test_the_editors_schema_knows_the_roster_and_working_days():
    schema = __import__("gongkai.tools.editor_schema", fromlist=["schemas"]).schemas({}, {})[
        "disclosures"
    ]
    text = str(schema)
    assert "名单公开方式" in text and "公示工作日数" in text and "'maximum': 30" in text


def test_the_synonyms_schema_takes_what_the_build_takes(demo_schemas):
    schema = demo_schemas["synonyms"]
    assert errors(schema, "- [劳保, 劳动保护]\n- [井口, 井口房, AB12]\n") == []
    assert errors(schema, "- [劳保]\n")  # a group of one
    assert errors(schema, "- [劳保, 劳保]\n")  # a word twice
    assert errors(schema, "- [井, 井口]\n")  # a word of one character
    assert errors(schema, "- [井口，井口房]\n")  # a Chinese comma makes one word with a mark
    assert errors(schema, "- [井口 房, 井口]\n")  # nor a space

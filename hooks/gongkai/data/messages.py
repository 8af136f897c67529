"""Pydantic's validation errors, said to an editor in Chinese with the field's meaning and the fix."""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from gongkai.data.source import Loc


def field_label(model: type[BaseModel], loc: Loc) -> str:
    """「period.to」（公示截止日期）: the dotted key an editor wrote and its Chinese title."""
    keys = [str(part) if isinstance(part, str) else f"第{part + 1}项" for part in loc]
    info = _field_at(model, loc)
    shown = "「" + ".".join(keys) + "」" if keys else "记录"
    return f"{shown}（{info.title}）" if info is not None and info.title else shown


def translate(
    model: type[BaseModel], error: ValidationError, skip: int = 0
) -> list[tuple[Loc, str]]:
    """Each pydantic error as (loc, Chinese message); skip leading loc parts (a list's index) for the message."""
    out = []
    for item in error.errors(include_url=False):
        head, loc = (
            tuple(item["loc"][:skip]),
            tuple(p for p in item["loc"][skip:] if not str(p).startswith("~")),
        )  # union tags
        error_type = item["type"]
        ctx = item.get("ctx") or {}
        if error_type.startswith("gk_at:"):
            # a model-level check that points at one of its own fields
            loc = loc + tuple(int(p) if p.isdigit() else p for p in error_type[6:].split("."))
            out.append((head + loc, item["msg"]))
            continue
        label = field_label(model, loc)
        value = item.get("input")
        out.append((head + loc, _message(model, error_type, loc, label, value, ctx, item["msg"])))
    return out


def _message(model, error_type: str, loc: Loc, label: str, value: Any, ctx: dict, raw: str) -> str:
    shown = _shown(value)
    if error_type == "gk":
        return f"{label}：{raw}"
    if error_type == "missing":
        return f"缺少必填字段{label}"
    if value is None and error_type.endswith("_type"):
        return f"{label}不能为空，请在冒号后面填写内容"
    if error_type == "extra_forbidden" and re.fullmatch(r"\d{3}(\.\d{1,2})?", str(loc[-1])):
        return (
            f"「{loc[-1]}」不是字段，多半是金额里的英文逗号把金额拆开了（在花括号 {{…}} 里，amount: ¥1,{loc[-1]} "
            f'会被拆成 amount: ¥1 和 {loc[-1]}）。请给金额加引号，如 amount: "1,{loc[-1]}"，或者不写逗号'
        )
    if error_type == "extra_forbidden":
        known = _known_keys(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.5)
        hint = (
            f"是否想写「{close[0]}」（{_title(model, loc[:-1] + (close[0],))}）？" if close else ""
        )
        allowed = "、".join(known)
        return f"「{loc[-1]}」不是可用的字段。{hint}此处可用的字段：{allowed}"
    if error_type == "literal_error":
        info = _field_at(model, loc)
        choices = (
            re.split("[，；]", (info.description or "").split("：", 1)[-1])[0]
            if info
            else ctx.get("expected")
        )
        return f"{label}的值“{shown}”不可用，可选：{choices}"
    if error_type == "string_too_long":
        return f"{label}太长：共 {len(str(value))} 个字，最多 {ctx.get('max_length')} 个字"
    if error_type == "too_long":
        return f"{label}太多：共 {ctx.get('actual_length')} 项，最多 {ctx.get('max_length')} 项"
    if error_type == "string_too_short":
        return f"{label}不能为空"
    if error_type == "too_short":
        return f"{label}至少要写 {ctx.get('min_length')} 项"
    if error_type == "string_pattern_mismatch":
        return f"{label}的值“{shown}”写法不对：{_pattern_hint(loc)}"
    if error_type in ("string_type", "str_type"):
        if isinstance(value, (dict, list)):
            return f"{label}：这里应填一段文字，不能是列表或多个字段"
        return f"{label}应填一段文字，而不是“{shown}”"
    if error_type in (
        "decimal_max_digits",
        "decimal_max_places",
        "decimal_whole_digits",
        "finite_number",
    ):
        return f"{label}的值“{shown}”应是一个普通的数字，如 26、1.25，最多四位小数"
    if error_type in ("decimal_parsing", "decimal_type"):
        return f"{label}应是数字，而不是“{shown}”"
    if error_type in ("list_type", "tuple_type"):
        return f"{label}应是一个列表（每项以“- ”开头）"
    if error_type in ("model_type", "dict_type", "model_attributes_type"):
        return f"{label}应写成“字段: 值”的形式（一组字段），而不是“{shown}”"
    if error_type == "bool_parsing" or error_type == "bool_type":
        return f"{label}只能写 true 或 false，而不是“{shown}”"
    if error_type in ("int_parsing", "int_type", "int_from_float"):
        return f"{label}应是整数，而不是“{shown}”"
    if error_type in ("greater_than_equal", "less_than_equal"):
        bound = ctx.get("ge", ctx.get("le"))
        word = "不能小于" if error_type == "greater_than_equal" else "不能大于"
        return f"{label}的值“{shown}”{word} {bound}"
    return f"{label}的值“{shown}”不符合要求"


def related_hint() -> str:
    """How to write a reference to another record, naming every kind."""
    from gongkai.kinds import (
        KINDS,  # the kinds' schemas use this module: imported when a message is made
    )

    folders = list(KINDS)
    return f"应写成 类型/id，类型为 {'、'.join(folders[:-1])} 或 {folders[-1]}，如 allocations/2026-10-zongcai1-bonus"


def _pattern_hint(loc: Loc) -> str:
    if loc and loc[0] == "related":
        return related_hint()
    return "只能用小写字母、数字和连字符“-”，以字母或数字开头，最长 64 个字符"


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, list):
        return "[…]"
    text = "" if value is None else str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _unwrap(annotation: Any) -> Any:
    """The model class inside Optional[...] / list[...] / Annotated[...], if any."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list):
        for arg in typing.get_args(annotation):
            found = _unwrap(arg)
            if isinstance(found, type) and issubclass(found, BaseModel):
                return found
        return None
    return annotation


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = _by_key(current).get(part)
        if info is None:
            return None
        current = _unwrap(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _by_key(model: type[BaseModel]) -> dict[str, Any]:
    return {(info.alias or name): info for name, info in model.model_fields.items()}


def _field_at(model: type[BaseModel], loc: Loc):
    keys = [part for part in loc if isinstance(part, str)]
    if not keys:
        return None
    parent = _model_at(model, loc[: max(i for i, p in enumerate(loc) if isinstance(p, str))])
    return _by_key(parent).get(keys[-1]) if parent else None


def _known_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    parent = _model_at(model, loc)
    return list(_by_key(parent)) if parent else []


def _title(model: type[BaseModel], loc: Loc) -> str:
    info = _field_at(model, loc)
    return info.title if info is not None and info.title else ""

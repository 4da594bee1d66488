"""The talk checked against the model, without starting pydantic when the data plainly fits.

Importing pydantic and building the talk's models takes longer than the rest of a build's own
work. The model (deck/model.py) stays the one statement of what a talk is: pydantic writes its
JSON schema once per version of the model; the engine ships it (deck/model_schemas.json, by the
sources and pydantic's version it was made from: `python -m deck.checked` writes it anew), so even
a first build on a new machine starts no pydantic, and any other model or pydantic makes its own
once and keeps it in the user's cache folder. A
talk whose every value plainly fits that schema (the exact type, within its bounds, nothing
pydantic would convert) becomes Entry records with the fields and values pydantic would give,
defaults and stripped white space included. Anything else, a mistake or a value pydantic would
coerce ("5" for 5), goes to pydantic itself, whose errors are the located messages the speaker
reads (deck/model_checks.py). tests/test_validate.py holds the two paths to the same result.
"""
from __future__ import annotations

import copy
import json
import re
from functools import lru_cache
from pathlib import Path

from . import load
from .files import cache_key, cached, package_stamp
from .kinds import slot_in_one_place
from .problems import Problem

MODELS = ("Talk", "FrontMatter")
# What the plain path understands of a schema; a node with any other keyword goes to pydantic.
KNOWN = frozenset({"title", "description", "default", "type", "properties", "required", "additionalProperties",
                   "items", "minLength", "maxLength", "minItems", "maxItems", "pattern", "minimum", "maximum",
                   "exclusiveMinimum", "exclusiveMaximum", "enum", "const", "anyOf", "oneOf", "discriminator",
                   "$ref", "propertyNames", "minProperties", "maxProperties"})
PLAIN_SPACE = " \t\r\n"  # what both pydantic and Python strip alike


class NotPlain(Exception):
    """A value the plain path does not judge: pydantic does."""


class Entry:
    """One model object (a Talk, a Section, a SlideEntry ...): its fields as attributes."""

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and vars(other) == vars(self)

    def __iter__(self):
        return iter(vars(self).items())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{name}={value!r}' for name, value in vars(self).items())})"


def model_or_problems(source: load.Source, model: str) -> tuple[object | None, list[Problem]]:
    """source.data as the model named (a Talk, a FrontMatter), or None and pydantic's located problems."""
    schemas = _schemas()
    try:
        made = _plain(schemas[model], source.data, schemas["$defs"])
    except NotPlain:
        return _by_pydantic(source, model)
    if model == "Talk":
        slot_in_one_place(made)
    return made, []


def _by_pydantic(source: load.Source, model: str) -> tuple[object | None, list[Problem]]:
    from pydantic import ValidationError

    from . import model as models
    from .model_checks import pydantic_problems

    kind = getattr(models, model)
    try:
        return kind.model_validate(source.data), []
    except ValidationError as error:
        return None, pydantic_problems(source, error, kind)


SHIPPED = Path(__file__).with_name("model_schemas.json")


@lru_cache(maxsize=1)
def _schemas() -> dict:
    """pydantic's JSON schema of each model: the shipped one where it was made from this model and
    this pydantic, else made once per version of the model and of pydantic and kept in the cache."""
    key = _schemas_key()
    shipped = _shipped_schemas(key)
    if shipped is not None:
        return shipped
    return json.loads(cached("model", f"{key}.json", _made_schemas,
                             lambda kept: set(json.loads(kept)) >= {"$defs", *MODELS}))


def _schemas_key() -> str:
    here = Path(__file__).resolve().parent
    return cache_key((here / "model.py").read_bytes(), (here / "kinds.py").read_bytes(),
                     (here / "edition_model.py").read_bytes(), package_stamp("pydantic", "version.py"))


def _shipped_schemas(key: str) -> dict | None:
    try:
        shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing or damaged: made as if it were not shipped
        return None
    if type(shipped) is not dict or shipped.get("key") != key or type(shipped.get("schemas")) is not dict \
            or not set(shipped["schemas"]) >= {"$defs", *MODELS}:
        return None
    return shipped["schemas"]


def ship_schemas() -> None:
    """deck/model_schemas.json written anew from the model, after model.py changed or pydantic moved."""
    shipped = {"key": _schemas_key(), "schemas": json.loads(_made_schemas())}
    SHIPPED.write_text(json.dumps(shipped, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _made_schemas() -> bytes:
    from . import model as models

    schemas: dict = {"$defs": {}}
    for name in MODELS:
        schema = getattr(models, name).model_json_schema()
        schemas["$defs"].update(schema.pop("$defs", {}))
        schemas[name] = schema
    return json.dumps(schemas).encode("utf-8")


@lru_cache(maxsize=None)
def _entry_kind(title: str) -> type:
    return type(title, (Entry,), {})


def _plain(schema: dict, value, defs: dict):
    """value as pydantic would give it for schema, or NotPlain."""
    if not KNOWN.issuperset(schema):
        raise NotPlain
    if "$ref" in schema:
        return _plain(defs[schema["$ref"].rsplit("/", 1)[1]], value, defs)
    if "anyOf" in schema or "oneOf" in schema:
        return _one_of(schema, value, defs)
    if "enum" in schema or "const" in schema:
        if type(value) is not str or value not in schema.get("enum", [schema.get("const")]):
            raise NotPlain
        return value
    kind = schema.get("type")
    if kind == "object" and "properties" in schema:
        return _entry(schema, value, defs)
    if kind == "object":
        if type(value) is not dict or not all(type(key) is str and key == key.strip() for key in value) \
                or not schema.get("minProperties", 0) <= len(value) <= schema.get("maxProperties", len(value)):
            raise NotPlain  # keys are stripped too: one with white space around it goes to pydantic
        for key in value:  # keys of a set of names (a map's legend, by tone): each one of them
            _plain(schema.get("propertyNames", {"type": "string"}), key, defs)
        return {key: _plain(schema.get("additionalProperties", {}), item, defs) for key, item in value.items()}
    if kind == "array":
        if type(value) is not list or not schema.get("minItems", 0) <= len(value) <= schema.get("maxItems", len(value)):
            raise NotPlain
        return [_plain(schema.get("items", {}), item, defs) for item in value]
    if kind == "string":
        return _string(schema, value)
    if kind in ("integer", "number"):
        if type(value) not in ((int,) if kind == "integer" else (int, float)) or value != value \
                or value in (float("inf"), float("-inf")):
            raise NotPlain
        _within(schema, value)
        return value if kind == "integer" else float(value)
    if kind == "boolean" and type(value) is bool:
        return value
    if kind == "null" and value is None:
        return None
    raise NotPlain


def _one_of(schema: dict, value, defs: dict):
    """A union: the one member whose type the value has exactly (pydantic's choice for such a value)."""
    members = schema.get("anyOf") or schema.get("oneOf")
    if "discriminator" in schema:
        tag = value.get(schema["discriminator"]["propertyName"]) if type(value) is dict else None
        target = schema["discriminator"]["mapping"].get(tag) if type(tag) is str else None
        if target is None:
            raise NotPlain
        return _plain({"$ref": target}, value, defs)
    matching = [member for member in members if _type_of(member, defs) == _json_type(value)]
    if not matching and _json_type(value) == "integer":  # a whole number for a float: pydantic makes it a float
        matching = [member for member in members if _type_of(member, defs) == "number"]
    if len(matching) != 1:
        raise NotPlain
    return _plain(matching[0], value, defs)


def _type_of(schema: dict, defs: dict) -> str | None:
    if "$ref" in schema:
        return _type_of(defs[schema["$ref"].rsplit("/", 1)[1]], defs)
    if "discriminator" in schema:
        return "object"
    return schema.get("type")


def _json_type(value) -> str | None:
    names = {str: "string", bool: "boolean", int: "integer", float: "number", dict: "object", list: "array",
             type(None): "null"}
    return names.get(type(value))


def _entry(schema: dict, value, defs: dict) -> Entry:
    properties = schema["properties"]
    if type(value) is not dict or not set(properties).issuperset(value) or not set(value).issuperset(
            schema.get("required", ())) or schema.get("additionalProperties") is not False:
        raise NotPlain
    entry = _entry_kind(schema.get("title", "Entry"))()
    for name, field in properties.items():
        if name in value:
            setattr(entry, name, _plain(field, value[name], defs))
        elif "default" in field:
            setattr(entry, name, copy.deepcopy(field["default"]))
        elif field.get("type") in ("array", "object"):  # default_factory=list or dict
            setattr(entry, name, [] if field["type"] == "array" else {})
        else:
            raise NotPlain
    return entry


def _string(schema: dict, value) -> str:
    if type(value) is not str:
        raise NotPlain
    text = value.strip(PLAIN_SPACE)  # every model strips white space (str_strip_whitespace)
    if text[:1].isspace() or text[-1:].isspace():  # other white space: pydantic's own rule decides
        raise NotPlain
    if not schema.get("minLength", 0) <= len(text) <= schema.get("maxLength", len(text)):
        raise NotPlain
    if "pattern" in schema and not re.search(schema["pattern"], text):
        raise NotPlain
    return text


def _within(schema: dict, number) -> None:
    bounds = (("minimum", number >= schema.get("minimum", number)), ("maximum", number <= schema.get("maximum", number)),
              ("exclusiveMinimum", "exclusiveMinimum" not in schema or number > schema["exclusiveMinimum"]),
              ("exclusiveMaximum", "exclusiveMaximum" not in schema or number < schema["exclusiveMaximum"]))
    if not all(held for _, held in bounds):
        raise NotPlain


if __name__ == "__main__":
    ship_schemas()

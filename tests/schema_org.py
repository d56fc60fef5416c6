"""Check that JSON-LD uses only schema.org's terms, against the vocabulary in
tests/data/schema_org_vocabulary.json (made by scripts/schema_org_vocabulary.py).

`unknown_terms(document)` walks a JSON-LD document written against the "https://schema.org"
context (nested objects, lists, `@graph`) and lists, with where each is:
- every `@type` that is not a schema.org type,
- every property that is not a schema.org property,
- every property on a typed object that schema.org does not expect on that type or any of its
  parent types (domainIncludes),
- every type or property schema.org has superseded, with its replacement.
Keywords (`@id`, `@value`…) are not terms. Terms may be written `name`, `schema:name` or
`https://schema.org/name`. What values a property takes (rangeIncludes) is not checked.
"""

import json
from functools import cache
from pathlib import Path

VOCABULARY = Path(__file__).with_name("data") / "schema_org_vocabulary.json"
CONTEXTS = {"https://schema.org", "https://schema.org/", "http://schema.org", "http://schema.org/"}
PREFIXES = ("schema:", "https://schema.org/", "http://schema.org/")

JsonLd = dict | list


@cache
def vocabulary() -> dict:
    return json.loads(VOCABULARY.read_text(encoding="utf-8"))


@cache
def ancestors(type_name: str) -> frozenset[str]:
    """The type and every type it descends from."""
    found = {type_name}
    for parent in vocabulary()["types"].get(type_name, []):
        found |= ancestors(parent)
    return frozenset(found)


def unknown_terms(document: JsonLd) -> list[str]:
    problems: list[str] = []
    if isinstance(document, dict) and "@context" in document:
        _check_context(document["@context"], "@context", problems)
    _walk(document, "", problems)
    return list(dict.fromkeys(problems))


def _check_context(context: object, where: str, problems: list[str]) -> None:
    if context not in CONTEXTS:
        problems.append(f"{where}: {context!r} is not the schema.org context")


def _term(name: str) -> str:
    for prefix in PREFIXES:
        if name.startswith(prefix):
            return name.removeprefix(prefix)
    return name


def _walk(node: object, where: str, problems: list[str]) -> None:
    if isinstance(node, list):
        for index, item in enumerate(node):
            _walk(item, f"{where}[{index}]", problems)
        return
    if not isinstance(node, dict):
        return
    types = _types(node, where, problems)
    for key, value in node.items():
        path = f"{where}.{key}" if where else key
        if key == "@context" and where:
            _check_context(value, path, problems)
        elif key in ("@graph", "@list", "@set"):
            _walk(value, path, problems)
        elif not key.startswith("@"):
            _check_property(_term(key), types, path, problems)
            _walk(value, path, problems)


def _types(node: dict, where: str, problems: list[str]) -> list[str]:
    declared = node.get("@type", [])
    names = [_term(name) for name in (declared if isinstance(declared, list) else [declared])]
    known = vocabulary()["types"]
    for name in names:
        if name not in known:
            problems.append(f"{where or 'document'}: type {name!r} is not a schema.org type")
        elif name in vocabulary()["superseded"]:
            problems.append(
                f"{where or 'document'}: type {name!r} is superseded by {vocabulary()['superseded'][name]!r}"
            )
    return [name for name in names if name in known]


def _check_property(name: str, types: list[str], path: str, problems: list[str]) -> None:
    domains = vocabulary()["properties"].get(name)
    if domains is None:
        problems.append(f"{path}: {name!r} is not a schema.org property")
        return
    if name in vocabulary()["superseded"]:
        problems.append(f"{path}: {name!r} is superseded by {vocabulary()['superseded'][name]!r}")
    if types and domains and not any(ancestors(t) & set(domains) for t in types):
        problems.append(f"{path}: {name!r} is not a property of {' or '.join(types)}")

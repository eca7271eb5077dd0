#!/usr/bin/env python3
"""Fails when backend/src breaks its layering (run by `make test` through CTest).

Each folder of backend/src sits on a floor; a file may include its own folder and folders on
lower floors, never a folder on its own floor or above. core/ includes nothing but the
standard library and core/. See the folder map in README.md.
"""
import pathlib
import re
import sys

# Lowest floor first. Folders on one floor are independent of each other.
FLOORS = [
    ["core", "text", "concurrency", "metrics"],  # domain rules, Unicode rules, the work queue,
                                                 # the monitoring interfaces
    ["store"],                         # SQLite: migrations, loading, batch writes, history
    ["messaging"],                     # the vocabulary the layers above share
    ["api", "cohorts"],                # protobuf <-> domain, request handling; people and cohorts
    ["engine", "auth"],                # the exchange instance and its threads; login systems
    ["net"],                           # HTTP and WebSocket server
    ["uploads"],                       # auction images and their routes
    ["app"],                           # wiring and the binary
]
FLOOR = {folder: level for level, folders in enumerate(FLOORS) for folder in folders}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.MULTILINE)


def problems(src: pathlib.Path):
    for path in sorted(src.rglob("*")):
        if path.suffix not in (".h", ".cpp") or not path.is_file():
            continue
        folder = path.relative_to(src).parts[0]
        if folder not in FLOOR:
            yield f"{path}: folder {folder}/ has no floor in scripts/check-layering.py"
            continue
        for kind, target in INCLUDE.findall(path.read_text(encoding="utf-8")):
            if folder == "core" and kind == "<" and ("/" in target or "." in target):
                yield f"{path}: core/ includes <{target}>, which is not the standard library"
            if folder == "core" and kind == '"' and not target.startswith("core/"):
                yield f'{path}: core/ includes "{target}"'
                continue
            if kind != '"' or "/" not in target:
                continue
            other = target.split("/")[0]
            if other == folder or other not in FLOOR:
                continue
            if FLOOR[other] >= FLOOR[folder]:
                yield (f'{path}: {folder}/ (floor {FLOOR[folder]}) includes "{target}" '
                       f"(floor {FLOOR[other]})")


def main() -> int:
    root = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).parents[1]
    src = root / "backend" / "src"
    if not src.is_dir():
        print(f"no {src}", file=sys.stderr)
        return 2
    found = list(problems(src))
    for problem in found:
        print(problem)
    if not found:
        print("layering: every include points to its own folder or a lower floor")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

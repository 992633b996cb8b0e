"""``smallville-sim world info`` and ``smallville-sim import-original``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from agents.paths import user_worlds_dir
from agents.world.inspection import inspect_world
from agents.world.original_import.importer import DEFAULT_WORLD_FOLDER_NAME, import_original
from agents.world.world_folder import load_world_folder


def add_world_commands(subcommands: argparse._SubParsersAction) -> None:
    world = subcommands.add_parser("world", help="inspect a world folder")
    world_sub = world.add_subparsers(dest="world_command", required=True)
    info = world_sub.add_parser("info", help="figures and problems of a world (map and scenarios)")
    info.add_argument("path", type=Path, help="a world folder or its .tmx map")
    info.add_argument("--json", action="store_true", help="print the report as JSON")
    info.set_defaults(handler=run_world_info)

    importer = subcommands.add_parser(
        "import-original", help="import the original Generative Agents town from your copy of its repository")
    importer.add_argument("source", type=Path,
                          help="a checkout of joonspk-research/generative_agents (or a folder laid out like it)")
    importer.add_argument("--out", type=Path, default=None,
                          help=f"world folder to write (default: your worlds folder/{DEFAULT_WORLD_FOLDER_NAME})")
    importer.add_argument("--force", action="store_true", help="replace a non-empty --out folder")
    importer.set_defaults(handler=run_import_original)


def run_world_info(args: argparse.Namespace) -> int:
    report = inspect_world(load_world_folder(args.path))
    if args.json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        print(report.to_text())
    return 0


def run_import_original(args: argparse.Namespace) -> int:
    out = args.out if args.out is not None else user_worlds_dir() / DEFAULT_WORLD_FOLDER_NAME
    result = import_original(args.source, out, force=args.force)
    print(f"imported the original town into {result.world_folder}")
    print(f"  {result.residents} residents, scenarios: {', '.join(result.scenarios)}")
    for place in result.dropped_places:
        print(f"  warning: known place without tiles left out of spatial memory: {place}", file=sys.stderr)
    print(f"  open it with: smallville --world {result.world_folder}")
    return 0

"""``smallville-sim saves list|show SLOT|fork SLOT NEW|delete SLOT``: the save slots from the command line.

The slots are the ones the window's Saves menu shows (the per-user saves folder, or ``--saves-dir``).
``list`` and ``show`` read only the headers (``show --verify`` also loads the body, checking its
length and sha256 and unpickling it the safe way); ``fork`` writes a copy that names its parent;
``delete`` asks first, and in a script (stdin not a terminal) deletes only with ``--yes``. Every
problem is one line on stderr and exit status 2 (a declined delete exits 1).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from agents.cli.wording import count_of
from agents.paths import user_saves_dir
from agents.persistence.errors import SaveSlotError
from agents.persistence.save_format import SaveHeader, read_header
from agents.persistence.save_slots import (
    SlotEntry,
    check_slot_name,
    delete_slot,
    fork_slot,
    list_slots,
    load_slot,
    slot_path,
)
from agents.persistence.thumbnails import existing_thumbnail

EXIT_DECLINED = 1
MAX_LINEAGE = 1000  # a chain longer than this is a loop of hand-edited headers


def _saves_dir_option() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--saves-dir", type=Path, default=None, metavar="DIR",
                        help="the saves folder (default: your per-user saves folder)")
    return common


def add_saves_commands(subcommands: argparse._SubParsersAction) -> None:
    common = _saves_dir_option()
    saves = subcommands.add_parser("saves", help="list, show, fork and delete save slots")
    saves_sub = saves.add_subparsers(dest="saves_command", required=True)
    listing = saves_sub.add_parser("list", parents=[common],
                                   help="the slots (name, scenario, world, game time, residents, date saved, "
                                        "parent) and the files that cannot be read")
    listing.add_argument("--json", action="store_true", help="print the listing as JSON")
    listing.set_defaults(handler=run_saves_list)
    show = saves_sub.add_parser("show", parents=[common], help="one slot: its header, thumbnail and lineage")
    show.add_argument("slot", help="the slot's name")
    show.add_argument("--verify", action="store_true",
                      help="also load the saved town (checks its length and sha256, and that it unpickles)")
    show.add_argument("--json", action="store_true", help="print it as JSON")
    show.set_defaults(handler=run_saves_show)
    fork = saves_sub.add_parser("fork", parents=[common], help="copy a slot into a new one that names it as parent")
    fork.add_argument("slot", help="the slot to copy")
    fork.add_argument("new", help="the new slot's name (must not exist)")
    fork.set_defaults(handler=run_saves_fork)
    delete = saves_sub.add_parser("delete", parents=[common], help="delete a slot (asks first unless --yes)")
    delete.add_argument("slot", help="the slot to delete")
    delete.add_argument("--yes", action="store_true", help="delete without asking (needed when stdin is not a terminal)")
    delete.set_defaults(handler=run_saves_delete)


def _saves_dir(args: argparse.Namespace) -> Path:
    return args.saves_dir if args.saves_dir is not None else user_saves_dir()


def _local(header: SaveHeader) -> str:
    return f"{header.created_at.astimezone():%Y-%m-%d %H:%M}"


def _header_json(header: SaveHeader) -> dict[str, Any]:
    return json.loads(header.to_json())


# -- list --------------------------------------------------------------------------------------------


def run_saves_list(args: argparse.Namespace) -> int:
    saves_dir = _saves_dir(args)
    listing = list_slots(saves_dir)
    if args.json:
        print(json.dumps({
            "saves_dir": str(saves_dir),
            "slots": [{"slot": e.slot, "path": str(e.path), "thumbnail": str(e.thumbnail) if e.thumbnail else None,
                       **_header_json(e.header)} for e in listing.slots],
            "problems": [{"path": str(p.path), "reason": p.reason} for p in listing.problems],
        }, indent=2, ensure_ascii=False))
        return 0
    if not listing.slots and not listing.problems:
        print(f"no save slots in {saves_dir}")
        return 0
    print(f"{count_of(len(listing.slots), 'save slot')} in {saves_dir}, oldest first:")
    if listing.slots:
        _print_table(listing.slots, sys.stdout)
    if listing.problems:
        print(f"{count_of(len(listing.problems), 'file')} that cannot be read:")
        for problem in listing.problems:
            print(f"  {problem.reason}")
    return 0


def _print_table(entries: tuple[SlotEntry, ...], out: TextIO) -> None:
    rows = [("slot", "scenario", "world", "game time", "residents", "saved", "parent")]
    rows += [(e.slot, e.header.scenario, e.header.world, f"{e.header.game_time:%a %Y-%m-%d %H:%M}",
              str(e.header.resident_count), _local(e.header), e.header.parent_slot or "-") for e in entries]
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    out.writelines("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() + "\n"
                   for row in rows)


# -- show --------------------------------------------------------------------------------------------


def lineage_of(slot: str, saves_dir: Path) -> list[tuple[str, str]]:
    """The slot's ancestors, its parent first: (name, "" or what is wrong with it: deleted,
    unreadable, not a slot name, a loop)."""
    chain: list[tuple[str, str]] = []
    seen = {slot}
    parent = read_header(slot_path(slot, saves_dir)).parent_slot
    while parent is not None and len(chain) < MAX_LINEAGE:
        if parent in seen:
            chain.append((parent, "a loop: named again as a parent"))
            break
        seen.add(parent)
        try:
            check_slot_name(parent, "parent slot")
        except SaveSlotError:
            chain.append((parent, "not a valid slot name"))
            break
        path = slot_path(parent, saves_dir)
        if not path.exists():
            chain.append((parent, "deleted"))
            break
        try:
            header = read_header(path)
        except SaveSlotError as error:
            chain.append((parent, f"unreadable: {error.problem}"))
            break
        chain.append((parent, ""))
        parent = header.parent_slot
    return chain


def forks_of(slot: str, saves_dir: Path) -> list[str]:
    """The slots in ``saves_dir`` that name ``slot`` as their parent."""
    return [entry.slot for entry in list_slots(saves_dir).slots if entry.header.parent_slot == slot]


def run_saves_show(args: argparse.Namespace) -> int:
    saves_dir = _saves_dir(args)
    path = slot_path(check_slot_name(args.slot, "slot"), saves_dir)
    header = read_header(path)
    thumbnail = existing_thumbnail(path)
    lineage = lineage_of(args.slot, saves_dir)
    forks = forks_of(args.slot, saves_dir)
    verified = ""
    if args.verify:
        loaded = load_slot(args.slot, saves_dir)
        verified = (f"the saved town checks out: sha256 matches, it loads as {loaded.simulation.world.name} / "
                    f"{loaded.simulation.scenario_name} with {count_of(len(loaded.simulation.residents), 'resident')}")
    if args.json:
        print(json.dumps({"slot": args.slot, "path": str(path), "thumbnail": str(thumbnail) if thumbnail else None,
                          "header": _header_json(header),
                          "lineage": [{"slot": name, "problem": problem or None} for name, problem in lineage],
                          "forks": forks, **({"verified": True} if args.verify else {})},
                         indent=2, ensure_ascii=False))
        return 0
    chain = " <- ".join([args.slot] + [f"{name} ({problem})" if problem else name for name, problem in lineage])
    lines = [
        f"slot:        {args.slot}",
        f"file:        {path} ({count_of(header.body_bytes, 'byte')} of saved state)",
        f"world:       {header.world}",
        f"scenario:    {header.scenario}",
        f"game time:   {header.game_time:%a %Y-%m-%d %H:%M:%S} (step {header.step_index})",
        f"residents:   {header.resident_count}",
        f"saved:       {_local(header)} (your time; {header.created_at.isoformat(timespec='seconds')})",
        f"app version: {header.app_version} (save format {header.format_version})",
        f"sha256:      {header.body_sha256}",
        f"thumbnail:   {thumbnail if thumbnail else 'none'}",
        f"parent:      {header.parent_slot or 'none (not a fork)'}",
        f"lineage:     {chain}" + ("" if lineage else " (no parent)"),
        f"forks:       {', '.join(forks) if forks else 'none'}",
        f"recording:   {header.recording + f' (replays from step {header.step_index})' if header.recording else 'none'}",
    ]
    if verified:
        lines.append(f"verified:    {verified}")
    print("\n".join(lines))
    return 0


# -- fork and delete ---------------------------------------------------------------------------------


def run_saves_fork(args: argparse.Namespace) -> int:
    saves_dir = _saves_dir(args)
    check_slot_name(args.slot, "slot")
    check_slot_name(args.new, "new slot")
    if args.new == args.slot:
        raise SaveSlotError(f"slot name {args.new!r}", "a fork needs a name of its own", "pick another name")
    header = fork_slot(args.slot, args.new, saves_dir)
    print(f"forked slot {args.slot!r} into {args.new!r} (game time {header.game_time:%a %Y-%m-%d %H:%M}, "
          f"parent {args.slot!r}): {slot_path(args.new, saves_dir)}")
    return 0


def run_saves_delete(args: argparse.Namespace) -> int:
    saves_dir = _saves_dir(args)
    path = slot_path(check_slot_name(args.slot, "slot"), saves_dir)
    if not path.is_file() and not path.is_symlink():
        raise SaveSlotError(path, f"there is no save slot named {args.slot!r} to delete",
                            "smallville-sim saves list shows the slots")
    try:
        header = read_header(path)
        about = f"{header.world} / {header.scenario}, game time {header.game_time:%a %Y-%m-%d %H:%M}, saved {_local(header)}"
    except SaveSlotError as error:
        about = f"unreadable: {error.problem}"
    forks = forks_of(args.slot, saves_dir)
    if not args.yes:
        if not sys.stdin.isatty():
            print(f"smallville-sim: error: not deleting slot {args.slot!r} ({about}) without a confirmation, and "
                  "stdin is not a terminal to ask on; add --yes to delete it", file=sys.stderr)
            return 2
        try:
            answer = input(f"Delete slot {args.slot!r} ({about})? This cannot be undone. [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            print(f"kept slot {args.slot!r}")
            return EXIT_DECLINED
    delete_slot(args.slot, saves_dir)
    print(f"deleted slot {args.slot!r} ({path})")
    if forks:
        names = ", ".join(repr(fork) for fork in forks)
        print(f"note: {names} named it as {'its parent; it still loads' if len(forks) == 1 else 'their parent; they still load'}")
    return 0

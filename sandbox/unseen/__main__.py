"""``python -m sandbox.unseen [--round2 | --round3 | --round4 | --round5 | --round6]
[--write-ground-truth]``: serve the unseen province (or its second, third, fourth, fifth or sixth
round), or regenerate the committed ground truth of all rounds."""

from __future__ import annotations

import argparse
import contextlib
import threading

from sandbox.province import Province
from sandbox.unseen import (
    CMS,
    DATA_DIR,
    UnseenProvince,
    start_unseen,
    start_unseen_round2,
    start_unseen_round3,
    start_unseen_round4,
    start_unseen_round5,
    start_unseen_round6,
    write_all,
)


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the unseen province (استان قزوین)")
    parser.add_argument(
        "--prefix",
        help="default 127.0.2. (127.0.12. with --round2, 127.0.13. with --round3, "
        "127.0.15. with --round4, 127.0.19. with --round5, 127.0.23. with --round6)",
    )
    parser.add_argument(
        "--port",
        type=int,
        help="default 8082 (8093 with --round2, 8094 with --round3, 8095 with --round4, "
        "8096 with --round5, 8097 with --round6)",
    )
    rounds = parser.add_mutually_exclusive_group()
    rounds.add_argument("--round2", action="store_true", help="serve the four styles of round 2")
    rounds.add_argument("--round3", action="store_true", help="serve the four styles of round 3")
    rounds.add_argument("--round4", action="store_true", help="serve the three styles of round 4")
    rounds.add_argument("--round5", action="store_true", help="serve the six styles of round 5")
    rounds.add_argument("--round6", action="store_true", help="serve the six styles of round 6")
    parser.add_argument("--write-ground-truth", action="store_true")
    args = parser.parse_args()
    if args.write_ground_truth:
        for path in write_all(DATA_DIR):
            print(path)
        return
    province: Province
    if args.round2:
        port = 8093 if args.port is None else args.port
        province = start_unseen_round2(args.prefix or "127.0.12.", port)
    elif args.round3:
        port = 8094 if args.port is None else args.port
        province = start_unseen_round3(args.prefix or "127.0.13.", port)
    elif args.round4:
        port = 8095 if args.port is None else args.port
        province = start_unseen_round4(args.prefix or "127.0.15.", port)
    elif args.round5:
        port = 8096 if args.port is None else args.port
        province = start_unseen_round5(args.prefix or "127.0.19.", port)
    elif args.round6:
        port = 8097 if args.port is None else args.port
        province = start_unseen_round6(args.prefix or "127.0.23.", port)
    else:
        port = 8082 if args.port is None else args.port
        province = start_unseen(args.prefix or "127.0.2.", port)
    with province:
        for portal in province.portals.values():
            print(f"{portal.origin}/  {portal.id}  {CMS[portal.id]}", flush=True)
        siblings = province.siblings if isinstance(province, UnseenProvince) else {}
        for portal_id, named in siblings.items():
            for name, sibling in named.items():
                print(f"{sibling.origin}/  {name} of {portal_id}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()

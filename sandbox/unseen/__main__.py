"""``python -m sandbox.unseen [--round N] [--write-ground-truth]``: serve the unseen province
(or a later round of styles, :data:`sandbox.unseen.ROUNDS`), or regenerate the committed ground
truth of all rounds."""

from __future__ import annotations

import argparse
import contextlib
import threading

from sandbox.unseen import CMS, DATA_DIR, ROUNDS, start_round, write_all


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the unseen province (استان قزوین)")
    parser.add_argument(
        "--round",
        type=int,
        choices=sorted(ROUNDS),
        default=1,
        help="which round of styles to serve (default 1, the unseen province itself)",
    )
    parser.add_argument("--prefix", help="hosts' prefix, default the round's own (127.0.2. for 1)")
    parser.add_argument("--port", type=int, help="default the round's own (8082 for round 1)")
    parser.add_argument("--write-ground-truth", action="store_true")
    args = parser.parse_args()
    if args.write_ground_truth:
        for path in write_all(DATA_DIR):
            print(path)
        return
    spec = ROUNDS[args.round]
    province = start_round(args.round, args.prefix, spec.port if args.port is None else args.port)
    with province:
        for portal in province.portals.values():
            print(f"{portal.origin}/  {portal.id}  {CMS[portal.id]}", flush=True)
        for portal_id, named in province.siblings.items():
            for name, sibling in named.items():
                print(f"{sibling.origin}/  {name} of {portal_id}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()

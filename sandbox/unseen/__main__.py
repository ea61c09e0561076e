"""``python -m sandbox.unseen [--write-ground-truth]``: serve the unseen province, or
regenerate its committed ground truth."""

from __future__ import annotations

import argparse
import contextlib
import threading

from sandbox.unseen import CMS, DATA_DIR, start_unseen, write_all


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the unseen province (استان قزوین)")
    parser.add_argument("--prefix", default="127.0.2.")
    parser.add_argument("--port", type=int, default=8082)
    parser.add_argument("--write-ground-truth", action="store_true")
    args = parser.parse_args()
    if args.write_ground_truth:
        for path in write_all(DATA_DIR):
            print(path)
        return
    with start_unseen(args.prefix, args.port) as province:
        for portal in province.portals.values():
            print(f"{portal.origin}/  {portal.id}  {CMS[portal.id]}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()

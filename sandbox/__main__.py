"""``python -m sandbox [--port 8081] [--prefix 127.0.1.]``: explore the province in a browser."""

from __future__ import annotations

import argparse
import contextlib
import threading

from sandbox import start_province
from sandbox.groundtruth import DATA_DIR, write_all


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the sandbox province (استان البرز)")
    parser.add_argument(
        "--prefix", default="127.0.1.", help="loopback prefix; portal N gets prefix+N"
    )
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--slow", type=float, default=1.5, help="seconds the slow page takes")
    parser.add_argument(
        "--write-ground-truth",
        action="store_true",
        help="regenerate sandbox/data/*/ground_truth.json",
    )
    args = parser.parse_args()
    if args.write_ground_truth:
        for path in write_all(DATA_DIR):
            print(path)
        return
    with start_province(args.prefix, args.port, args.slow) as province:
        for portal in province.portals.values():
            print(f"{portal.origin}/  {portal.id}  {portal.agency}", flush=True)
        print("Ctrl-C to stop.", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()

"""``make eval``: crawl the sandbox province and print search quality per query class."""

from __future__ import annotations

import argparse
from pathlib import Path

from tests.relevance.harness import crawled_province, run


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.relevance")
    parser.add_argument("--index", type=Path, help="evaluate this index instead of crawling")
    parser.add_argument("--failures", action="store_true", help="list the queries that miss")
    args = parser.parse_args()
    if args.index:
        report = run(args.index)
    else:
        with crawled_province() as index_dir:
            report = run(index_dir)
    print(report.render())
    if args.failures:
        print()
        print("\n".join(report.failures()) or "no failing queries")


if __name__ == "__main__":
    main()

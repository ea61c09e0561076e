"""Run the benchmarks: ``python -m bench [--services N] [--skip-crawl]``."""

from __future__ import annotations

import argparse

from bench import analysis, search


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--skip-crawl", action="store_true")
    args = parser.parse_args()
    print("Dargah benchmarks — ratios are against a baseline measured in this same run\n")
    sections = [("Persian analysis", analysis.run)]
    if not args.skip_crawl:
        from bench import crawl

        sections.append(("Crawl (sandbox province over loopback)", crawl.run))
    sections.append(("Index and search", lambda: search.run(args.services)))
    for title, section in sections:
        print(f"== {title}")
        for line in section():
            print("  " + line, flush=True)
        print()


if __name__ == "__main__":
    main()

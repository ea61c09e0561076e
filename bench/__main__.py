"""Run the benchmarks: ``python -m bench [--services N] [--skip-crawl] [--skip-http]``.

``python -m bench http`` runs only the HTTP load stage (see :mod:`bench.http`).
"""

from __future__ import annotations

import argparse

from bench import analysis, http, search


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--skip-crawl", action="store_true")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--http-workers", type=int, default=2)
    parser.add_argument("stage", nargs="?", choices=["all", "http"], default="all")
    args = parser.parse_args()
    http_stage = (
        "HTTP load (search and /go beside a bare FastAPI endpoint)",
        lambda: http.run(workers=args.http_workers),
    )
    if args.stage == "http":
        print("Dargah benchmarks — ratios are against a baseline measured in this same run\n")
        print(f"== {http_stage[0]}")
        for line in http_stage[1]():
            print("  " + line, flush=True)
        return
    print("Dargah benchmarks — ratios are against a baseline measured in this same run\n")
    sections = [("Persian analysis", analysis.run)]
    if not args.skip_crawl:
        from bench import crawl

        sections.append(("Crawl (sandbox province over loopback)", crawl.run))
    sections.append(("Index and search", lambda: search.run(args.services)))
    if not args.skip_http:
        sections.append(http_stage)
    for title, section in sections:
        print(f"== {title}")
        for line in section():
            print("  " + line, flush=True)
        print()


if __name__ == "__main__":
    main()

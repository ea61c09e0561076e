"""Run the benchmarks: ``python -m bench [--services N] [--skip-crawl] [--skip-http]
[--elasticsearch URL] [--only elasticsearch]``.

``python -m bench http`` runs only the HTTP load stage (see :mod:`bench.http`).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from bench import analysis, http, search


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--skip-crawl", action="store_true")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--http-workers", type=int, default=2)
    parser.add_argument("stage", nargs="?", choices=["all", "http"], default="all")
    parser.add_argument(
        "--elasticsearch", metavar="URL", help="a live cluster: adds Elasticsearch beside tantivy"
    )
    parser.add_argument("--only", choices=["elasticsearch"], help="run only that stage")
    args = parser.parse_args()
    if args.only == "elasticsearch" and not args.elasticsearch:
        parser.error("--only elasticsearch needs --elasticsearch URL (make bench-es starts a node)")
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
    sections: list[tuple[str, Callable[[], list[str]]]] = []
    if args.only is None:
        sections.append(("Persian analysis", analysis.run))
        if not args.skip_crawl:
            from bench import crawl

            sections.append(("Crawl (sandbox province over loopback)", crawl.run))
        sections.append(("Index and search", lambda: search.run(args.services)))
        if not args.skip_http:
            sections.append(http_stage)
    if args.elasticsearch:
        from bench import elasticsearch

        sections.append(
            (
                f"Elasticsearch beside tantivy ({args.elasticsearch})",
                lambda: elasticsearch.run(args.services, args.elasticsearch),
            )
        )
    for title, section in sections:
        print(f"== {title}")
        for line in section():
            print("  " + line, flush=True)
        print()


if __name__ == "__main__":
    main()

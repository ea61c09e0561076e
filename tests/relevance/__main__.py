"""``make eval``: search quality on both judged sets, per query class, beside the baselines.

1. the sandbox province, crawled by the real crawler (judgements written with the code);
2. the external set: 318 real service records the code was never written against, judged
   before any run, reported per split (dev: may be tuned on; heldout: the honest figure);
3. the fresh set: 160 real records of other agencies that nobody tuning the engine has seen,
   indexed alone like the external set; reported only, never tuned on, never listed query by
   query (no ``--failures`` for it);
   Beside both, how many mechanical spelling variants of their queries keep the top 5
   (``tests/relevance/variants.py``: issue 8's own measure of robustness).
4. the blind sets, written by someone who never saw the code or a result, on the sandbox
   province's services and on real records of three other agency groups, all in one index
   as the hidden evaluation mixes them (``tests/relevance/blind.py``; needs the crawl).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tests.relevance import blind, external, rivals, variants
from tests.relevance.harness import Report, compare, compare_backend, crawled_province


def _print_failures(report: Report, limit: int) -> None:
    lines = report.failures()
    print("\n".join(lines[:limit]) or "no failing queries")
    if len(lines) > limit:
        print(f"… and {len(lines) - limit} more")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.relevance")
    parser.add_argument("--index", type=Path, help="a sandbox index to use instead of crawling")
    parser.add_argument("--failures", action="store_true", help="list the queries that miss")
    parser.add_argument("--skip-sandbox", action="store_true", help="only the external set")
    parser.add_argument(
        "--heldout-failures",
        action="store_true",
        help="also list failing held-out queries (never while tuning the engine)",
    )
    args = parser.parse_args()
    blind_sets: dict[str, dict[str, Report]] = {}  # crawled with the sandbox, not with --index

    if not args.skip_sandbox:
        from indexer.backends import open_backend

        print("== Sandbox province (judgements written with the code) ==")
        if args.index:
            backend = open_backend(args.index, readonly=True)
            try:
                sandbox = compare_backend(backend)
            finally:
                backend.close()
        else:
            with crawled_province() as index_dir:
                backend = open_backend(index_dir, readonly=True)
                try:
                    sandbox = compare_backend(backend)
                finally:
                    backend.close()
                backend = open_backend(index_dir)
                try:
                    blind_sets = blind.run(backend)
                finally:
                    backend.close()
        print(compare(sandbox))
        if args.failures:
            print()
            _print_failures(sandbox["gateway"], 60)
        print()

    with external.embedded_backend() as backend:
        reports = external.run(backend)
        spellings = variants.run(backend)
        utilities = rivals.run(backend)
    for split in external.SPLITS:
        print(f"== External set, {split} (real records, judged before any run) ==")
        print(compare({name: r.only(split) for name, r in reports.items()}))
        print()
    print("== External set, dev + heldout ==")
    print(compare(reports))
    misses = external.floor_failures(reports)
    print()
    print("issue 8 floors: " + ("all met" if not misses else "; ".join(misses)))
    print()
    print("== External set: spelling variants keeping the top 5 (issue 8's «5 of 197») ==")
    print(variants.render(spellings))
    print()
    print("== External set: queries naming one utility, another's service in the top 5 ==")
    print(rivals.render(utilities))
    if args.failures:
        print()
        print("failing external dev queries (gateway):")
        _print_failures(reports["gateway"].only("dev"), 80)
    if args.heldout_failures:
        print()
        print("failing external held-out queries (gateway):")
        _print_failures(reports["gateway"].only("heldout"), 80)

    with external.embedded_backend(external.FRESH_SERVICES) as backend:
        fresh = external.run_fresh(backend)
        fresh_spellings = variants.run(
            backend, external.FRESH_SERVICES, external.FRESH_JUDGMENTS, external.FRESH_SPLITS
        )
        fresh_utilities = rivals.run(
            backend, external.FRESH_SERVICES, external.FRESH_JUDGMENTS, external.FRESH_SPLITS
        )
    print()
    print("== Fresh set (never tuned on) ==")
    print(compare(fresh))
    print()
    print("== Fresh set: spelling variants keeping the top 5 ==")
    print(variants.render(fresh_spellings))
    print()
    print("== Fresh set: queries naming one utility, another's service in the top 5 ==")
    print(rivals.render(fresh_utilities))

    for name, reports in blind_sets.items():
        for split in external.SPLITS:
            print()
            print(f"== Blind set «{name}», {split} (written without the code or any result) ==")
            print(compare({system: r.only(split) for system, r in reports.items()}))


if __name__ == "__main__":
    main()

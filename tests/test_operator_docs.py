"""The architecture map and the operations guide point at things that exist (issue 12)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from dargah.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
OPERATIONS = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")


def where_is_rows() -> list[str]:
    section = ARCHITECTURE[ARCHITECTURE.index("## Where is") :]
    section = section[: section.index("\n## ", 5)]
    return [line for line in section.splitlines() if line.startswith("| ") and "`" in line]


@pytest.mark.parametrize("row", where_is_rows())
def test_every_where_is_entry_names_a_real_file_and_function(row: str) -> None:
    """Each `path.py` exists and each name after it is defined there (`Class.method` too)."""
    answer = row.split("|")[2]
    current: Path | None = None
    for token in re.findall(r"`([^`]+)`", answer):
        if token.endswith(".py") or token.endswith("/"):
            current = ROOT / token
            assert current.exists(), f"{token} does not exist ({row})"
            continue
        if current is None or current.is_dir():
            continue
        source = current.read_text(encoding="utf-8")
        for name in re.split(r"[./]", token):
            if name.isidentifier():
                assert re.search(rf"(def|class) {name}\b|^{name} =", source, re.M), (
                    f"{name} not defined in {current.relative_to(ROOT)} ({row})"
                )


def test_the_map_finds_token_checks_and_job_claims_in_one_step() -> None:
    rows = "\n".join(where_is_rows())
    assert "registry/access.py` `AccessStore.authenticate" in rows
    assert "gateway_api/auth.py" in rows
    assert "registry/jobs.py` `OpsStore.claim_job" in rows


def operations_commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", OPERATIONS, re.S)
    return [
        line.split("#")[0].split(">")[0].strip()
        for block in blocks
        for line in block.splitlines()
        if line.startswith("dargah ")
    ]


@pytest.mark.parametrize("command", operations_commands())
def test_every_command_in_the_operations_guide_parses(command: str) -> None:
    build_parser().parse_args(shlex.split(command)[1:])


def test_the_guide_is_linked_from_the_readme() -> None:
    assert "docs/operations.md" in (ROOT / "README.md").read_text(encoding="utf-8")

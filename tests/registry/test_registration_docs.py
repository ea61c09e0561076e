"""docs/registration.md cannot rot: its examples validate and its error messages are the code's.

The markers in fenced blocks' info strings are described in the document's last
section ("For maintainers"): ``registration`` (optionally ``sandbox=ID``),
``refused`` (followed by a ``text`` block with the exact error), ``accepted``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import annotated_types
import pytest
from pydantic import BaseModel

from dargah import cli
from registry.registration import Limits, Registration, RegistrationError, Schedule, Strategy
from sandbox.registry import registration as sandbox_registration

DOC = Path(__file__).parents[2] / "docs" / "registration.md"
FENCE = re.compile(r"^```(?P<lang>\w+)(?P<info>[^\n]*)\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
SUFFIX = {"yaml": ".yaml", "toml": ".toml", "json": ".json"}


@dataclass(frozen=True)
class Block:
    lang: str
    marker: str  # registration, refused, accepted, or "" for illustrations
    options: dict[str, str]
    body: str
    line: int
    following: Block | None = None  # the next fenced block (a refused block's error text)


def _blocks(text: str) -> list[Block]:
    found: list[Block] = []
    for match in FENCE.finditer(text):
        words = match["info"].split()
        found.append(
            Block(
                lang=match["lang"],
                marker=words[0] if words else "",
                options=dict(w.split("=", 1) for w in words[1:] if "=" in w),
                body=match["body"],
                line=text.count("\n", 0, match.start()) + 1,
            )
        )
    return [
        Block(**{**b.__dict__, "following": found[i + 1] if i + 1 < len(found) else None})
        for i, b in enumerate(found)
    ]


TEXT = DOC.read_text(encoding="utf-8")
BLOCKS = _blocks(TEXT)


def _marked(marker: str) -> list[Block]:
    return [b for b in BLOCKS if b.marker == marker]


def _ids(blocks: list[Block]) -> list[str]:
    return [f"line{b.line}-{b.lang}" for b in blocks]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Files are written and named relative to here, as in ``dargah portals add portal.yaml``."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _load(block: Block) -> Registration:
    """The CLI's path: a file with the block's extension, read by Registration.load."""
    assert block.lang in SUFFIX, f"line {block.line}: no file format for {block.lang!r}"
    path = Path(f"portal{SUFFIX[block.lang]}")
    path.write_text(block.body, encoding="utf-8")
    return Registration.load(path)


def test_the_document_has_what_the_tests_rely_on(workdir: Path) -> None:
    registrations = _marked("registration")
    strategies = {_load(block).strategy for block in registrations}
    assert strategies == set(Strategy), "one worked example per strategy"
    assert {b.lang for b in registrations} == {"yaml", "toml", "json"}
    assert len(_marked("refused")) >= 10
    assert _marked("accepted")
    unknown = {b.marker for b in BLOCKS if b.lang in SUFFIX} - {
        "registration",
        "refused",
        "accepted",
        "",
    }
    assert not unknown, f"unknown block markers {unknown}"


@pytest.mark.parametrize("block", _marked("registration"), ids=_ids(_marked("registration")))
def test_worked_example_is_a_valid_registration(block: Block, workdir: Path) -> None:
    registration = _load(block)
    portal_id = block.options.get("sandbox")
    if portal_id:
        homepage = urlsplit(registration.homepage)
        origin = f"{homepage.scheme}://{homepage.netloc}"
        assert registration == sandbox_registration(portal_id, origin), (
            f"line {block.line}: differs from sandbox/registrations/{portal_id}.yaml"
        )


@pytest.mark.parametrize("block", _marked("refused"), ids=_ids(_marked("refused")))
def test_documented_error_is_the_one_the_code_gives(block: Block, workdir: Path) -> None:
    assert block.following is not None and block.following.lang == "text", (
        f"line {block.line}: a refused block must be followed by a ```text block"
    )
    with pytest.raises(RegistrationError) as refused:
        _load(block)
    assert f"dargah: {refused.value}" == block.following.body.strip()


@pytest.mark.parametrize("block", _marked("accepted"), ids=_ids(_marked("accepted")))
def test_known_gap_is_still_accepted(block: Block, workdir: Path) -> None:
    """When validation learns to refuse one of these, move it to the mistakes section."""
    _load(block)


def test_the_cli_prints_the_documented_error_and_stores_nothing(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    block = _marked("refused")[0]
    assert block.following is not None and block.lang == "yaml"
    Path("portal.yaml").write_text(block.body, encoding="utf-8")
    monkeypatch.setenv("GATEWAY_DATA_DIR", str(workdir / "var"))
    monkeypatch.delenv("GATEWAY_DATABASE_URL", raising=False)
    with pytest.raises(SystemExit) as exited:
        cli.main(["portals", "add", "portal.yaml"])
    assert exited.value.code == 2
    assert capsys.readouterr().err.strip() == block.following.body.strip()
    assert not (workdir / "var").exists()


def _field_names(model: type[BaseModel]) -> set[str]:
    names = set()
    for name, info in model.model_fields.items():
        names.add(name)
        for arg in (info.annotation, *getattr(info.annotation, "__args__", ())):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                names |= _field_names(arg)
    return names


@pytest.mark.parametrize("name", sorted(_field_names(Registration)))
def test_every_schema_field_is_documented(name: str) -> None:
    assert f"| `{name}` |" in TEXT, f"field {name!r} has no row in a reference table"


def _bounds(info: object) -> str:
    symbols = {
        annotated_types.Ge: ("≥", "ge"),
        annotated_types.Gt: (">", "gt"),
        annotated_types.Le: ("≤", "le"),
        annotated_types.Lt: ("<", "lt"),
    }
    parts = []
    for item in getattr(info, "metadata", []):
        symbol, attr = symbols[type(item)]
        parts.append(f"{symbol} {getattr(item, attr):g}")
    return ", ".join(parts)


@pytest.mark.parametrize(
    ("model", "name"),
    [(m, n) for m in (Limits, Schedule) for n in m.model_fields],
)
def test_limits_tables_state_the_schema_defaults_and_ranges(
    model: type[BaseModel], name: str
) -> None:
    row = re.search(rf"^\| `{name}` \|(.*)\|$", TEXT, re.M)
    assert row, f"no table row for {name}"
    _type, default, allowed, _meaning = (c.strip() for c in row[1].split("|"))
    info = model.model_fields[name]
    assert float(default) == info.default
    assert allowed == _bounds(info)

"""The `dargah` command (placeholder until the CLI lands)."""


def main() -> None:
    raise SystemExit("dargah: not yet")

"""`make lint`: no module of ours over 600 lines, outside migrations, demo data and tests (issue 12).

A module that grows past it has more than one concern: split it along its seams (as projects/services/ is).
"""

import sys
from pathlib import Path

LIMIT = 600
APPS = ("config", "cms", "forums", "projects", "network", "ops")


def exempt(path: Path) -> bool:
    return "migrations" in path.parts or path.stem == "demo" or path.stem.startswith("demo_")


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    too_long = []
    for app in APPS:
        for path in sorted((root / app).rglob("*.py")):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > LIMIT and not exempt(path.relative_to(root)):
                too_long.append(f"{path.relative_to(root)}: {lines} lines (limit {LIMIT})")
    for line in too_long:
        print(line, file=sys.stderr)
    return 1 if too_long else 0


if __name__ == "__main__":
    sys.exit(main())

"""Fail when a range file and its lock disagree (`make lint`, so CI catches a range edited without `make lock`).

requirements.txt / requirements-dev.txt hold the ranges people edit; requirements.lock / requirements-dev.lock the
exact, hashed versions every machine installs. Each requirement named in a range file must be pinned in its lock,
at a version the range allows; the dev lock must pin the runtime packages exactly as the runtime lock does.
No network: this reads the four files only.
"""

import re
import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PAIRS = (("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock"))
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s\\;]+)")


def ranges(path: Path) -> list[Requirement]:
    """The requirements of a range file, following `-r other.txt` includes."""
    found = []
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-r "):
            found += ranges(path.parent / line[3:].strip())
        elif not line.startswith("-"):
            found.append(Requirement(line))
    return found


def pins(path: Path) -> dict[str, str]:
    return {canonicalize_name(m[1]): m[2] for line in path.read_text().splitlines() if (m := PIN.match(line))}


def problems() -> list[str]:
    found = []
    for range_name, lock_name in PAIRS:
        lock = ROOT / lock_name
        if not lock.exists():
            found.append(f"{lock_name} is missing: run `make lock`")
            continue
        pinned = pins(lock)
        for requirement in ranges(ROOT / range_name):
            name = canonicalize_name(requirement.name)
            if name not in pinned:
                found.append(f"{requirement.name} ({range_name}) is not in {lock_name}: run `make lock`")
            elif not requirement.specifier.contains(pinned[name], prereleases=True):
                found.append(
                    f"{requirement.name}=={pinned[name]} in {lock_name} is outside {requirement} ({range_name}): "
                    "run `make lock`"
                )
    if (ROOT / PAIRS[0][1]).exists() and (ROOT / PAIRS[1][1]).exists():
        runtime, dev = pins(ROOT / PAIRS[0][1]), pins(ROOT / PAIRS[1][1])
        for name, version in runtime.items():
            if dev.get(name) != version:
                found.append(f"{name}: {version} in requirements.lock but {dev.get(name)} in requirements-dev.lock")
    return found


if __name__ == "__main__":
    errors = problems()
    for error in errors:
        print(f"lock: {error}", file=sys.stderr)
    sys.exit(1 if errors else 0)

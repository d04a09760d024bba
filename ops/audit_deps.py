"""`make audit`, second step: pip-audit over the installed environment, read from its JSON, said plainly.

pip-audit asks PyPI's vulnerability data about each package. When that is out of reach it skips every package
("Dependency not found on PyPI") yet still prints "No known vulnerabilities found" and exits 0; this script
says "dependencies NOT audited" instead. Exit 1 only when packages were audited and some are vulnerable.

Usage: .venv/bin/python ops/audit_deps.py [extra pip-audit arguments, e.g. -r requirements.txt]
"""

import json
import subprocess
import sys

UNREACHABLE = "dependencies NOT audited: vulnerability data unreachable"
NETWORK_ERRORS = ("ConnectionError", "Max retries", "timed out", "Name or service not known", "ProxyError")


def run_pip_audit(extra: list[str]) -> tuple[dict | None, str]:
    command = [sys.executable, "-m", "pip_audit", "--format", "json", "--progress-spinner", "off", *extra]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    try:
        return json.loads(result.stdout), result.stderr
    except json.JSONDecodeError:
        return None, result.stderr


def report(data: dict) -> int:
    """Print the outcome of one pip-audit JSON report; the exit code `make audit` uses."""
    dependencies = data.get("dependencies", [])
    skipped = [dep for dep in dependencies if "skip_reason" in dep]
    audited = [dep for dep in dependencies if "skip_reason" not in dep]
    vulnerable = [(dep, vuln) for dep in audited for vuln in dep.get("vulns", [])]
    if vulnerable:
        for dep, vuln in vulnerable:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
            aliases = ", ".join(vuln.get("aliases", []))
            print(f"{dep['name']} {dep.get('version', '?')}: {vuln['id']} {aliases} (fixed in: {fixes})")
        packages = {dep["name"] for dep, _vuln in vulnerable}
        print(f"pip-audit: {len(vulnerable)} known vulnerabilities in {len(packages)} packages")
        return 1
    if not audited:
        reason = skipped[0]["skip_reason"] if skipped else "pip-audit listed no packages"
        print(f"{UNREACHABLE} ({len(skipped)} packages skipped; first: {reason})")
        return 0
    note = f"; {len(skipped)} skipped: {', '.join(dep['name'] for dep in skipped)}" if skipped else ""
    print(f"pip-audit: {len(audited)} dependencies audited, no known vulnerabilities{note}")
    return 0


def main(argv: list[str]) -> int:
    data, stderr = run_pip_audit(argv)
    if data is None:
        if any(marker in stderr for marker in NETWORK_ERRORS):
            print(f"{UNREACHABLE} (pip-audit: {stderr.strip().splitlines()[-1]})")
            return 0
        print(f"pip-audit failed:\n{stderr}", file=sys.stderr)
        return 2
    return report(data)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

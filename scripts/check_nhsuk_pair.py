"""Check that npm `nhsuk-frontend` and PyPI `nhsuk-frontend-jinja` are a matching pair (run by `make lint`).

The Jinja port renders the markup that the npm package's CSS and JavaScript expect, so the two are upgraded
together, as the port's compatibility table says. The table is copied below; when you upgrade, read the
"Compatibility" section of the port's README (in `.venv/lib/python3.11/site-packages/nhsuk_frontend_jinja-*.dist-info/
METADATA`) and add the new row here.

Checked: package.json, package-lock.json and (when installed) node_modules for the npm side; pyproject.toml, the
runtime lock and (when installed) the Python package for the PyPI side. Exit status 1, with a message saying what
to change, when they disagree.
"""

import argparse
import contextlib
import json
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

NPM = "nhsuk-frontend"
PYPI = "nhsuk-frontend-jinja"

# NHS.UK frontend (npm) version -> NHS.UK frontend jinja (PyPI) version, from the port's compatibility table.
KNOWN_PAIRS = {
    "9.3.0": "0.1.0",
    "9.5.2": "0.2.0",
    "9.6.1": "0.3.0",
    "9.6.2": "0.3.1",
    "10.0.0": "0.4.1",
    "10.1.0": "0.5.0",
    "10.2.0": "0.6.0",
    "10.2.2": "0.6.1",
    "10.3.0": "0.7.0",
    "10.3.1": "0.7.2",
    "10.4.0": "0.8.0",
    "10.5.0": "0.9.0",
    "10.5.2": "0.9.1",
    "10.6.0": "0.10.0",
    "10.6.1": "0.10.2",
}

EXACT_VERSION = re.compile(r"^\d+\.\d+\.\d+$")


def _npm_versions(root: Path) -> tuple[dict[str, str], list[str]]:
    """Where the npm version is written down, and any problem reading it."""
    versions: dict[str, str] = {}
    problems: list[str] = []
    wanted = json.loads((root / "package.json").read_text()).get("devDependencies", {}).get(NPM)
    if wanted is None:
        problems.append(f"package.json does not list {NPM} in devDependencies.")
    elif not EXACT_VERSION.match(wanted):
        problems.append(f"package.json asks for {NPM} {wanted!r}: pin an exact version, such as 10.6.1.")
    else:
        versions["package.json"] = wanted
    lock = root / "package-lock.json"
    if lock.exists():
        entry = json.loads(lock.read_text()).get("packages", {}).get(f"node_modules/{NPM}")
        if entry is None:
            problems.append(f"package-lock.json has no {NPM}: run `npm install` and commit the lock.")
        else:
            versions["package-lock.json"] = entry["version"]
    installed = root / "node_modules" / NPM / "package.json"
    if installed.exists():
        versions["node_modules (installed)"] = json.loads(installed.read_text())["version"]
    return versions, problems


def _pypi_versions(root: Path, *, installed: bool) -> tuple[dict[str, str], list[str]]:
    """Where the PyPI version is written down, and any problem reading it."""
    versions: dict[str, str] = {}
    problems: list[str] = []
    dependencies = tomllib.loads((root / "pyproject.toml").read_text())["project"]["dependencies"]
    pins = [re.match(rf"^{re.escape(PYPI)}\s*(\S*)", item) for item in dependencies]
    pin = next((match.group(1) for match in pins if match), None)
    if pin is None:
        problems.append(f"pyproject.toml does not list {PYPI} in [project] dependencies.")
    elif not pin.startswith("==") or not EXACT_VERSION.match(pin[2:]):
        problems.append(f"pyproject.toml asks for {PYPI}{pin}: pin an exact version with ==, such as ==0.10.2.")
    else:
        versions["pyproject.toml"] = pin[2:]
    lock = root / "requirements" / "runtime.txt"
    if lock.exists():
        locked = re.search(rf"^{re.escape(PYPI)}==(\S+)", lock.read_text(), flags=re.MULTILINE)
        if locked is None:
            problems.append(f"requirements/runtime.txt has no {PYPI}: run `make lock`.")
        else:
            versions["requirements/runtime.txt"] = locked.group(1)
    if installed:
        with contextlib.suppress(metadata.PackageNotFoundError):  # not installed yet: the files still count
            versions[".venv (installed)"] = metadata.version(PYPI)
    return versions, problems


def _one_version(name: str, versions: dict[str, str], problems: list[str]) -> str | None:
    if len(set(versions.values())) > 1:
        found = ", ".join(f"{where} has {version}" for where, version in versions.items())
        problems.append(f"{name} is not the same version everywhere ({found}): make them agree.")
        return None
    return next(iter(versions.values()), None)


def check(root: Path, *, installed: bool = True) -> list[str]:
    """Every problem found, as a sentence saying how to fix it; an empty list when the pair matches."""
    npm_versions, problems = _npm_versions(root)
    pypi_versions, pypi_problems = _pypi_versions(root, installed=installed)
    problems += pypi_problems
    npm = _one_version(NPM, npm_versions, problems)
    pypi = _one_version(PYPI, pypi_versions, problems)
    if problems or npm is None or pypi is None:
        return problems
    if npm not in KNOWN_PAIRS:
        return [
            f"npm {NPM} {npm} is not in this script's table of known pairs. Find its {PYPI} version in the "
            f"compatibility table of {PYPI}'s README, then add the row to KNOWN_PAIRS in {Path(__file__).name}."
        ]
    if KNOWN_PAIRS[npm] != pypi:
        partner = {jinja: frontend for frontend, jinja in KNOWN_PAIRS.items()}.get(pypi, "an unknown version")
        return [
            f"npm {NPM} {npm} needs PyPI {PYPI} {KNOWN_PAIRS[npm]}, but {PYPI} {pypi} is pinned "
            f"(it goes with {NPM} {partner}). Upgrade them together: set both in package.json and "
            "pyproject.toml to one row of the compatibility table, then run `npm install` and `make lock`."
        ]
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1], help="the repository")
    parser.add_argument(
        "--not-installed", action="store_true", help="check only the files, not the installed Python package"
    )
    arguments = parser.parse_args(argv)
    problems = check(arguments.root, installed=not arguments.not_installed)
    for problem in problems:
        sys.stderr.write(f"nhsuk-frontend pair: {problem}\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

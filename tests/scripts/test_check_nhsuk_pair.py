"""scripts/check_nhsuk_pair.py: npm nhsuk-frontend and PyPI nhsuk-frontend-jinja stay a matching pair."""

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "check_nhsuk_pair.py"


@pytest.fixture
def repo(tmp_path):
    """A copy of the files the check reads, without node_modules or the installed package."""
    for name in ("package.json", "package-lock.json", "pyproject.toml", "requirements/runtime.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def run(root: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, str(SCRIPT), "--root", str(root), *extra], capture_output=True, text=True, check=False
    )


def set_npm(root: Path, version: str, *, lock: bool = True) -> None:
    package = json.loads((root / "package.json").read_text())
    package["devDependencies"]["nhsuk-frontend"] = version
    (root / "package.json").write_text(json.dumps(package))
    if lock:
        locked = json.loads((root / "package-lock.json").read_text())
        locked["packages"]["node_modules/nhsuk-frontend"]["version"] = version
        (root / "package-lock.json").write_text(json.dumps(locked))


def set_pypi(root: Path, version: str, *, lock: bool = True) -> None:
    pyproject = root / "pyproject.toml"
    pyproject.write_text(
        re.sub(r'"nhsuk-frontend-jinja==[^"]+"', f'"nhsuk-frontend-jinja=={version}"', pyproject.read_text())
    )
    if lock:
        runtime = root / "requirements" / "runtime.txt"
        runtime.write_text(
            re.sub(r"^nhsuk-frontend-jinja==\S+", f"nhsuk-frontend-jinja=={version}", runtime.read_text(), flags=re.M)
        )


def test_the_repository_pins_a_matching_pair_and_has_it_installed():
    result = run(ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_a_matching_upgrade_of_both_passes(repo):
    set_npm(repo, "10.5.2")
    set_pypi(repo, "0.9.1")
    result = run(repo, "--not-installed")
    assert result.returncode == 0, result.stderr


def test_upgrading_only_the_npm_package_fails_saying_which_version_is_needed(repo):
    set_npm(repo, "10.5.0")
    result = run(repo, "--not-installed")
    assert result.returncode == 1
    assert "npm nhsuk-frontend 10.5.0 needs PyPI nhsuk-frontend-jinja 0.9.0" in result.stderr
    assert "nhsuk-frontend-jinja 0.10.2 is pinned (it goes with nhsuk-frontend 10.6.1)" in result.stderr


def test_upgrading_only_the_jinja_port_fails(repo):
    set_pypi(repo, "0.10.0")
    result = run(repo, "--not-installed")
    assert result.returncode == 1
    assert "npm nhsuk-frontend 10.6.1 needs PyPI nhsuk-frontend-jinja 0.10.2" in result.stderr


def test_a_version_missing_from_the_table_asks_for_the_row(repo):
    set_npm(repo, "11.0.0")
    result = run(repo, "--not-installed")
    assert result.returncode == 1
    assert "11.0.0 is not in this script's table of known pairs" in result.stderr


def test_a_package_json_not_matching_its_lock_fails(repo):
    set_npm(repo, "10.5.2", lock=False)
    set_pypi(repo, "0.9.1")
    result = run(repo, "--not-installed")
    assert result.returncode == 1
    assert "package.json has 10.5.2, package-lock.json has 10.6.1" in result.stderr


def test_pyproject_not_matching_the_lock_fails(repo):
    set_pypi(repo, "0.9.1", lock=False)
    result = run(repo, "--not-installed")
    assert result.returncode == 1
    assert "pyproject.toml has 0.9.1, requirements/runtime.txt has 0.10.2" in result.stderr


def test_ranges_instead_of_exact_pins_are_refused(repo):
    set_npm(repo, "^10.6.1", lock=False)
    pyproject = repo / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace('"nhsuk-frontend-jinja==0.10.2"', '"nhsuk-frontend-jinja>=0.10"')
    )
    result = run(repo, "--not-installed")
    assert result.returncode == 1
    assert "package.json asks for nhsuk-frontend '^10.6.1': pin an exact version" in result.stderr
    assert "pyproject.toml asks for nhsuk-frontend-jinja>=0.10: pin an exact version with ==" in result.stderr


def test_what_is_installed_counts_too(repo):
    (repo / "node_modules" / "nhsuk-frontend").mkdir(parents=True)
    (repo / "node_modules" / "nhsuk-frontend" / "package.json").write_text(json.dumps({"version": "10.5.0"}))
    result = run(repo, "--not-installed")
    assert result.returncode == 1
    assert "node_modules (installed) has 10.5.0" in result.stderr


def test_the_installed_python_package_counts_too(repo, monkeypatch):
    spec = importlib.util.spec_from_file_location("check_nhsuk_pair", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module.metadata, "version", lambda name: "0.9.0")
    assert module.check(repo, installed=True) == [
        "nhsuk-frontend-jinja is not the same version everywhere (pyproject.toml has 0.10.2, "
        "requirements/runtime.txt has 0.10.2, .venv (installed) has 0.9.0): make them agree."
    ]
    assert module.check(repo, installed=False) == []

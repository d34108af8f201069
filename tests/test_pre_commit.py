"""The pre-commit hooks run exactly the commands of `make lint`, with nothing fetched from elsewhere."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def make_lint_commands() -> list[str]:
    recipe = re.search(r"^lint:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(), flags=re.MULTILINE)
    assert recipe, "the Makefile has a lint target"
    commands = [line.strip().lstrip("@") for line in recipe.group(1).splitlines()]
    return [
        command.replace("$(VENV)/bin/", ".venv/bin/").replace("$(PY) ", ".venv/bin/python ") for command in commands
    ]


def hooks() -> list[dict]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    return [hook | {"repo": repo["repo"]} for repo in config["repos"] for hook in repo["hooks"]]


def test_every_make_lint_command_is_a_hook_and_every_hook_is_in_make_lint():
    assert sorted(hook["entry"] for hook in hooks()) == sorted(make_lint_commands())


def test_hooks_are_local_and_use_the_tools_in_the_virtual_environment():
    for hook in hooks():
        assert hook["repo"] == "local", hook["id"]
        assert hook["language"] == "system", hook["id"]
        assert hook["entry"].startswith(".venv/bin/"), hook["id"]
        assert hook["pass_filenames"] is False, hook["id"]  # the whole project, as `make lint` checks it

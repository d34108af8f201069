"""Where a project came from, told by the apps above improvement (issue 20: an idea that became a project links
both ways). Improvement may not import them, so each registers a reader at start-up: given a project and the user
looking, it returns (text, link) pairs, in one query, for what that user may open."""

from collections.abc import Callable

Origin = tuple[str, str]
_READERS: list[Callable] = []


def register_origin_reader(reader: Callable) -> None:
    if reader not in _READERS:
        _READERS.append(reader)


def project_origins(project, user) -> list[Origin]:
    return [origin for reader in _READERS for origin in reader(project, user)]

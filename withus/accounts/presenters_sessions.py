"""How a signed-in device is named on the sessions page: browser and system, from its user-agent string."""

from dataclasses import dataclass

# Checked in order: Edge and Opera say "Chrome" too, and Chrome says "Safari".
BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari"))
SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "Mac"),
    ("CrOS", "Chromebook"),
    ("Linux", "Linux"),
)


def device_name(user_agent: str) -> str:
    browser = next((name for mark, name in BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in SYSTEMS if mark in user_agent), "")
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "Unknown browser"


@dataclass(frozen=True)
class DevicePresenter:
    session: object
    current_key: str | None

    @property
    def name(self) -> str:
        return device_name(self.session.user_agent or "")

    @property
    def is_this_one(self) -> bool:
        return self.session.session_key == self.current_key

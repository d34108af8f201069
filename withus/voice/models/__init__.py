"""Voice (ADR 18): stories (issue 19) and ideas (issue 20) live in their own modules; this package exports both."""

from withus.voice.models import stories  # noqa: F401 - issue 19
from withus.voice.models.ideas import *  # noqa: F403 - ideas (issue 20): the names in its __all__

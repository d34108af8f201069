"""``python -m withus_spc``: the same as the ``withus-spc`` command."""

import sys

from withus_spc.cli import main

sys.exit(main())

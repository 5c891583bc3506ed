"""`python -m reintegrate` is the same as the `reintegrate` command."""

import sys

from reintegrate.cli import main

sys.exit(main())

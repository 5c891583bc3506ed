"""`python -m reintegrate` is the same as the `reintegrate` command (`screens.launch`:
the app with today's words worked out beside it, or the command line)."""

import sys

from screens.launch import main

sys.exit(main())

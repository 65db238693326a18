"""`python -m paper_tui`."""

import sys

from paper_tui.cli import main

# Guarded: worker processes re-import the main module when they start.
if __name__ == "__main__":
    sys.exit(main())

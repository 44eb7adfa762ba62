"""Run the command line: ``python -m safeguarding_plan``."""

import sys

from safeguarding_plan.cli import main

if __name__ == "__main__":
    sys.exit(main())

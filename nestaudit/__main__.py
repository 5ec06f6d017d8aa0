"""`python3 -m nestaudit`: the same as the `nestaudit` command."""

import sys

from nestaudit.cli import main

if __name__ == "__main__":
    sys.exit(main())

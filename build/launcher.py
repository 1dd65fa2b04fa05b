"""Entry script for the PyInstaller bundle (a frozen script cannot use the package's relative imports)."""

import sys

from sozialkoordination.__main__ import main

if __name__ == "__main__":
    sys.exit(main())

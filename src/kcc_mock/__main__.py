"""`python -m kcc_mock` runs the command line."""

import sys

from kcc_mock.cli import main

sys.exit(main())

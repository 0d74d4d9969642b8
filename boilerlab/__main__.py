import sys

from boilerlab.cli import main

sys.exit(main())

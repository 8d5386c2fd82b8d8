import sys

from tabayyun.cli import main

sys.exit(main())

import sys

from readiness.cli.main import main

sys.exit(main())

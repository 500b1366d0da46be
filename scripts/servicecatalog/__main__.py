import sys

from servicecatalog.cli import main

sys.exit(main())

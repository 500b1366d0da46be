"""``python -m servicecatalog.bench``: the benchmark, or one phase of it."""

import sys

from servicecatalog.bench.bench import main

sys.exit(main())

"""`python -m asfetl.cli`: the same as the `asfetl` command."""

from asfetl.cli.main import main

raise SystemExit(main())

"""`python -m ops` is `fieldops`."""

from ops.cli import main

main()

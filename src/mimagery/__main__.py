"""Allow ``python -m mimagery``."""

from mimagery.cli import main

main()

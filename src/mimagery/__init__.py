"""mimagery: learn vocabulary with mnemonic imagery (the keyword method)."""

__version__ = "0.1.0"

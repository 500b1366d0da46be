"""Public service catalogue: validate YAML service entries and publish them."""

__version__ = "0.1.0"

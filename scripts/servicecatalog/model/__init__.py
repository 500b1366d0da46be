"""Loading, the schema model, validation and cross-file rules: what every other stage builds on."""

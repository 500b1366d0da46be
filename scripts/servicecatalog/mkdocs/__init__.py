"""The only place that imports MkDocs: configuration, build and hooks."""

"""The citizens' pages: words, facts, search entries, charts and statistics, rendered from the model."""

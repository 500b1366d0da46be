"""The verifiers' tools: change summaries, stale services, CODEOWNERS."""

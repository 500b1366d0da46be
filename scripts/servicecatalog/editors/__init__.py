"""The editors' tools: new service files and the field reference."""

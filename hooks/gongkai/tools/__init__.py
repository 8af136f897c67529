"""The editors' tools: the `gongkai` command, its project lookups, new records' scaffolds, the
importers of clerks' sheets, the editor's JSON Schemas and the State Council's holiday notice."""

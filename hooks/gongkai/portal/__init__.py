"""A group union's portal over its members' exports: reading and validating them (exports) and
the pages, board, report and search documents made of them (group)."""

"""gongkai: turns an enterprise's disclosure-board records into pages, without MkDocs in sight."""

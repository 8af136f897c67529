"""What a build writes beside the pages (CSV, media, feeds, calendars, the search index), the
withdrawals prepared for later days, and publishing a release with its proof."""

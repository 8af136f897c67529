"""The site's pages: what templates receive (views), the listings, reports, scorecards and the
opinions board, and the Generator that makes every page's spec."""

"""Reading and checking data/: files with their lines, the editors' schemas and rules, the
privacy guard and the withdrawal of names, the holiday calendar; the Loader makes the Archive."""

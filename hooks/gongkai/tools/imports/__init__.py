"""The importers of `gongkai import`: a clerk's sheet becomes records in data/.

workbook.py reads a sheet safely (an .xlsx within limits, or a CSV in UTF-8 or GBK) into a grid of
cells, without what Excel hides. Each importer reads that grid as its kind of sheet and writes the
records a clerk then checks and commits: pay.py (工资奖金表 → 分配公示), roster.py (名单 → 公开事项
with a roster), proposals.py (提案登记表 → 提案). An importer for another kind is one more module.
"""

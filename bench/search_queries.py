"""What readers type, and the record each query must find (on the demo data)."""

QUERIES = [
    # (query, the address that must be among the results, what kind of query it is)
    ("职代会", "/disclosures/2026-zhidaihui-11-1-tian-banli/", "abbreviation in a title"),
    ("大会", "/disclosures/2025-zhidaihui-10-3-jueyi/", "tail of 职工代表大会"),
    ("模范", "/stories/ma-changqing/", "tail of 劳动模范"),
    ("红旗手", "/stories/chen-xiumei/", "tail of an honour, 三八红旗手"),
    ("三八红旗手", "/stories/chen-xiumei/", "an honour"),
    ("陈秀梅", "/stories/chen-xiumei/", "a person's name"),
    ("乒乓球室", "/events/2025-pingpang-bisai/", "a place"),
    ("拔河", "/events/2026-wuyi-bahe/", "a word in a title"),
    ("安康杯", "/events/2026-ankangbei-jingsai/", "a contest's name"),
    ("十佳 候选人", "/disclosures/2026-shijia-zhigong-houxuan/", "two words separated by a space"),
    ("自救器", "/events/2026-meizhou-yike-1118/", "a word in a body"),
    ("绣花匠", "/stories/liu-jianjun/", "a word in a title, quoted"),
    ("运动会", "/events/2026-zhigong-yundonghui/", "tail of 职工运动会"),
    ("书画 摄影", "/events/2026-shuhua-sheying-zhan/", "two words separated by a space"),
    ("高温津贴", "/disclosures/2026-gaowen-jintie/", "a compound in a title"),
    ("津贴", "/disclosures/2026-gaowen-jintie/", "tail of 高温津贴"),
]

# Queries that find their record only because search forgives (issue 20): words that stand apart in
# the record or in another order, and words said another way (data/synonyms.py).
FORGIVING = [
    ("困难救助", "/disclosures/2026-kunnan-jiuzhu-dierpi/", "apart: 困难职工救助"),
    ("救助 困难", "/disclosures/2026-kunnan-jiuzhu-dierpi/", "two words in another order"),
    ("冬季劳保", "/disclosures/2026-dongji-laobao/", "apart, and 劳保 for 劳动保护"),
    ("劳保用品 冬季", "/disclosures/2026-dongji-laobao/", "劳保 for 劳动保护, another order"),
    ("高温费", "/disclosures/2026-gaowen-jintie/", "高温费 for 高温津贴"),
    ("澡堂", "/disclosures/2026-yushi-gaizao-tongzhi/", "澡堂 for 浴室"),
    ("澡堂改造", "/disclosures/2026-yushi-gaizao-tongzhi/", "澡堂 for 浴室, 改造 apart"),
    ("困难职工帮扶", "/disclosures/2026-kunnan-jiuzhu-dierpi/", "帮扶 for 救助"),
    ("劳模", "/stories/ma-changqing/", "劳模 for 劳动模范"),
]

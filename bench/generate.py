"""Write a synthetic archive in the editors' format: a mining group's years of 公开栏 records.

    python bench/generate.py OUT_DIR --workers 10000 --years 5 [--seed 1] [--today 2026-11-25]

--workers 10000 --years 5 gives about 6,000 disclosures, 1,500 allocations of about 300 rows each
(as CSV beside their YAML), 1,500 events and 500 stories from 25 units. Every count grows linearly
with workers × years. Text is sampled from the seed report and from phrases of the trade, with a
seeded random generator, so the same arguments always write the same files. Everything written
passes validation.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Sentences of the coal-mine union's report the product grew from (its seed text, filtered by length,
# without digit runs and page furniture): the voice of the archive's text, kept here so that every
# clone generates the same archive.
SEED_SENTENCES = Path(__file__).resolve().parent / "seed_sentences.json"

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "建国立新红梅志强秀兰德福长青庆华伟芳军敏静丽强磊洋艳勇杰娟涛明超霞平刚桂英华玉兰凤云辉鹏飞海峰宏斌振宇文博晓东春生秋实永利金山保国向阳卫东"
POSTS = ["采煤机司机", "支架工", "输送机司机", "电钳工", "瓦斯检查员", "安全员", "掘进机司机", "锚杆工", "班组长", "验收员", "绞车司机", "泵站司机", "机电维修工", "通风工", "爆破工"]
UNIT_KINDS = [("综采", "区队"), ("掘进", "区队"), ("开拓", "区队"), ("机电", "区队"), ("运输", "区队"), ("通风", "区队"), ("洗选", "车间"), ("机修", "车间"), ("供电", "车间")]
OFFICES = ["矿工会", "劳资科", "安监处", "财务科", "后勤服务中心", "人力资源部", "生产技术科"]
ROSTER_CATEGORIES = ("aid", "recuperation", "honors")
ROSTER_ITEMS = {
    "aid": ["生活救助", "临时救助", "大病救助", "金秋助学", "送温暖"],
    "recuperation": ["井下一线职工", "劳动模范", "女职工", "离岗休养老职工"],
    "honors": ["十佳职工", "先进个人", "优秀班组长", "安全标兵"],
}
CATEGORIES = ["decisions", "pay", "welfare", "recuperation", "aid", "honors", "safety", "hiring", "finance", "democracy", "other"]
CATEGORY_TOPICS = {
    "decisions": ["职代会审议{unit}生产接续方案的决议", "关于调整{unit}井下作业班制的决定", "{year}年度安全生产投入计划"],
    "pay": ["{unit}{month}月工资分配办法", "关于调整{unit}岗位工资标准的通知", "{unit}计件工资考核细则"],
    "welfare": ["{year}年职工健康体检安排", "职工食堂{month}月菜价公示", "{year}年防暑降温用品发放标准", "职工浴室开放时间调整"],
    "recuperation": ["{year}年第{n}批职工疗养人员名单", "劳动模范疗养休养安排"],
    "aid": ["{year}年第{n}批困难职工救助名单", "金秋助学救助对象公示", "大病医疗互助金发放公示"],
    "honors": ["{year}年度十佳职工候选人公示", "{unit}先进班组评选结果", "安全生产先进个人推荐公示", "劳动模范推荐人选公示"],
    "safety": ["{year}年冬季劳动保护用品发放标准", "{unit}隐患排查整改情况公开", "群监员{month}月检查情况通报"],
    "hiring": ["{year}年井下采掘工招聘录用公示", "{unit}技术岗位竞聘结果", "{year}年大学生见习人员录用公示"],
    "finance": ["矿工会{year}年第{n}季度经费收支情况", "{unit}福利费使用情况公开", "职工互助基金收支公开"],
    "democracy": ["{year}年职代会提案办理情况", "{unit}民主管理星级考核结果", "职工代表巡视检查意见答复"],
    "other": ["关于开展“{unit}职工小家”建设的通知", "{year}年工会会员登记通知", "班车时刻调整通知"],
}
EVENT_KINDS = {
    "sports": ["职工运动会", "拔河比赛", "篮球赛", "乒乓球比赛", "象棋比赛", "健步走活动"],
    "culture": ["迎新春文艺演出", "卡拉OK演唱会", "家庭才艺表演", "安全文艺演出进井口"],
    "exhibition": ["职工书画摄影展", "安全漫画展", "劳模事迹展"],
    "contest": ["安康杯安全知识竞赛", "技术比武", "岗位练兵大赛", "合理化建议评选"],
    "safety": ["安全宣传咨询日", "安全警示教育", "家属协管安全座谈"],
    "training": ["每周一课：煤矿安全规程解读", "每周一课：自救器使用", "班组长培训", "群监员培训"],
    "care": ["送温暖走访慰问", "金秋助学金发放", "夏送清凉慰问", "困难职工家访"],
    "other": ["工会会员日活动", "青年职工联谊会"],
}
PLACES = ["矿区文化中心", "职工活动中心", "矿区体育场", "主井口广场", "兴业长廊文化展厅", "矿工会三楼会议室", "职工小家学习室", "机修车间实训基地"]
HONORS = ["全国煤炭工业劳动模范", "省级劳动模范", "市级劳动模范", "集团公司十佳职工", "兴业煤矿十佳职工", "技术能手", "优秀群监员", "女职工建功立业标兵", "安全生产先进个人"]
PHRASES = [
    "经矿务公开领导小组审查同意，现予公示。",
    "公示期内如有异议，请以书面形式向矿工会反映，反映问题须署真实姓名。",
    "本次分配严格按照考核办法执行，考核结果经班组职工代表签字确认。",
    "各单位要认真组织职工学习，切实把各项措施落到实处。",
    "职工代表对有关事项进行了认真讨论，一致同意提交职代会审议。",
    "工会将对落实情况进行监督检查，并将结果向职工公开。",
]


def sentences() -> list[str]:
    """Sentences of the seed report (the mine's own voice), and trade phrases."""
    return json.loads(SEED_SENTENCES.read_text(encoding="utf-8")) + PHRASES


class Writer:
    """Writes one archive; every choice goes through one seeded random generator."""

    def __init__(self, out: Path, workers: int, years: float, seed: int, today: date):
        self.out = out
        self.rng = random.Random(seed)
        self.today = today
        self.start = today - timedelta(days=round(365 * years))
        self.scale = workers / 10000 * years / 5
        self.units_count = max(5, round(workers / 400))
        self.rows_per_allocation = max(5, round(workers * 0.75 / self.units_count))
        self.sentences = sentences()

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.sample(GIVEN, self.rng.choice((1, 2))))

    def paragraph(self, count: int) -> str:
        return "".join(self.rng.choice(self.sentences) for _ in range(count))

    def body(self, paragraphs: int) -> str:
        return "\n\n".join(self.paragraph(self.rng.randint(2, 5)) for _ in range(paragraphs))

    def day(self) -> date:
        return self.start + timedelta(days=self.rng.randrange((self.today - self.start).days + 1))

    def write(self, rel: str, text: str) -> None:
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def run(self) -> dict[str, int]:
        if self.out.exists():
            shutil.rmtree(self.out)
        units = self.units()
        counts = {
            "disclosures": round(6000 * self.scale),
            "allocations": round(1500 * self.scale),
            "events": round(1500 * self.scale),
            "stories": round(500 * self.scale),
        }
        for index in range(counts["disclosures"]):
            self.disclosure(index, units)
        for index in range(counts["allocations"]):
            self.allocation(index, units)
        for index in range(counts["events"]):
            self.event(index, units)
        for index in range(counts["stories"]):
            self.story(index, units)
        return counts

    def units(self) -> list[tuple[str, str]]:
        lines = ["- id: mine\n  name: 兴业煤矿\n  kind: 矿\n"]
        units = [("mine", "兴业煤矿")]
        for index, office in enumerate(OFFICES[: max(2, self.units_count // 4)]):
            lines.append(f"- id: office{index + 1}\n  name: {office}\n  kind: 科室\n  parent: mine\n")
            units.append((f"office{index + 1}", office))
        index = 0
        while len(units) < self.units_count:
            prefix, kind = UNIT_KINDS[index % len(UNIT_KINDS)]
            number = index // len(UNIT_KINDS) + 1
            ident = f"team{index + 1}"
            name = f"{prefix}{'一二三四五六七八九十'[number - 1]}{'队' if kind == '区队' else '车间'}"
            lines.append(f"- id: {ident}\n  name: {name}\n  kind: {kind}\n  parent: mine\n")
            units.append((ident, name))
            index += 1
        self.write("units.yml", "".join(lines))
        shutil.copy2(ROOT / "data" / "categories.yml", self.out / "categories.yml") if (ROOT / "data" / "categories.yml").exists() else None
        return units

    def _quote(self, text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    def _block(self, text: str) -> str:
        return "|\n" + "\n".join("  " + line if line else "" for line in text.split("\n")) + "\n"

    def disclosure(self, index: int, units) -> None:
        unit_id, unit_name = self.rng.choice(units)
        when = self.day()
        category = self.rng.choice(CATEGORIES)
        topic = self.rng.choice(CATEGORY_TOPICS[category]).format(unit=unit_name, year=when.year, month=when.month, n=self.rng.randint(1, 4))
        ident = f"d{when:%Y%m%d}-{index:05d}"
        lines = [f"title: {self._quote(topic)}", f"category: {category}", f"unit: {unit_id}", f"date: {when}"]
        roster = category in ROSTER_CATEGORIES and self.rng.random() < 0.15  # about 60 name lists a year
        if roster:
            lines.append(f"period: {{from: {when}, working_days: {7 if category == 'aid' else 5}}}")
        elif self.rng.random() < 0.6:
            lines.append(f"period: {{from: {when}, to: {when + timedelta(days=self.rng.choice((5, 7, 10)))}}}")
        lines.append("contact: 矿工会 电话 0537-7102215")
        if self.rng.random() < 0.3:
            day = when - timedelta(days=10)
            steps = []
            for stage in ("proposed", "reviewed", "published", "supervised"):
                steps.append(f"  - {{stage: {stage}, date: {day}, by: {unit_name}}}")
                day += timedelta(days=self.rng.randint(1, 4))
            lines.append("stages:\n" + "\n".join(steps))
        if self.rng.random() < 0.2:
            asked = when + timedelta(days=1)
            lines.append(
                f"feedback:\n  - {{date: {asked}, summary: {self._quote(self.paragraph(1)[:40])}, "
                f"reply: {self._quote(self.paragraph(1)[:60])}, replied: {asked + timedelta(days=2)}}}"
            )
        if self.rng.random() < 0.02:
            lines.append("draft: true")
        lines.append("body: " + self._block(self.body(self.rng.randint(2, 5))))
        if roster:
            self.roster(f"disclosures/{when.year}/{ident}", category, lines, units)
        self.write(f"disclosures/{when.year}/{ident}.yml", "\n".join(lines))

    def roster(self, path: str, category: str, lines: list[str], units) -> None:
        """A name list: aid lists masked, sanatorium groups withdrawn, honours public or withdrawn;
        a third of them in a CSV beside the record."""
        privacy = {"aid": "masked", "recuperation": "withdrawn"}.get(category) or self.rng.choice(("public", "withdrawn"))
        items = []
        for rank in range(1, self.rng.randint(10, 60) + 1):
            name = self.name()
            if privacy == "masked":
                name = name[0] + "*" * (len(name) - 2) + name[-1] if len(name) > 2 else name[0] + "*"
            unit = self.rng.choice(units[1:])[0]
            amount = Decimal(self.rng.choice((1500, 3000, 5000, 8000))) if category == "aid" else None
            items.append((name, unit, self.rng.choice(ROSTER_ITEMS[category]), amount, rank if category == "honors" else None))
        total = sum((item[3] for item in items if item[3] is not None), Decimal("0"))
        head = f"roster:\n  privacy: {privacy}\n" + (f"  total: {total}\n" if category == "aid" else "")
        if self.rng.random() < 1 / 3:
            cells = ["姓名,单位,项目,金额,名次"] + [f"{n},{u},{i},{'' if a is None else a},{'' if r is None else r}" for n, u, i, a, r in items]
            self.write(path + ".csv", "\n".join(cells) + "\n")
            lines.append(head.rstrip("\n"))
            return
        rows = []
        for name, unit, item, amount, rank in items:
            fields = [f"name: {name}", f"unit: {unit}", f"item: {item}"]
            fields += [f"amount: {amount}"] if amount is not None else []
            fields += [f"rank: {rank}"] if rank is not None else []
            rows.append("    - {" + ", ".join(fields) + "}")
        lines.append(head + "  rows:\n" + "\n".join(rows))

    def allocation(self, index: int, units) -> None:
        unit_id, unit_name = self.rng.choice(units[1:])
        when = self.day()
        month = (when.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
        kind = self.rng.choice(("wage", "bonus", "performance", "safety"))
        label = {"wage": "工资", "bonus": "奖金", "performance": "绩效工资", "safety": "安全奖"}[kind]
        ident = f"a{when:%Y%m%d}-{index:05d}"
        rows = ["姓名,岗位,出勤,工分,金额,备注"]
        total = Decimal("0")
        for _ in range(self.rng.randint(int(self.rows_per_allocation * 0.8), int(self.rows_per_allocation * 1.2))):
            amount = Decimal(self.rng.randint(150000, 900000)) / 100
            total += amount
            rows.append(f"{self.name()},{self.rng.choice(POSTS)},{self.rng.randint(18, 27)},{self.rng.randint(80, 130) / 100},{amount},")
        text = "\n".join([
            f"title: {self._quote(f'{unit_name}{month[:4]}年{int(month[5:])}月{label}分配公示')}",
            f"unit: {unit_id}", f"date: {when}", f"month: {month}", f"kind: {kind}", f'total: "{total:,.2f}"',
            f"period: {{from: {when}, to: {when + timedelta(days=7)}}}",
            "basis: " + self._block(self.paragraph(3)),
        ])
        self.write(f"allocations/{when.year}/{ident}.yml", text)
        self.write(f"allocations/{when.year}/{ident}.csv", "\n".join(rows) + "\n")

    def event(self, index: int, units) -> None:
        unit_id, unit_name = self.rng.choice(units)
        when = self.day()
        kind = self.rng.choice(list(EVENT_KINDS))
        name = self.rng.choice(EVENT_KINDS[kind])
        start = when + timedelta(days=self.rng.randint(0, 20))
        hour = self.rng.choice((8, 9, 14, 15, 19))
        ident = f"e{when:%Y%m%d}-{index:05d}"
        lines = [
            f"title: {self._quote(f'{when.year}年{unit_name}{name}')}", f"kind: {kind}", f"unit: {unit_id}", f"date: {when}",
            f"start: {start} {hour:02d}:00", f"end: {start} {hour + 2:02d}:30", f"location: {self.rng.choice(PLACES)}",
        ]
        if kind in ("sports", "contest") and start < self.today:
            lines.append("results:\n" + "\n".join(f"  - {{award: {a}, winner: {self.name()}}}" for a in ("一等奖", "二等奖", "三等奖")))
        lines.append("body: " + self._block(self.body(self.rng.randint(1, 3))))
        self.write(f"events/{when.year}/{ident}.yml", "\n".join(lines))

    def story(self, index: int, units) -> None:
        unit_id, unit_name = self.rng.choice(units[1:])
        when = self.day()
        person = self.name()
        honors = self.rng.sample(HONORS, self.rng.randint(1, 3))
        ident = f"s{when:%Y%m%d}-{index:05d}"
        text = "\n".join([
            f"title: {self._quote(f'{person}：{unit_name}的{honors[0]}')}", f"person: {person}", f"unit: {unit_id}", f"date: {when}",
            "honors:\n" + "\n".join(f"  - {{name: {h}, year: {when.year - self.rng.randint(0, 3)}, by: 兴业煤矿}}" for h in honors),
            "body: " + self._block(self.body(self.rng.randint(3, 6))),
        ])
        self.write(f"stories/{when.year}/{ident}.yml", text)


def main() -> None:
    parser = argparse.ArgumentParser(description="生成合成的公开栏档案（用于性能测试）")
    parser.add_argument("out", type=Path, help="写入的 data 目录（会先清空）")
    parser.add_argument("--workers", type=int, default=10000, help="职工人数，默认 10000")
    parser.add_argument("--years", type=float, default=5, help="年数，可为小数，默认 5")
    parser.add_argument("--seed", type=int, default=1, help="随机种子，默认 1")
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 25), help="档案截止日期")
    args = parser.parse_args()
    counts = Writer(args.out, args.workers, args.years, args.seed, args.today).run()
    print("已生成：" + "，".join(f"{k} {v} 条" for k, v in counts.items()))


if __name__ == "__main__":
    main()

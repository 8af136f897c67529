"""Write a synthetic archive in the editors' format: a mining group's years of 公开栏 records.

    python bench/generate.py OUT_DIR --workers 10000 --years 5 [--seed 1] [--today 2026-11-25]

--workers 10000 --years 5 gives about 6,000 disclosures (a fifth with workers' feedback),
1,500 allocations of about 300 rows each (as CSV beside their YAML), 1,500 events, 500 stories,
400 职代会提案 and 1,500 合理化建议 from 25 units, and the congress's two sessions a year in
sessions.yml. Every count grows linearly with workers × years. Text is sampled from the seed report
and from phrases of the trade, with a seeded random generator, so the same arguments always write
the same files. Everything written passes validation, and whatever happened after --today (a
reply, a review, an answer) is not written.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from gongkai.data.workdays import Calendar  # noqa: E402 (after the path to hooks/)

CALENDAR = Calendar()  # the library's years only, as the build without data/holidays.yml

# Sentences of the coal-mine union's report the product grew from (its seed text, filtered by length,
# without digit runs and page furniture): the voice of the archive's text, kept here so that every
# clone generates the same archive.
SEED_SENTENCES = Path(__file__).resolve().parent / "seed_sentences.json"

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "建国立新红梅志强秀兰德福长青庆华伟芳军敏静丽强磊洋艳勇杰娟涛明超霞平刚桂英华玉兰凤云辉鹏飞海峰宏斌振宇文博晓东春生秋实永利金山保国向阳卫东"
POSTS = [
    "采煤机司机",
    "支架工",
    "输送机司机",
    "电钳工",
    "瓦斯检查员",
    "安全员",
    "掘进机司机",
    "锚杆工",
    "班组长",
    "验收员",
    "绞车司机",
    "泵站司机",
    "机电维修工",
    "通风工",
    "爆破工",
]
UNIT_KINDS = [
    ("综采", "区队"),
    ("掘进", "区队"),
    ("开拓", "区队"),
    ("机电", "区队"),
    ("运输", "区队"),
    ("通风", "区队"),
    ("洗选", "车间"),
    ("机修", "车间"),
    ("供电", "车间"),
]
OFFICES = ["矿工会", "劳资科", "安监处", "财务科", "后勤服务中心", "人力资源部", "生产技术科"]
ROSTER_CATEGORIES = ("aid", "recuperation", "honors")
ROSTER_ITEMS = {
    "aid": ["生活救助", "临时救助", "大病救助", "金秋助学", "送温暖"],
    "recuperation": ["井下一线职工", "劳动模范", "女职工", "离岗休养老职工"],
    "honors": ["十佳职工", "先进个人", "优秀班组长", "安全标兵"],
}
CATEGORIES = [
    "decisions",
    "pay",
    "welfare",
    "recuperation",
    "aid",
    "honors",
    "safety",
    "hiring",
    "finance",
    "democracy",
    "other",
]
CATEGORY_TOPICS = {
    "decisions": [
        "职代会审议{unit}生产接续方案的决议",
        "关于调整{unit}井下作业班制的决定",
        "{year}年度安全生产投入计划",
    ],
    "pay": [
        "{unit}{month}月工资分配办法",
        "关于调整{unit}岗位工资标准的通知",
        "{unit}计件工资考核细则",
    ],
    "welfare": [
        "{year}年职工健康体检安排",
        "职工食堂{month}月菜价公示",
        "{year}年防暑降温用品发放标准",
        "职工浴室开放时间调整",
    ],
    "recuperation": ["{year}年第{n}批职工疗养人员名单", "劳动模范疗养休养安排"],
    "aid": ["{year}年第{n}批困难职工救助名单", "金秋助学救助对象公示", "大病医疗互助金发放公示"],
    "honors": [
        "{year}年度十佳职工候选人公示",
        "{unit}先进班组评选结果",
        "安全生产先进个人推荐公示",
        "劳动模范推荐人选公示",
    ],
    "safety": [
        "{year}年冬季劳动保护用品发放标准",
        "{unit}隐患排查整改情况公开",
        "群监员{month}月检查情况通报",
    ],
    "hiring": [
        "{year}年井下采掘工招聘录用公示",
        "{unit}技术岗位竞聘结果",
        "{year}年大学生见习人员录用公示",
    ],
    "finance": [
        "矿工会{year}年第{n}季度经费收支情况",
        "{unit}福利费使用情况公开",
        "职工互助基金收支公开",
    ],
    "democracy": [
        "{year}年职代会提案办理情况",
        "{unit}民主管理星级考核结果",
        "职工代表巡视检查意见答复",
    ],
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
PLACES = [
    "矿区文化中心",
    "职工活动中心",
    "矿区体育场",
    "主井口广场",
    "兴业长廊文化展厅",
    "矿工会三楼会议室",
    "职工小家学习室",
    "机修车间实训基地",
]
HONORS = [
    "全国煤炭工业劳动模范",
    "省级劳动模范",
    "市级劳动模范",
    "集团公司十佳职工",
    "兴业煤矿十佳职工",
    "技术能手",
    "优秀群监员",
    "女职工建功立业标兵",
    "安全生产先进个人",
]
FEEDBACK_ASKS = [
    "公示名单中个别人员的条件存疑，请予复核",
    "公示时间偏短，井下倒班职工来不及看到",
    "建议把计算办法和考核细则一并公开",
    "本队出勤天数与考勤记录不一致",
    "希望说明这笔资金的来源和使用范围",
    "建议在班前会上宣读公示内容",
    "对评选程序有疑问，请说明推荐过程",
    "发放标准比去年低，请说明原因",
    "公开栏张贴位置偏僻，建议移到井口",
]
FEEDBACK_REPLIES = {
    "answered": [
        "经复核，情况属实，已向反映意见的职工当面说明。",
        "经核实，符合有关规定，维持原公示结果。",
        "已将计算办法补充公开，并在班前会上作了说明。",
    ],
    "rectifying": [
        "已责成有关单位重新核算，整改结果另行公开。",
        "已安排延长公示期，并在井口公开栏同步张贴，整改正在进行。",
    ],
    "rectified": [
        "经重新核算，差额已于当月补发，整改情况已公开。",
        "已按职工意见修订办法并重新公示，整改完毕。",
    ],
}
FEEDBACK_STATUS_WEIGHTS = {"answered": 70, "rectifying": 12, "rectified": 18}
# The congress meets twice a year (the seed report: 坚持每年召开两次职工代表大会); a new 届 every five
# years, the eleventh from 2024. Each session votes on three to six of these.
SESSION_FIRST_YEAR, SESSION_TERM, SESSION_YEARS = 11, 2024, 5
RESOLUTIONS = [
    "《{year}年矿长工作报告》",
    "《{year}年工资集体协议》",
    "《{year}年女职工权益保护专项集体合同》",
    "《{year}年职工福利费使用方案》",
    "《上次职代会提案办理情况的报告》",
    "《业务招待费使用情况的报告》",
    "《安全生产责任制考核办法（修订稿）》",
    "《井下艰苦岗位津贴调整方案》",
    "《职工疗养休养管理办法》",
    "《劳动保护用品发放标准》",
    "《职工住房补贴发放办法》",
    "《困难职工帮扶救助办法》",
]
# 职代会提案 and 合理化建议: what a delegate or a worker asks for, and the office that usually answers.
PROPOSAL_TOPICS = [
    ("提高井下一线职工夜班津贴标准", "劳资科"),
    ("改善职工食堂就餐环境", "后勤服务中心"),
    ("增开矿区至市区的职工通勤班车", "后勤服务中心"),
    ("更新综采工作面喷雾降尘设施", "安监处"),
    ("井口浴室增设工作服烘干柜", "后勤服务中心"),
    ("提高女职工卫生费标准", "矿工会"),
    ("加强青年职工技能培训", "人力资源部"),
    ("完善困难职工帮扶机制", "矿工会"),
    ("单身职工公寓增设洗衣房", "后勤服务中心"),
    ("改善矿区道路照明", "后勤服务中心"),
    ("设立职工心理健康咨询室", "矿工会"),
    ("调整井下作业倒班制度", "生产技术科"),
    ("规范劳动保护用品发放", "安监处"),
    ("公开计件工资考核结果", "劳资科"),
    ("为井下职工配备新型自救器", "安监处"),
    ("提高班组长岗位津贴", "劳资科"),
    ("建设职工书屋", "矿工会"),
    ("扩建职工停车场", "后勤服务中心"),
    ("完善职工带薪年休假安排", "人力资源部"),
    ("加强职工健康体检的针对性", "人力资源部"),
    ("公开福利费使用明细", "财务科"),
]
SUGGESTION_TOPICS = [
    ("改进刮板输送机链条张紧装置", "生产技术科"),
    ("乳化液泵站增设自动配液装置", "生产技术科"),
    ("改进皮带机托辊更换工装", "生产技术科"),
    ("回收利用井下排水作为降尘用水", "生产技术科"),
    ("优化通风系统以降低主扇能耗", "安监处"),
    ("改进锚杆钻机钻头提高进尺", "生产技术科"),
    ("修复再利用废旧支架立柱", "财务科"),
    ("改进洗煤厂介质回收工艺", "生产技术科"),
    ("降低井下变电所电耗", "生产技术科"),
    ("绞车房增设防跑车报警装置", "安监处"),
    ("改进瓦斯检查牌板填写方式", "安监处"),
    ("旧输送带裁制成巷道防护网", "财务科"),
    ("推行井下物料定置管理", "生产技术科"),
    ("用信息化手段管理班组考勤", "人力资源部"),
    ("食堂采用集中采购降低成本", "后勤服务中心"),
]
PROPOSAL_MEASURES = [
    "由主管部门牵头制定具体方案，明确时间节点和责任人。",
    "所需资金列入下一年度预算。",
    "实施前广泛听取一线职工的意见。",
    "落实情况在厂务公开栏公开，接受职工监督。",
    "在职代会闭会期间由职工代表巡视检查落实情况。",
    "先在一个区队试点，取得经验后推广。",
]
REVIEW_NOTES = {
    "declined": [
        "不属于提案范围，转有关部门参考",
        "内容已在本年度工作计划中安排",
        "涉及个人诉求，不宜作为提案",
    ],
    "referred": ["转为意见建议，交有关部门研究", "作为意见建议转承办单位参考办理"],
}
AWARDS = [
    ("一等奖", 5000, 1),
    ("二等奖", 3000, 3),
    ("三等奖", 1000, 6),
    ("优秀奖", 500, 10),
]  # level, 元, weight
PHRASES = [
    "经矿务公开领导小组审查同意，现予公示。",
    "公示期内如有异议，请以书面形式向矿工会反映，反映问题须署真实姓名。",
    "本次分配严格按照考核办法执行，考核结果经班组职工代表签字确认。",
    "各单位要认真组织职工学习，切实把各项措施落到实处。",
    "职工代表对有关事项进行了认真讨论，一致同意提交职代会审议。",
    "工会将对落实情况进行监督检查，并将结果向职工公开。",
]


def unlike(row: str, text: str) -> str:
    """A row (or a name) whose name, the first cell, does not stand in the record's own text: a
    clerk rewords a sentence where a two-character name is also a word (关于保证 holds 于保), which
    the build refuses; here the name gets one more character (no random draw, so the archive stays
    the same otherwise)."""
    name, _, rest = row.partition(",")
    while name in text:
        name += "明"
    return name + ("," + rest if rest or "," in row else "")


def zh_number(number: int) -> str:
    """一 … 九十九, as in 十一届三次."""
    digits = "一二三四五六七八九"
    tens, ones = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else digits[tens - 1] + "十")
    return head + (digits[ones - 1] if ones else "")


def sentences() -> list[str]:
    """Sentences of the seed report (the mine's own voice), and trade phrases."""
    return json.loads(SEED_SENTENCES.read_text(encoding="utf-8")) + PHRASES


class Writer:
    """Writes one archive; every choice goes through one seeded random generator."""

    def __init__(
        self,
        out: Path,
        workers: int,
        years: float,
        seed: int,
        today: date,
        enterprise: str = "兴业煤矿",
    ):
        self.out = out
        self.enterprise = enterprise  # the root unit's name: a group's members each have their own
        self.rng = random.Random(seed)
        self.today = today
        self.workers = workers
        self.start = today - timedelta(days=round(365 * years))
        self.scale = workers / 10000 * years / 5
        self.units_count = max(5, round(workers / 400))
        self.rows_per_allocation = max(5, round(workers * 0.75 / self.units_count))
        self.sentences = sentences()
        # of the congress, in sessions.yml: not records, so not in run()'s counts
        self.sessions_count = 0

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.sample(GIVEN, self.rng.choice((1, 2))))

    def paragraph(self, count: int) -> str:
        return "".join(self.rng.choice(self.sentences) for _ in range(count))

    def body(self, paragraphs: int) -> str:
        return "\n\n".join(self.paragraph(self.rng.randint(2, 5)) for _ in range(paragraphs))

    def day(self) -> date:
        return self.start + timedelta(days=self.rng.randrange((self.today - self.start).days + 1))

    def pick(self, weights: dict[str, float]) -> str:
        return self.rng.choices(list(weights), list(weights.values()))[0]

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
        sessions = self.sessions()
        self.sessions_count = len(sessions)
        counts["proposals"] = self.proposals(units, sessions)
        return counts

    def units(self) -> list[tuple[str, str]]:
        lines = [f"- id: mine\n  name: {self.enterprise}\n  kind: 矿\n"]
        units = [("mine", self.enterprise)]
        for index, office in enumerate(OFFICES[: max(2, self.units_count // 4)]):
            lines.append(
                f"- id: office{index + 1}\n  name: {office}\n  kind: 科室\n  parent: mine\n"
            )
            units.append((f"office{index + 1}", office))
        index = 0
        while len(units) < self.units_count:
            prefix, kind = UNIT_KINDS[index % len(UNIT_KINDS)]
            number = index // len(UNIT_KINDS) + 1
            ident = f"team{index + 1}"
            name = (
                f"{prefix}{'一二三四五六七八九十'[number - 1]}{'队' if kind == '区队' else '车间'}"
            )
            lines.append(f"- id: {ident}\n  name: {name}\n  kind: {kind}\n  parent: mine\n")
            units.append((ident, name))
            index += 1
        self.write("units.yml", "".join(lines))
        shutil.copy2(ROOT / "data" / "categories.yml", self.out / "categories.yml") if (
            ROOT / "data" / "categories.yml"
        ).exists() else None
        return units

    def _quote(self, text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    def _block(self, text: str, indent: str = "  ") -> str:
        return "|\n" + "\n".join(indent + line if line else "" for line in text.split("\n")) + "\n"

    def disclosure(self, index: int, units) -> None:
        unit_id, unit_name = self.rng.choice(units)
        when = self.day()
        category = self.rng.choice(CATEGORIES)
        topic = self.rng.choice(CATEGORY_TOPICS[category]).format(
            unit=unit_name, year=when.year, month=when.month, n=self.rng.randint(1, 4)
        )
        ident = f"d{when:%Y%m%d}-{index:05d}"
        lines = [
            f"title: {self._quote(topic)}",
            f"category: {category}",
            f"unit: {unit_id}",
            f"date: {when}",
        ]
        # about 60 name lists a year
        roster = category in ROSTER_CATEGORIES and self.rng.random() < 0.15
        if roster:
            lines.append(f"period: {{from: {when}, working_days: {7 if category == 'aid' else 5}}}")
        elif self.rng.random() < 0.6:
            lines.append(
                f"period: {{from: {when}, to: {when + timedelta(days=self.rng.choice((5, 7, 10)))}}}"
            )
        lines.append("contact: 矿工会 电话 0537-7102215")
        if self.rng.random() < 0.3:
            day = when - timedelta(days=10)
            steps = []
            for stage in ("proposed", "reviewed", "published", "supervised"):
                steps.append(f"  - {{stage: {stage}, date: {day}, by: {unit_name}}}")
                day += timedelta(days=self.rng.randint(1, 4))
            lines.append("stages:\n" + "\n".join(steps))
        if self.rng.random() < 0.2:
            self.feedback(when, lines)
        if self.rng.random() < 0.02:
            lines.append("draft: true")
        lines.append("body: " + self._block(self.body(self.rng.randint(2, 5))))
        if roster:
            texts = "\n".join(lines)
            self.roster(f"disclosures/{when.year}/{ident}", category, lines, units, texts)
        self.write(f"disclosures/{when.year}/{ident}.yml", "\n".join(lines))

    def feedback(self, when: date, lines: list[str]) -> None:
        """Workers' opinions on a notice, raised while it is posted; replied within days (some late,
        a few never), answered or set right; nothing after today."""
        items = []
        for _ in range(self.rng.choice((1, 1, 1, 2, 2, 3))):
            asked = when + timedelta(days=self.rng.randint(0, 7))
            if asked > self.today:
                continue
            fields = [f"date: {asked}", f"summary: {self.rng.choice(FEEDBACK_ASKS)}"]
            replied = asked + timedelta(
                days=self.rng.randint(1, 6) if self.rng.random() < 0.9 else self.rng.randint(8, 25)
            )
            if replied <= self.today and self.rng.random() > 0.03:
                status = self.pick(FEEDBACK_STATUS_WEIGHTS)
                fields += [
                    f"reply: {self.rng.choice(FEEDBACK_REPLIES[status])}",
                    f"replied: {replied}",
                    f"status: {status}",
                ]
            else:
                fields.append("status: pending")
            items.append("  - {" + ", ".join(fields) + "}")
        if items:
            lines.append("feedback:\n" + "\n".join(sorted(items)))

    def roster(self, path: str, category: str, lines: list[str], units, texts: str) -> None:
        """A name list: aid lists masked, sanatorium groups withdrawn, honours public or withdrawn;
        a third of them in a CSV beside the record."""
        privacy = {"aid": "masked", "recuperation": "withdrawn"}.get(category) or self.rng.choice(
            ("public", "withdrawn")
        )
        items = []
        for rank in range(1, self.rng.randint(10, 60) + 1):
            name = self.name()
            if privacy == "withdrawn":
                name = unlike(name, texts)
            if privacy == "masked":
                name = (
                    name[0] + "*" * (len(name) - 2) + name[-1] if len(name) > 2 else name[0] + "*"
                )
            unit = self.rng.choice(units[1:])[0]
            amount = (
                Decimal(self.rng.choice((1500, 3000, 5000, 8000))) if category == "aid" else None
            )
            items.append(
                (
                    name,
                    unit,
                    self.rng.choice(ROSTER_ITEMS[category]),
                    amount,
                    rank if category == "honors" else None,
                )
            )
        total = sum((item[3] for item in items if item[3] is not None), Decimal("0"))
        head = f"roster:\n  privacy: {privacy}\n" + (
            f"  total: {total}\n" if category == "aid" else ""
        )
        if self.rng.random() < 1 / 3:
            cells = ["姓名,单位,项目,金额,名次"] + [
                f"{n},{u},{i},{'' if a is None else a},{'' if r is None else r}"
                for n, u, i, a, r in items
            ]
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
        label = {"wage": "工资", "bonus": "奖金", "performance": "绩效工资", "safety": "安全奖"}[
            kind
        ]
        ident = f"a{when:%Y%m%d}-{index:05d}"
        rows = ["姓名,岗位,出勤,工分,金额,备注"]
        total = Decimal("0")
        for _ in range(
            self.rng.randint(
                int(self.rows_per_allocation * 0.8), int(self.rows_per_allocation * 1.2)
            )
        ):
            amount = Decimal(self.rng.randint(150000, 900000)) / 100
            total += amount
            rows.append(
                f"{self.name()},{self.rng.choice(POSTS)},{self.rng.randint(18, 27)},{self.rng.randint(80, 130) / 100},{amount},"
            )
        text = "\n".join(
            [
                f"title: {self._quote(f'{unit_name}{month[:4]}年{int(month[5:])}月{label}分配公示')}",
                f"unit: {unit_id}",
                f"date: {when}",
                f"month: {month}",
                f"kind: {kind}",
                f'total: "{total:,.2f}"',
                f"period: {{from: {when}, to: {when + timedelta(days=7)}}}",
                "basis: " + self._block(self.paragraph(3)),
            ]
        )
        rows = [rows[0]] + [unlike(row, text) for row in rows[1:]]
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
            f"title: {self._quote(f'{when.year}年{unit_name}{name}')}",
            f"kind: {kind}",
            f"unit: {unit_id}",
            f"date: {when}",
            f"start: {start} {hour:02d}:00",
            f"end: {start} {hour + 2:02d}:30",
            f"location: {self.rng.choice(PLACES).replace('兴业', self.enterprise[:2])}",
        ]
        if kind in ("sports", "contest") and start < self.today:
            lines.append(
                "results:\n"
                + "\n".join(
                    f"  - {{award: {a}, winner: {self.name()}}}"
                    for a in ("一等奖", "二等奖", "三等奖")
                )
            )
        lines.append("body: " + self._block(self.body(self.rng.randint(1, 3))))
        self.write(f"events/{when.year}/{ident}.yml", "\n".join(lines))

    def story(self, index: int, units) -> None:
        unit_id, unit_name = self.rng.choice(units[1:])
        when = self.day()
        person = self.name()
        honors = [
            h.replace("兴业煤矿", self.enterprise)
            for h in self.rng.sample(HONORS, self.rng.randint(1, 3))
        ]
        ident = f"s{when:%Y%m%d}-{index:05d}"
        text = "\n".join(
            [
                f"title: {self._quote(f'{person}：{unit_name}的{honors[0]}')}",
                f"person: {person}",
                f"unit: {unit_id}",
                f"date: {when}",
                "honors:\n"
                + "\n".join(
                    f"  - {{name: {h}, year: {when.year - self.rng.randint(0, 3)}, by: {self.enterprise}}}"
                    for h in honors
                ),
                "body: " + self._block(self.body(self.rng.randint(3, 6))),
            ]
        )
        self.write(f"stories/{when.year}/{ident}.yml", text)

    def sessions(self) -> list[tuple[str, date]]:
        """data/sessions.yml: the congresses held from the first day to today, in February–March and
        September–October; a few of their votes fail (赞成 not above half of all delegates)."""
        out, lines, delegates = [], [], {}
        for year in range(self.start.year, self.today.year + 1):
            term, offset = divmod(year - SESSION_TERM, SESSION_YEARS)
            term += SESSION_FIRST_YEAR
            if term not in delegates:
                delegates[term] = max(
                    30, round(186 * self.workers / 10000) + self.rng.randint(-6, 6)
                )
            for half, held in enumerate((date(year, 2, 20), date(year, 9, 10))):
                held += timedelta(days=self.rng.randint(0, 28))
                if not self.start <= held <= self.today:
                    continue
                number = offset * 2 + half + 1
                ident = f"{term}-{number}"
                total = delegates[term]
                present = total - self.rng.randint(1, max(2, total // 15))
                lines += [
                    f"- id: {ident}",
                    f"  name: {zh_number(term)}届{zh_number(number)}次职代会",
                    f"  date: {held}",
                    f"  delegates: {total}",
                    f"  present: {present}",
                    "  resolutions:",
                ]
                for title in self.rng.sample(RESOLUTIONS, self.rng.randint(3, 6)):
                    cast = present - self.rng.randint(0, 3)
                    # voted down: at most half of all the delegates for it
                    if self.rng.random() < 0.05:
                        votes = self.rng.randint(total // 3, total // 2)
                        against = self.rng.randint((cast - votes) // 2, cast - votes)
                    else:
                        votes = cast - self.rng.randint(0, max(2, total // 15))
                        against = self.rng.randint(0, cast - votes)
                    abstain = cast - votes - against
                    passed = votes * 2 > total
                    title = ("审议通过" if passed else "审议") + title.format(year=held.year)
                    lines.append(
                        f"    - {{title: {self._quote(title)}, for: {votes}, against: {against}, abstain: {abstain}, "
                        f"passed: {'true' if passed else 'false'}}}"
                    )
                out.append((ident, held))
        self.write("sessions.yml", "\n".join(lines) + "\n")
        return out

    def proposals(self, units, sessions: list[tuple[str, date]]) -> int:
        """About 40 职代会提案 to each session (made since the one before, most in the month before it,
        reviewed together a few days after it) and 300 合理化建议 a year (reviewed monthly)."""
        offices = {name: ident for ident, name in units}
        made, index = [], 0
        since = self.start
        for session, held in sessions:
            opened = max(since, held - timedelta(days=180))
            group = []
            for _ in range(round(40 * self.workers / 10000 * self.rng.uniform(0.8, 1.2))):
                recent = (
                    max(opened, held - timedelta(days=30)) if self.rng.random() < 0.6 else opened
                )
                group.append(
                    self.proposal(
                        index,
                        "proposal",
                        recent + timedelta(days=self.rng.randint(0, (held - recent).days)),
                        units,
                    )
                )
                index += 1
            group.sort(key=lambda item: (item["date"], item["id"]))
            for number, item in enumerate(group, 1):
                item.update(session=session, number=f"{number:02d}")
            self.settle(group, held + timedelta(days=self.rng.randint(3, 12)), offices, units)
            made += group
            since = held + timedelta(days=1)
        batches: dict[tuple[int, int], list[dict]] = {}
        for _ in range(round(1500 * self.scale)):
            item = self.proposal(index, "suggestion", self.day(), units)
            batches.setdefault((item["date"].year, item["date"].month), []).append(item)
            index += 1
        for (year, month), group in sorted(batches.items()):
            review = date(year + month // 12, month % 12 + 1, 1) + timedelta(
                days=self.rng.randint(4, 14)
            )
            self.settle(group, review, offices, units)
            made += group
        for item in made:
            self.write(f"proposals/{item['date'].year}/{item['id']}.yml", self.proposal_text(item))
        return len(made)

    def proposal(self, index: int, type_: str, when: date, units) -> dict:
        """A proposal or suggestion as made: who, about what, and its case."""
        topic, office = self.rng.choice(
            PROPOSAL_TOPICS if type_ == "proposal" else SUGGESTION_TOPICS
        )
        people = [
            self.name()
            for _ in range(
                self.rng.randint(1, 5) if type_ == "proposal" else self.rng.randint(1, 3)
            )
        ]
        measures = self.rng.sample(PROPOSAL_MEASURES, self.rng.randint(1, 3))
        body = f"**案由**：{self.paragraph(self.rng.randint(1, 3))}\n\n**建议**：\n\n" + "\n".join(
            f"{n}. {text}" for n, text in enumerate([f"{topic}。", *measures], 1)
        )
        return {
            "id": f"p{when:%Y%m%d}-{index:05d}",
            "type": type_,
            "date": when,
            "topic": topic,
            "office": office,
            "unit": self.rng.choice(units[1:])[0],
            "proposers": list(dict.fromkeys(people)),
            "body": body,
        }

    def settle(self, group: list[dict], reviewed: date, offices: dict[str, str], units) -> None:
        """What became of a batch reviewed on one day: most accepted, handled by a lead office and
        answered (mostly in time), then evaluated; some merged into an accepted one of the batch,
        declined or referred. Nothing dated after today happens."""
        if not group or reviewed > self.today:
            return
        weights = {"accepted": 80, "merged": 10, "declined": 6, "referred": 4}
        for item in group:
            item["review"] = {"date": reviewed, "result": self.pick(weights)}
        accepted = [item for item in group if item["review"]["result"] == "accepted"] or group[:1]
        accepted[0]["review"]["result"] = "accepted"
        for item in group:
            review = item["review"]
            if review["result"] == "merged":
                target = self.rng.choice(accepted)
                review.update(
                    merged_into=target["id"], note=f"与“{self.title(target)}”内容相近，并案办理"
                )
            elif review["result"] in REVIEW_NOTES:
                review["note"] = self.rng.choice(REVIEW_NOTES[review["result"]])
            else:
                self.handle(item, offices, units)

    def handle(self, item: dict, offices: dict[str, str], units) -> None:
        """An accepted one: handlers (the lead first), a deadline, an answer, an evaluation, and for
        a few suggestions that paid off, an award."""
        reviewed = item["review"]["date"]
        # an office this small mine lacks: the mine answers itself
        lead = offices.get(item["office"], "mine")
        others = [ident for ident, _ in self.rng.sample(units[1:], 2) if ident != lead][
            : self.rng.choice((0, 0, 1, 2))
        ]
        item["handlers"] = [lead, *others]
        proposal = item["type"] == "proposal"
        due, days = None, self.rng.choice((20, 30) if proposal else (10, 15, 20))
        if self.rng.random() < 0.5:
            # as the build counts it
            due, estimated = CALENDAR.add_working_days(reviewed + timedelta(days=1), days)
            if estimated:
                # the official calendar of that year is not out yet: a plain date instead
                due = None
            else:
                item["due"] = f"{{working_days: {days}}}"
        if due is None:
            due = reviewed + timedelta(days=self.rng.choice((60, 90) if proposal else (30, 45)))
            item["due"] = str(due)
        if self.rng.random() < 0.85:
            answered = reviewed + timedelta(
                days=self.rng.randint(max(1, (due - reviewed).days // 4), (due - reviewed).days)
            )
        else:
            # a few stall
            late = self.rng.randint(1, 45) if self.rng.random() < 0.8 else self.rng.randint(46, 240)
            answered = due + timedelta(days=late)
        if answered > self.today:
            return
        result = self.pick({"solved": 55, "planned": 30, "explained": 15})
        item["answer"] = {
            "date": answered,
            "result": result,
            "text": self.answer_text(item, result, answered, offices),
        }
        evaluated = answered + timedelta(days=self.rng.randint(2, 25))
        if evaluated > self.today or self.rng.random() < 0.04:
            return
        item["evaluation"] = {
            "date": evaluated,
            "result": self.pick({"satisfied": 68, "basically": 26, "unsatisfied": 6}),
        }
        if not proposal and result == "solved" and self.rng.random() < 0.1:
            item["benefit"] = self.rng.choice(
                ("年节约材料费约 {:g} 万元", "年节电约 {:g} 万千瓦时", "年创效益约 {:g} 万元")
            ).format(self.rng.randint(3, 120) / 2)
            awarded = evaluated + timedelta(days=self.rng.randint(10, 60))
            if awarded <= self.today:
                level, amount, _ = self.rng.choices(AWARDS, [weight for *_, weight in AWARDS])[0]
                item["award"] = {
                    "level": level,
                    "amount": amount,
                    "by": self.rng.choice((self.enterprise, "矿工会")),
                    "date": awarded,
                }

    def answer_text(self, item: dict, result: str, answered: date, offices: dict[str, str]) -> str:
        """The handling office's answer, in Markdown."""
        lead = next(
            (name for name, ident in offices.items() if ident == item["handlers"][0]), "承办单位"
        )
        topic = item["topic"]
        opening = {
            "solved": f"经研究，{topic}一事已于{answered.month}月落实。",
            "planned": f"{topic}一事已列入{answered.year + 1}年度计划，资金落实后组织实施。",
            "explained": f"受资金和井下条件限制，{topic}一事暂缓解决，待条件具备后再研究落实。",
        }[result]
        text = f"**{lead}答复**：{opening}\n\n{self.paragraph(self.rng.randint(1, 2))}"
        if result != "explained" and self.rng.random() < 0.5:
            text += "\n\n" + "\n".join(f"- {m}" for m in self.rng.sample(PROPOSAL_MEASURES, 2))
        return text

    def title(self, item: dict) -> str:
        return f"关于{item['topic']}的{'提案' if item['type'] == 'proposal' else '建议'}"

    def proposal_text(self, item: dict) -> str:
        """One proposal's YAML, its steps in the order they happen."""
        lines = [f"title: {self._quote(self.title(item))}", f"type: {item['type']}"]
        if "session" in item:
            lines += [f"session: {item['session']}", f'number: "{item["number"]}"']
        lines += [
            f"unit: {item['unit']}",
            f"date: {item['date']}",
            f"proposers: [{', '.join(item['proposers'])}]",
            "body: " + self._block(item["body"]).rstrip("\n"),
        ]
        if "review" in item:
            review = item["review"]
            fields = [f"date: {review['date']}", f"result: {review['result']}"]
            fields += [f"note: {self._quote(review['note'])}"] if "note" in review else []
            fields += [f"merged_into: {review['merged_into']}"] if "merged_into" in review else []
            lines.append("review: {" + ", ".join(fields) + "}")
        if "handlers" in item:
            lines += [f"handlers: [{', '.join(item['handlers'])}]", f"due: {item['due']}"]
        if "answer" in item:
            answer = item["answer"]
            lines += [
                "answer:",
                f"  date: {answer['date']}",
                f"  result: {answer['result']}",
                "  text: " + self._block(answer["text"], "    ").rstrip("\n"),
            ]
        if "evaluation" in item:
            lines.append(
                f"evaluation: {{date: {item['evaluation']['date']}, result: {item['evaluation']['result']}}}"
            )
        if "benefit" in item:
            lines.append(f"benefit: {self._quote(item['benefit'])}")
        if "award" in item:
            award = item["award"]
            lines.append(
                f"award: {{level: {award['level']}, amount: {award['amount']}, by: {award['by']}, date: {award['date']}}}"
            )
        return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="生成合成的公开栏档案（用于性能测试）")
    parser.add_argument("out", type=Path, help="写入的 data 目录（会先清空）")
    parser.add_argument("--workers", type=int, default=10000, help="职工人数，默认 10000")
    parser.add_argument("--years", type=float, default=5, help="年数，可为小数，默认 5")
    parser.add_argument("--seed", type=int, default=1, help="随机种子，默认 1")
    parser.add_argument(
        "--today", type=date.fromisoformat, default=date(2026, 11, 25), help="档案截止日期"
    )
    args = parser.parse_args()
    writer = Writer(args.out, args.workers, args.years, args.seed, args.today)
    counts = writer.run()
    print(
        "已生成："
        + "，".join(f"{k} {v} 条" for k, v in counts.items())
        + f"；职代会 {writer.sessions_count} 次"
    )


if __name__ == "__main__":
    main()

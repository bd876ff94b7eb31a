"""`forms` and `report …` as a user runs them (CLI.md), exit statuses included."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import CliResult, run_cli
from tests.reports.factories import FORMULA
from tests.reports.helpers import assert_all_embedded, pdftext, sheet_rows, squeeze


def run(db: Path, *args: str, env: dict[str, str | None] | None = None) -> CliResult:
    return run_cli("--db", db, *args, env=env)


def test_forms_command(rdb: Path, tmp_path: Path) -> None:
    r = run(rdb, "forms", "--out", str(tmp_path / "表格"), "--as-of", "2024-09-10", "--json")
    assert r.returncode == 0, r.stderr
    files = [Path(f) for f in json.loads(r.stdout)["files"]]
    assert [f.name for f in files] == ["问题清单.xlsx", "整改台账.xlsx", "销号台账.xlsx", "统计表.xlsx"]
    rows = sheet_rows(files[0])
    assert rows[2] == ["序号", "问题类别", "具体表现", "整治措施", "责任部门"]
    assert FORMULA in [v for row in rows for v in row]
    assert "填报时间：2024年9月10日" in rows[1][0]


def test_report_commands(rdb: Path, tmp_path: Path) -> None:
    out = tmp_path / "整改报告.pdf"
    r = run(rdb, "report", "rectification", "--out", str(out), "--as-of", "2024-09-10")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"已生成整改报告：{out}" and r.stderr == ""
    assert_all_embedded(out)
    text = pdftext(out)
    assert "主要负责人（签字）" in text and "签发人：" in text and "— 1 —" in text
    r = run(rdb, "report", "problem-list", "--out", str(tmp_path / "清单.pdf"), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["path"] == str(tmp_path / "清单.pdf")
    assert "行政执法乱象专项整治问题清单" in squeeze(pdftext(tmp_path / "清单.pdf"))


def test_review_and_notice_commands(rdb: Path, tmp_path: Path) -> None:
    problems = json.loads(run(rdb, "problems", "--json").stdout)
    problems = problems["problems"] if isinstance(problems, dict) else problems
    reviewed = json.loads(run(rdb, "review", "show", problems[0]["case_no"], "--json").stdout)
    assert reviewed, "the fixture reviewed the first problem's case"
    r = run(rdb, "report", "review", "--case", problems[0]["case_no"], "--out", str(tmp_path / "评查表.pdf"))
    assert r.returncode == 0, r.stderr
    assert "行政执法案卷评查表" in squeeze(pdftext(tmp_path / "评查表.pdf"))
    unit = problems[1]["unit"]
    r = run(rdb, "report", "notice", "--unit", unit, "--out", str(tmp_path / "通知书.pdf"))
    assert r.returncode == 0, r.stderr
    assert f"{unit}：" in squeeze(pdftext(tmp_path / "通知书.pdf"))


def test_refusals_exit_2_and_write_nothing(rdb: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "占位文件"
    blocker.write_text("x")
    cases = [
        ("report", "rectification", "--out", str(blocker / "r.pdf")),
        ("report", "problem-list", "--out", str(tmp_path / "清单.txt")),
        ("report", "review", "--case", "沈水罚字〔2099〕第1号", "--out", str(tmp_path / "v.pdf")),
        ("report", "notice", "--unit", "不存在的单位", "--out", str(tmp_path / "n.pdf")),
        ("forms", "--out", str(blocker)),
        ("report", "rectification", "--out", str(tmp_path / "r.pdf"), "--as-of", "2024-13-45"),
    ]
    for args in cases:
        r = run(rdb, *args)
        assert r.returncode == 2, (args, r.stderr)
        line = r.stderr.strip()
        assert line and "\n" not in line and "Traceback" not in line, (args, r.stderr)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in line)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clistore", "占位文件"]


def test_case_with_no_review_is_refused(rdb: Path, tmp_path: Path) -> None:
    problems = json.loads(run(rdb, "problems", "--json").stdout)
    problems = problems["problems"] if isinstance(problems, dict) else problems
    reviewed = problems[0]["case_no"]
    other = next(p["case_no"] for p in problems if p["case_no"] and p["case_no"] != reviewed)
    r = run(rdb, "report", "review", "--case", other, "--out", str(tmp_path / "v.pdf"))
    assert r.returncode == 2 and "还没有定稿的评查" in r.stderr
    assert not (tmp_path / "v.pdf").exists()


def test_signed_report(rdb: Path, tmp_path: Path) -> None:
    env = {"CASEAUDIT_SIGNER_PASSPHRASE": "口令-123456"}
    out = tmp_path / "签名报告.pdf"
    no_signer = run(rdb, "report", "rectification", "--out", str(out), "--sign", env=env)
    assert no_signer.returncode == 2 and not out.exists() and "Traceback" not in no_signer.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["clistore"]
    assert run(rdb, "signer", "create", "--name", "沈阳市水务局", env=env).returncode == 0
    r = run(rdb, "report", "rectification", "--out", str(out), "--sign", "--json", env=env)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["signed"] is True
    check = json.loads(run(rdb, "verify-pdf", str(out), "--json").stdout)
    assert check["signed"] and check["intact"] and check["trusted"]
    assert_all_embedded(out)
    assert "主要负责人（签字）" in pdftext(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clistore", "签名报告.pdf"]
    wrong = run(rdb, "report", "rectification", "--out", str(tmp_path / "b.pdf"), "--sign",
                env={"CASEAUDIT_SIGNER_PASSPHRASE": "错误口令"})
    assert wrong.returncode == 2 and not (tmp_path / "b.pdf").exists()

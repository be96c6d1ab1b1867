"""The corpusprep command: clean, rules, explain; exit codes and summary."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from corpusprep.cli import main

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def test_clean_writes_dataset_and_prints_summary(tmp_path, capsys):
    assert main(["clean", str(SEEDS), "-o", str(tmp_path / "out"), "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert "inputs              5  = documents 5 + rejects 0" in out
    assert "MB/s" in out and "pinyin" in out
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    assert manifest["counts"]["documents"] == 5


def test_fail_on_reject_exit_status(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n")
    args = ["clean", str(bad), str(SEEDS / "004_2d799a09d0bc18b1.txt"), "-o", str(tmp_path / "o"), "-q"]
    assert main(args) == 0
    assert main([*args, "--fail-on-reject"]) == 3
    assert "rejected" in capsys.readouterr().err


def test_config_error_is_reported_not_raised(tmp_path, capsys):
    cfg = tmp_path / "c.toml"
    cfg.write_text("nonsense = true\n", encoding="utf-8")
    assert main(["clean", str(SEEDS), "-o", str(tmp_path / "o"), "--config", str(cfg)]) == 2
    assert "c.toml: unknown pipeline options" in capsys.readouterr().err


def test_rules_lists_rule_ids(capsys):
    assert main(["rules"]) == 0
    assert "verification.captcha_prompt" in capsys.readouterr().out


def test_explain_shows_removals(capsys):
    assert main(["explain", str(SEEDS / "000_bf517a73faff35fb.txt")]) == 0
    out = capsys.readouterr().out
    assert "verification" in out


def test_console_script_runs_as_a_module(tmp_path):
    r = subprocess.run([sys.executable, "-m", "corpusprep.cli", "clean", str(SEEDS / "002_c645c02e9a89f534.txt"),
                        "-o", str(tmp_path / "o"), "--unit", "sentence"], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    assert "unit=sentence" in r.stdout


@pytest.mark.parametrize("argv", [["clean"], ["clean", "x"], ["nope"]])
def test_usage_errors_exit_2(argv):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2


def test_report_subcommand_writes_html(tmp_path, capsys):
    assert main(["clean", str(SEEDS), "-o", str(tmp_path / "o"), "-q", "--workers", "1"]) == 0
    assert main(["report", str(tmp_path / "o"), "-o", str(tmp_path / "r.html"), "--sample", "2"]) == 0
    assert "report written to" in capsys.readouterr().out
    assert (tmp_path / "r.html").read_text("utf-8").lstrip().lower().startswith("<!doctype html")
    assert main(["report", str(tmp_path / "nothing-here")]) == 2

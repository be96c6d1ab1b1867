"""The corpusprep command: clean, rules, explain; exit codes and summary."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
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


# -- the edges: outputs that cannot be written, runs that read nothing (issue 18) ----------------
def one_error_line(capsys) -> str:
    """The run's stderr is exactly one ``corpusprep: error:`` line, with no traceback; stdout is empty."""
    out, err = capsys.readouterr()
    assert "Traceback" not in err and out == "", (out, err)
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("corpusprep: error: "), err
    return lines[0]


def tree(root: Path) -> list[Path]:
    return sorted(root.rglob("*"))


def unwritable_outputs(tmp_path: Path) -> dict[str, Path]:
    """Output paths that cannot be made a directory, as a new user mistypes them."""
    (tmp_path / "f").write_text("a regular file", encoding="utf-8")
    return {
        "under_a_file": tmp_path / "f" / "out",
        "deeper_under_a_file": tmp_path / "f" / "a" / "b",
        "is_a_file": tmp_path / "f",
        "name_too_long": tmp_path / "new" / ("a" * 300),  # "new" can be made, the next one not
    }


@pytest.mark.parametrize("case", ["under_a_file", "deeper_under_a_file", "is_a_file", "name_too_long"])
def test_clean_output_that_cannot_be_created_is_one_line_exit_2_and_leaves_nothing(tmp_path, capsys, case):
    """An output path that cannot be a directory: exit 2, one line naming the path, nothing written."""
    out = unwritable_outputs(tmp_path)[case]
    before = tree(tmp_path)
    assert main(["clean", str(SEEDS), "-o", str(out), "--workers", "1"]) == 2
    assert one_error_line(capsys).startswith(f"corpusprep: error: {out}: ")
    assert tree(tmp_path) == before  # not even the parent "new" of a name too long


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_clean_output_in_proc_is_one_line_exit_2(capsys):
    """``-o /proc/x`` (a file system that refuses new directories): exit 2, one line naming it."""
    assert main(["clean", str(SEEDS), "-o", "/proc/corpusprep-x", "--workers", "1"]) == 2
    assert "/proc/corpusprep-x: cannot create the directory" in one_error_line(capsys)
    assert not Path("/proc/corpusprep-x").exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root writes into read-only directories; covered by the cases above")
def test_clean_output_in_a_read_only_directory_is_one_line_exit_2(tmp_path, capsys):
    """A read-only parent folder: exit 2, one line naming the path, nothing written there."""
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        assert main(["clean", str(SEEDS), "-o", str(ro / "out"), "--workers", "1"]) == 2
        assert str(ro / "out") in one_error_line(capsys)
        assert list(ro.iterdir()) == []
    finally:
        ro.chmod(0o755)


def test_unwritable_output_fails_before_any_input_is_read(tmp_path, monkeypatch):
    """``process`` raises OutputError (a CorpusprepError) before reading any input."""
    import corpusprep as cp
    import corpusprep.dataset

    def no_reading(*args, **kwargs):
        raise AssertionError("inputs were read before the output was checked")

    monkeypatch.setattr(corpusprep.dataset, "read_inputs", no_reading)
    out = unwritable_outputs(tmp_path)["under_a_file"]
    with pytest.raises(cp.OutputError) as exc:
        cp.process([SEEDS], out, workers=1, repeated_lines=2)
    assert isinstance(exc.value, cp.CorpusprepError) and exc.value.location == str(out)


def test_console_script_unwritable_output_has_no_traceback(tmp_path):
    """As a user runs it: exit 2, stderr one line naming the path and the reason."""
    out = unwritable_outputs(tmp_path)["under_a_file"]
    r = subprocess.run([sys.executable, "-m", "corpusprep.cli", "clean", str(SEEDS), "-o", str(out)],
                       capture_output=True, text=True, check=False)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.splitlines() == [f"corpusprep: error: {out}: cannot create the directory: "
                                     f"{tmp_path / 'f'} is not a directory"]


def test_clean_that_reads_nothing_exits_1_and_says_so_on_its_last_line(tmp_path, capsys):
    """A mistyped input: the reject row is kept, the run exits 1, its last line says why."""
    missing = str(tmp_path / "seedz")
    assert main(["clean", missing, "-o", str(tmp_path / "o"), "--workers", "1"]) == 1
    captured = capsys.readouterr()
    assert "documents 0 + rejects 1" in captured.out
    assert captured.err.splitlines() == [f"corpusprep: error: no input could be read: 1 reject (not_found: {missing})"]
    rejects = pq.read_table(tmp_path / "o" / "rejects.parquet").to_pylist()
    assert [(r["kind"], r["location"]) for r in rejects] == [("not_found", missing)]


def test_clean_that_reads_nothing_exits_1_quiet_or_with_fail_on_reject(tmp_path, capsys):
    """-q still prints the reason; --fail-on-reject (status 3) is for partial failures only."""
    args = ["clean", str(tmp_path / "seedz"), "-o", str(tmp_path / "o"), "--workers", "1", "-q"]
    assert main(args) == 1
    assert "no input could be read" in one_error_line(capsys)
    assert main([*args, "--fail-on-reject"]) == 1
    assert "no input could be read" in one_error_line(capsys)


def test_clean_of_many_rejects_names_the_first_few(tmp_path, capsys):
    """Every input rejected: the last line counts them and names the first three."""
    names = [str(tmp_path / f"missing{i}") for i in range(5)]
    assert main(["clean", *names, "-o", str(tmp_path / "o"), "--workers", "1", "-q"]) == 1
    assert one_error_line(capsys) == (
        "corpusprep: error: no input could be read: 5 rejects (not_found: " + "; not_found: ".join(names[:3])
        + "; 2 more in rejects.parquet)")


def test_clean_of_a_folder_without_inputs_exits_1(tmp_path, capsys):
    """An empty folder gives no document and no reject: still exit 1, saying no input was found."""
    (tmp_path / "empty").mkdir()
    assert main(["clean", str(tmp_path / "empty"), "-o", str(tmp_path / "o"), "--workers", "1", "-q"]) == 1
    assert "no input could be read: no input files found" in one_error_line(capsys)


def test_clean_help_documents_the_exit_statuses(capsys):
    """``corpusprep clean --help`` lists exit statuses 0-3."""
    with pytest.raises(SystemExit) as exc:
        main(["clean", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "exit status:" in out and "1  no input could be read" in out and "3  --fail-on-reject" in out


@pytest.mark.parametrize("case", ["missing", "binary", "empty_folder"])
def test_explain_of_an_unreadable_file_is_one_line_exit_2(tmp_path, capsys, case):
    """explain FILE that is missing, not text, or holds no input: exit 2, one line naming it."""
    path = tmp_path / {"missing": "nope.txt", "binary": "b.txt", "empty_folder": "d"}[case]
    if case == "binary":
        path.write_bytes(b"\x89PNG\r\n\x1a\n")
    elif case == "empty_folder":
        path.mkdir()
    assert main(["explain", str(path)]) == 2
    assert one_error_line(capsys).startswith(f"corpusprep: error: {path}: ")


def test_explain_with_some_inputs_rejected_still_exits_1(tmp_path, capsys):
    """A folder with one good and one empty file: the good one is shown, the reject named, exit 1."""
    (tmp_path / "e.txt").write_text("   ", encoding="utf-8")
    (tmp_path / "good.txt").write_bytes((SEEDS / "000_bf517a73faff35fb.txt").read_bytes())
    assert main(["explain", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "verification" in captured.out
    assert captured.err.splitlines() == [f"corpusprep: rejected {tmp_path / 'e.txt'}: no text (empty or whitespace only)"]


@pytest.mark.parametrize("case", ["missing", "not_utf8", "folder", "no_rules"])
def test_rules_with_a_bad_rules_file_is_one_line_exit_2(tmp_path, capsys, case):
    """rules --rules FILE that is missing, not UTF-8, a folder, or defines no rule: exit 2, one line."""
    path = tmp_path / "r.toml"
    if case == "not_utf8":
        path.write_bytes(b"\xff\xfe\x00 not utf-8")
    elif case == "folder":
        path.mkdir()
    elif case == "no_rules":
        path.write_text("[rules]\nid = 'typo'\n", encoding="utf-8")
    assert main(["rules", "--rules", str(path)]) == 2
    assert one_error_line(capsys).startswith(f"corpusprep: error: {path}: ")


@pytest.fixture(scope="module")
def small_dataset(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ds") / "o"
    assert main(["clean", str(SEEDS / "004_2d799a09d0bc18b1.txt"), "-o", str(out), "-q", "--workers", "1"]) == 0
    return out


@pytest.mark.parametrize("case", ["under_a_file", "deeper_under_a_file", "is_a_folder", "in_proc"])
def test_report_to_an_unwritable_path_is_one_line_exit_2_and_leaves_nothing(tmp_path, capsys, small_dataset, case):
    """report -o PATH that cannot be written: exit 2, one line naming PATH, no file or folder left."""
    if case == "in_proc" and not Path("/proc/self").is_dir():
        pytest.skip("needs Linux /proc")
    (tmp_path / "f").write_text("a regular file", encoding="utf-8")
    out = {"under_a_file": tmp_path / "f" / "r.html", "deeper_under_a_file": tmp_path / "f" / "a" / "r.html",
           "is_a_folder": tmp_path, "in_proc": Path("/proc/corpusprep-r.html")}[case]
    before, dataset_before = tree(tmp_path), tree(small_dataset)
    assert main(["report", str(small_dataset), "-o", str(out)]) == 2
    assert one_error_line(capsys).startswith(f"corpusprep: error: {out}: ")
    assert tree(tmp_path) == before and tree(small_dataset) == dataset_before
    assert not Path("/proc/corpusprep-r.html").exists()


def test_explain_of_a_dataset_says_it_is_no_input(tmp_path, capsys):
    """explain given the folder a clean wrote (its tables would be read as inputs, its
    _shards too): exit 2, one line that says what explain takes and points to report."""
    import corpusprep

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes((SEEDS / "000_bf517a73faff35fb.txt").read_bytes())
    corpusprep.process([tmp_path / "in"], tmp_path / "out", workers=1)
    assert main(["explain", str(tmp_path / "out")]) == 2
    line = one_error_line(capsys)
    assert line.startswith(f"corpusprep: error: {tmp_path / 'out'}: a corpusprep dataset, not an input")
    assert "corpusprep report" in line

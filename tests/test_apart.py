"""Work in a forked child (scorer/apart.py): the same result as in the parent, and the parent's error when it fails."""
from __future__ import annotations

import os

import pytest

from scorer.apart import Apart


def _pid_and_units(text: str) -> tuple[int, list[str]]:
    return os.getpid(), text.split("、")


def test_the_result_comes_from_a_child_process():
    pid, units = Apart(_pid_and_units, "城关镇、东风乡、新华街道").result()
    assert units == ["城关镇", "东风乡", "新华街道"]
    assert pid != os.getpid()


def test_a_failing_child_leaves_the_work_to_the_parent_which_raises_the_error():
    with pytest.raises(ValueError):
        Apart(int, "二〇二三年").result()


def test_a_result_that_cannot_be_sent_back_is_computed_in_the_parent():
    made = Apart(lambda unit: (lambda: unit), "城关镇").result()
    assert made() == "城关镇"


def test_closing_waits_for_the_child_without_its_result(tmp_path):
    target = tmp_path / "汇总.txt"
    job = Apart(target.write_text, "全县 12 个乡镇", "utf-8")
    job.close()
    assert target.read_text(encoding="utf-8") == "全县 12 个乡镇"


def test_asking_twice_gives_the_same_result_without_doing_the_work_again(tmp_path):
    log = tmp_path / "次数.txt"

    def count() -> int:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write("一")
        return log.read_text(encoding="utf-8").count("一")

    job = Apart(count)
    assert job.result() == 1 and job.result() == 1
    assert log.read_text(encoding="utf-8") == "一"

"""Scoring profiles (docs/profiles.md): the shipped files pinned, bad files named, and --profile,
[profile] in perfxl.toml and `perfxl profiles` as a clerk uses them."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from lintkit import CLEAN, edit, write_book
from openpyxl import load_workbook

from perfxl import profiles
from perfxl.cli import main
from perfxl.errors import EXIT_CLEAN, EXIT_ERROR, InputError
from perfxl.lint import lint_paths

# name -> (method, grade scale, PX105 execution, PX106 budget change, PX205 far, weight schemes)
PINNED = {
    "national": ("national", "national", 0.90, 0.20, 1.30,
                 [{"funding": 10, "产出": 50, "效益": 30, "满意度": 10}, {"funding": 10, "产出": 50, "效益": 40}]),
    "四川": ("national", "national", 0.90, 0.0, 1.30, [{"funding": 10, "产出": 50, "效益": 30, "满意度": 10}]),
    "安徽": ("national", "national", 0.90, 0.20, 1.30, [{"funding": 10, "产出": 50, "效益": 30, "满意度": 10}]),
    "湖南": ("national", "national", 0.90, 0.20, 1.30,
             [{"funding": 10, "产出": 50, "效益": 30, "满意度": 10}, {"funding": 10, "产出": 50, "效益": 40}]),
    "湖北": ("national", "national", 0.90, 0.20, 1.30, [{"funding": 20, "指标": 80}]),
    "云南": ("national", "national", 0.90, 0.20, 1.30, [{"funding": 20, "指标": 80}, {"funding": 10, "指标": 90}]),
}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("name", list(PINNED))
def test_each_shipped_profile_pins_its_choices_and_cites_a_source(name):
    p = profiles.resolve(name)
    method, scale, execution, change, far, schemes = PINNED[name]
    assert (p.name, p.method, p.grade_scale, p.execution, p.budget_change, p.far) == \
        (name, method, scale, execution, change, far)
    assert [dict(s.weights) for s in p.schemes] == schemes
    assert all(sum(dict(s.weights).values()) == 100 for s in p.schemes)
    assert p.sources and all(shows for _, shows in p.sources)
    assert any(url.startswith("http") for url, _ in p.sources)


def test_the_shipped_profiles_are_exactly_the_pinned_ones():
    assert list(profiles.builtin()) == ["national", "云南", "四川", "安徽", "湖北", "湖南"]
    assert set(profiles.builtin()) == set(PINNED)
    assert profiles.resolve("sichuan").name == "四川" and profiles.resolve(None).name == "national"


@pytest.mark.parametrize("text,key", [
    ('name = "x"\nmethod = "proportional"\n', "method"),
    ('name = "x"\n[thresholds]\nexecution = 90\n', "thresholds.execution"),
    ('name = "x"\n[thresholds]\nexecutoin = 0.9\n', "thresholds.executoin"),
    ('name = "x"\n[[schemes]]\nweights = { funding = 10, "产出" = 50 }\n', "schemes[1].weights"),
    ('name = "x"\n[[schemes]]\nweights = { funding = 10, "产量" = 90 }\n', "schemes[1].weights.产量"),
    ('name = "x"\ngrade_scale = "seven"\n', "grade_scale"),
    ('title = "no name"\n', "name"),
    ('name = "x"\nthreshold = 1\n', "threshold"),
    ('name = "x\n', None),  # not TOML at all
])
def test_a_bad_profile_is_a_message_naming_the_file_and_the_key(tmp_path, text, key):
    path = tmp_path / "我的方案.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        profiles.read(path)
    said = caught.value.render("zh")
    assert str(path) in said and (key is None or f"“{key}”" in said), said
    book = write_book(tmp_path / "a.xlsx", CLEAN)
    res = run("lint", book, "--profile", path)
    assert res.exit_code == EXIT_ERROR and str(path) in res.output and "Traceback" not in res.output


def test_an_unknown_profile_name_lists_the_known_ones(tmp_path):
    res = run("lint", write_book(tmp_path / "a.xlsx", CLEAN), "--profile", "山东")
    assert res.exit_code == EXIT_ERROR and "山东" in res.output and "四川" in res.output


def _adjusted(tmp_path, name="a.xlsx"):
    """A clean form whose 全年预算数 is 110 against a 年初 of 100 (+10%), with no reason anywhere."""
    spec = edit(edit(edit(CLEAN, "fund.0.2", 110), "fund.0.3", 110), "fund.1.2", 110)
    return write_book(tmp_path / name, edit(spec, "fund.1.3", 110))


def test_the_profile_changes_the_thresholds_the_rules_read(tmp_path):
    path = _adjusted(tmp_path)
    national = lint_paths([path], select=["PX106"])
    sichuan = lint_paths([path], select=["PX106"], profile=profiles.resolve("四川"))
    assert national.summary()["warnings"] == 0                      # 10% is within the national 20%
    assert [(x.rule, x.cell) for _, x in sichuan.all_findings()] == [("PX106", "D6")]  # 四川: any adjustment


def test_profile_on_the_command_line_and_in_perfxl_toml(tmp_path):
    path = _adjusted(tmp_path)
    assert run("lint", path, "--select", "PX106").exit_code == EXIT_CLEAN
    res = run("lint", path, "--select", "PX106", "--profile", "四川")
    assert "PX106" in res.output and "D6" in res.output
    (tmp_path / "perfxl.toml").write_text('[profile]\nname = "四川"\n', encoding="utf-8")
    assert "PX106" in run("lint", tmp_path, "--select", "PX106").output
    assert "PX106" not in run("lint", tmp_path, "--select", "PX106", "--profile", "national").output
    own = tmp_path / "本市方案.toml"                                # a bureau's own file, relative to perfxl.toml
    own.write_text('name = "本市"\n[thresholds]\nbudget_change = 0.05\n', encoding="utf-8")
    (tmp_path / "perfxl.toml").write_text('[profile]\nname = "本市方案.toml"\n', encoding="utf-8")
    assert "PX106" in run("lint", tmp_path, "--select", "PX106").output
    (tmp_path / "perfxl.toml").write_text('[profile]\nnmae = "四川"\n', encoding="utf-8")
    res = run("lint", tmp_path)
    assert res.exit_code == EXIT_ERROR and "perfxl.toml" in res.output and "profile" in res.output


def test_two_folders_naming_different_profiles_are_refused(tmp_path):
    for folder, name in (("a", "四川"), ("b", "湖北")):
        (tmp_path / folder).mkdir()
        _adjusted(tmp_path / folder)
        (tmp_path / folder / "perfxl.toml").write_text(f'[profile]\nname = "{name}"\n', encoding="utf-8")
    res = run("lint", tmp_path / "a", tmp_path / "b")
    assert res.exit_code == EXIT_ERROR and "四川" in res.output and "湖北" in res.output


def test_px205_reads_its_share_from_the_profile(tmp_path):
    path = write_book(tmp_path / "a.xlsx", edit(CLEAN, "rows.0.4", "130%"))   # 130% of ≥95%: 137%
    assert [x.cell for _, x in lint_paths([path], select=["PX205"]).all_findings()] == ["F13"]
    own = tmp_path / "宽松.toml"
    own.write_text('name = "宽松"\n[thresholds]\nfar = 1.5\n', encoding="utf-8")
    assert lint_paths([path], select=["PX205"], profile=profiles.read(own)).summary()["warnings"] == 0


def test_scoring_overrides_the_profile_method(tmp_path):
    own = tmp_path / "aon.toml"
    own.write_text('name = "全有全无"\nmethod = "all_or_nothing"\n', encoding="utf-8")
    p = profiles.read(own)
    from perfxl.lint.run import Linter
    assert Linter(profile=p).context("x").method.name == "all_or_nothing"
    assert Linter(method="national", profile=p).context("x").method.name == "national"
    assert Linter().context("x").profile.name == "national"


def test_perfxl_profiles_lists_and_explains(tmp_path):
    res = run("profiles")
    lines = res.output.splitlines()
    assert res.exit_code == 0 and [line.split("\t")[0] for line in lines] == list(profiles.builtin())
    assert "PX106 调整 0%" in next(line for line in lines if line.startswith("四川")) and "scqs.gov.cn" in res.output
    res = run("profiles", "湖北", "--lang", "en")
    assert res.exit_code == 0 and "funding 20" in res.output and "bubsandbeans.com" in res.output
    assert run("profiles", "山东").exit_code == EXIT_ERROR


def test_px119_against_the_scheme_the_form_prints(tmp_path):
    """A 注 under the table (中江's): its scheme, not the profile's, is what the weights must follow."""
    spec = edit(edit(edit(CLEAN, "rows.0.0", "产出指标（60分）"), "rows.0.5", 30), "rows.0.6", 30)
    spec = edit(edit(edit(spec, "rows.4.0", "效益指标（20分）"), "rows.4.5", 20), "rows.4.6", 20)
    path = write_book(tmp_path / "a.xlsx", spec)
    found = lambda: sorted((x.cell, x.expected, x.actual) for _, x in lint_paths([path], select=["PX119"]).all_findings())
    assert found() == [("B13", 50, 60), ("B17", 30, 20)]                 # the national scheme
    wb = load_workbook(path)
    wb.active.append(["注：一级指标分值统一设置为：产出指标60分、效益指标20分、满意度指标10分、预算资金执行率10分。"])
    wb.save(path)
    assert found() == []                                                # the form's own note says 60/20
    assert lint_paths([path], select=["PX119"], profile=profiles.resolve("湖北")).summary()["warnings"] == 0


def test_a_bad_profile_in_english(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('name = "x"\n[thresholds]\nexecution = 90\n', encoding="utf-8")
    res = run("lint", write_book(tmp_path / "a.xlsx", CLEAN), "--profile", path, "--lang", "en")
    assert res.exit_code == EXIT_ERROR and "profile key 'thresholds.execution' must be a number" in res.output


def test_consolidate_takes_a_profile(tmp_path):
    inbox = tmp_path / "收到的自评表"
    inbox.mkdir()
    _adjusted(inbox, "金寨县2022.xlsx")
    out = tmp_path / "汇总.xlsx"
    res = run("consolidate", inbox, "-o", out)
    assert res.exit_code == EXIT_CLEAN and "0 个错误，0 个警告" in res.output, res.output
    res = run("consolidate", inbox, "-o", out, "--force", "--profile", "四川")
    assert res.exit_code == EXIT_CLEAN and "0 个错误，1 个警告" in res.output, res.output
    issues = [row for row in load_workbook(out)["问题清单"].iter_rows(values_only=True)]
    assert any("PX106" in (str(c) for c in row) for row in issues)


def test_a_profiles_grade_scale_names_the_grades_perfxl_computes(tmp_path):
    """A computed grade (the form prints none) reads on the profile's scale: the clean form's 100 is
    优 nationally, 优秀 on the five-level scale."""
    from pathlib import Path

    from perfxl.profiles import resolve

    path = write_book(tmp_path / "a.xlsx", CLEAN)
    national = lint_paths([path]).to_json()["files"][0]["forms"][0]
    text = (Path(resolve("national").path).read_text(encoding="utf-8")
            .replace('grade_scale = "national"', 'grade_scale = "five"').replace('name = "national"', 'name = "五级"'))
    five = tmp_path / "five.toml"
    five.write_text(text, encoding="utf-8")
    graded = lint_paths([path], profile=resolve(str(five))).to_json()["files"][0]["forms"][0]
    assert national["grade_source"] == graded["grade_source"] == "computed"
    assert (national["grade"], graded["grade"]) == ("优", "优秀")

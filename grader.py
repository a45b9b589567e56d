"""The coroutine kata's grader. Run `python grader.py --help`.

学生：python grader.py            评分 exercises/ 下的全部题目
Students: python grader.py 03     grade one topic; --lang zh|en; --target DIR
"""

import gc
import sys

if sys.version_info < (3, 10):  # noqa: UP036 - say it plainly instead of a SyntaxError later
    sys.exit("The coroutine kata needs Python 3.10+ / 需要 Python 3.10 或更高版本")

if __name__ == "__main__":  # only then: judges forked by multiprocessing import this file too
    try:
        from kata.judging import judge

        if not {"-h", "--help", "--list", "--hint", "--quiz", "--timeline", "--edition"} & set(sys.argv):
            judge.warm_up()  # the judges' server loads pytest while this process loads the rest
        from kata.commands.cli import main
    except ModuleNotFoundError as exc:
        sys.exit(f"缺少依赖 {exc.name}：请先运行 pip install -e . / "
                 f"missing dependency {exc.name}: run `pip install -e .` first (see README.md)")
    code = main()
    gc.freeze()  # nothing to collect on the way out: the prompt returns sooner
    sys.exit(code)

"""A copy disguised as a student would: functions reordered, local variables renamed, comments and
blank lines changed.

Parameters and the public functions keep their names (the grader calls them, by keyword too), so
a disguised copy of a right answer still passes: only what a copier can change without breaking
it changes.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize


def _locals(tree: ast.Module) -> set[str]:
    """Names assigned inside functions, except any name that is also a parameter somewhere (callers may
    pass those by keyword) or assigned at module level."""
    assigned = {n.id for fn in ast.walk(tree) if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))
                for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    params = {a.arg for a in ast.walk(tree) if isinstance(a, ast.arg)}
    module = {n.id for stmt in tree.body if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))
              for n in ast.walk(stmt) if isinstance(n, ast.Name)}
    return assigned - params - module


def _reordered(source: str) -> str:
    """The module's top-level functions in reverse order, everything else where it was."""
    lines = source.splitlines(keepends=True)
    spans = [(min([fn.lineno, *(d.lineno for d in fn.decorator_list)]) - 1, fn.end_lineno)
             for fn in ast.parse(source).body if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))]
    blocks = ["".join(lines[a:b]) for a, b in spans]
    out, at = [], 0
    for (a, b), block in zip(spans, reversed(blocks), strict=True):
        out += ["".join(lines[at:a]), block if block.endswith("\n") else block + "\n"]
        at = b
    return "".join(out) + "".join(lines[at:])


def _renamed(code: str, names: set[str]) -> str:
    """An f-string's replacement field with the local variables renamed (tokenize keeps f-strings whole)."""
    return re.sub(r"(?<![\w.])(" + "|".join(map(re.escape, sorted(names))) + r")\b", r"my_\1", code)


def disguise(source: str) -> str:
    source = _reordered(source)
    names = _locals(ast.parse(source))
    tokens: list[tokenize.TokenInfo] = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        after_dot = bool(tokens) and tokens[-1].string == "."  # an attribute, not the variable
        if tok.type == tokenize.NAME and tok.string in names and not after_dot:
            tok = tok._replace(string=f"my_{tok.string}")
        elif tok.type == tokenize.STRING and tok.string[:2].lower() in ("f'", 'f"') and names:
            tok = tok._replace(string=re.sub(r"\{[^{}]*\}", lambda m: _renamed(m.group(), names), tok.string))
        elif tok.type == tokenize.COMMENT:
            tok = tok._replace(string="# (my note)")
        tokens.append(tok)
    return "# my own work\n\n" + tokenize.untokenize(tokens).replace("\n\n\n", "\n\n\n\n")

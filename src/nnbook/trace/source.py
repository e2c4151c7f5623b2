"""What the recorder knows about the traced code before running it (read from its source).

* :func:`layout`: a block's statements, the names each simple statement assigns and its loops
  (``ast``), so a step is a whole statement and loops can be folded;
* :func:`global_names`: every name a cell's code loads or stores, the variables it may show;
* :func:`functions` and :func:`function_block`: the functions to step into, and their source;
* :func:`compile_cell`: the cell's code, with its last expression apart when its value is kept.

Private to :mod:`nnbook.trace.record`.
"""
from __future__ import annotations

import ast
import inspect
import io
import tokenize
import types
from dataclasses import dataclass

from .model import CodeBlock

__all__ = ["Layout", "layout", "global_names", "functions", "function_block", "compile_cell"]


@dataclass
class Layout:
    """A block's statements and loops, by file line number (see :func:`layout`)."""

    stmt: dict[int, int]               # a continuation line of a statement -> its first line
    stores: dict[int, frozenset]       # a simple statement's line -> names it assigns
    loops: dict[int, tuple[int, bool]]  # a loop's header line -> (last body line, one-line loop)
    def_line: int = 0                  # the ``def`` line of a function block


def _assigned(target) -> set[str]:
    """Names an assignment target binds or changes: ``a, b`` -> a, b; ``a[i].x`` -> a."""
    if isinstance(target, (ast.Tuple, ast.List)):
        return set().union(*map(_assigned, target.elts))
    while isinstance(target, (ast.Subscript, ast.Attribute, ast.Starred)):
        target = target.value
    return {target.id} if isinstance(target, ast.Name) else set()


def layout(lines: tuple[str, ...], first_line: int) -> Layout:
    """The statements, assigned names and loops of a block whose first line is ``first_line``."""
    text, offset = "\n".join(lines), first_line - 1
    if lines and lines[0][:1].isspace():  # an indented method: parse it inside a block
        text, offset = "if True:\n" + text, offset - 1
    lay = Layout({}, {}, {})
    try:
        tree = ast.parse(text)
    except SyntaxError:  # a lambda's lines, say: trace it without statement and loop facts
        return lay
    for node in ast.walk(tree):
        if not isinstance(node, (ast.stmt, ast.excepthandler)):
            continue
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", ())])
        body = getattr(node, "body", None)
        end = (body[0].lineno - 1) if isinstance(body, list) and body else node.end_lineno
        for line in range(start + 1, end + 1):
            lay.stmt[line + offset] = start + offset
        if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            lay.loops[start + offset] = (body[-1].end_lineno + offset, body[0].lineno == node.lineno)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not lay.def_line:
            lay.def_line = node.lineno + offset
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = set().union(*map(_assigned, targets))
            names |= {n.target.id for n in ast.walk(node) if isinstance(n, ast.NamedExpr)}
            lay.stores[start + offset] = frozenset(names)
    return lay


def global_names(code) -> list[str]:
    """Every name the cell's code (and the code nested in it) loads or stores, in order."""
    names = list(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names += global_names(const)
    return names


def functions(step_into) -> list:
    """The plain functions behind ``step_into`` (a function, method, property or a list of them)."""
    if step_into is None:
        return []
    out = []
    for item in step_into if isinstance(step_into, (list, tuple)) else [step_into]:
        func = item.fget if isinstance(item, property) else item
        func = inspect.unwrap(getattr(func, "__func__", func))
        if not isinstance(getattr(func, "__code__", None), types.CodeType):
            raise TypeError(f"step_into expects Python functions or methods (such as Dense.backward), "
                            f"got {item!r}")
        out.append(func)
    return out


def function_block(func) -> CodeBlock:
    """The source of ``func`` as a code block, at its lines in its file."""
    try:
        lines, first = inspect.getsourcelines(func)
    except (OSError, TypeError) as exc:
        raise ValueError(f"step_into: the source of {func.__qualname__} cannot be found") from exc
    return CodeBlock(func.__qualname__, tuple(line.rstrip("\r\n") for line in lines), first)


def _ends_with_semicolon(source: str) -> bool:
    """Does the code's last token (comments aside) read ``;``, which hides a cell's result?"""
    last = None
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type not in _FILLER:
                last = tok
    except (tokenize.TokenError, SyntaxError):
        return False
    return last is not None and last.type == tokenize.OP and last.string == ";"


_FILLER = (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
           tokenize.ENDMARKER)


def compile_cell(source: str, filename: str, last_value: bool) -> tuple[tuple, object]:
    """The cell's code objects run with ``exec``, and its last expression's code (``eval``) or None.

    Without ``last_value`` (or when the cell does not end with an expression) that is the whole
    cell and None.  Else the statements before the expression (none when there are none) and
    the expression, as a notebook keeps a cell's result; all under ``filename``, so the line
    numbers are the cell's.
    """
    whole = compile(source, filename, "exec", dont_inherit=True)
    if not last_value:
        return (whole,), None
    tree = ast.parse(source, filename)
    if not tree.body or not isinstance(tree.body[-1], ast.Expr) or _ends_with_semicolon(source):
        return (whole,), None
    head = ast.Module(body=tree.body[:-1], type_ignores=[])
    tail = compile(ast.Expression(body=tree.body[-1].value), filename, "eval", dont_inherit=True)
    return ((compile(head, filename, "exec", dont_inherit=True),) if head.body else ()), tail

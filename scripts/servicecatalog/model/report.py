"""Print validation results for people (text), for GitHub Actions, or as JSON."""

from __future__ import annotations

import json
from typing import TextIO

from servicecatalog.model.loader import Problem
from servicecatalog.model.translations import SOURCE, render
from servicecatalog.model.validate import Result

FORMATS = ("text", "github", "json")

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "bold": "\033[1m", "reset": "\033[0m"}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def summary(result: Result) -> str:
    """One line: how many errors and warnings in how many files."""
    errors, warnings = result.errors, result.warnings
    error_files = len({p.file for p in errors})
    parts = [f"{_plural(len(errors), 'error')} in {_plural(error_files, 'file')}" if errors else "no errors"]
    if warnings:
        parts.append(_plural(len(warnings), "warning"))
    line = f"{', '.join(parts)} ({_plural(result.files, 'file')} checked)"
    if result.missing_translations:
        gaps = ", ".join(f"{lang} {count}" for lang, count in sorted(result.missing_translations.items()))
        line += f"\nuntranslated texts per language: {gaps}"
    return line


def format_text(problem: Problem, colour: bool = False, lang: str = SOURCE) -> str:
    """``file:line:col: severity: field: message``, the format compilers use; the message in ``lang``."""
    severity = problem.severity
    if colour:
        severity = f"{_COLOURS[severity]}{severity}{_COLOURS['reset']}"
    field = f"{problem.field}: " if problem.field else ""
    return f"{problem.file}:{problem.line}:{problem.column}: {severity}: {field}{render(problem.message, lang)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(problem: Problem, lang: str = SOURCE) -> str:
    """A workflow command that GitHub shows as an annotation on the changed line, the message in ``lang``."""
    title = _escape_property(problem.field or problem.rule or "catalogue")
    message = _escape_data(f"{problem.field + ': ' if problem.field else ''}{render(problem.message, lang)}")
    return f"::{problem.severity} file={_escape_property(problem.file)},line={problem.line},col={problem.column},title={title}::{message}"


def write(result: Result, fmt: str, stream: TextIO, colour: bool = False, lang: str = SOURCE) -> None:
    """Write every problem and the summary in the chosen format, the messages in ``lang`` (English when it has none)."""
    if fmt == "json":
        payload = {
            "valid": result.ok,
            "files": result.files,
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "missing_translations": dict(sorted(result.missing_translations.items())),
            "problems": [
                {"file": p.file, "line": p.line, "column": p.column, "severity": p.severity, "field": p.field, "message": render(p.message, lang), "rule": p.rule}
                for p in result.problems
            ],
        }
        json.dump(payload, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
        return
    stream.writelines((format_github(problem, lang) if fmt == "github" else format_text(problem, colour, lang)) + "\n" for problem in result.problems)
    stream.write(summary(result) + "\n")

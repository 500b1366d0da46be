"""Pages that send an old address (a former service id) to the current one."""

from __future__ import annotations

from markupsafe import escape


def redirect_html(old: str, new: str, directory_urls: bool) -> str:
    """A static redirect page placed at ``old``, pointing to ``new`` by a relative link."""
    if directory_urls:
        target = "../" * (old.count("/") + 1) + new + "/"
    else:
        target = "../" * old.count("/") + new + ".html"
    href = escape(target)
    return (
        "<!doctype html>\n<html><head><meta charset=\"utf-8\">"
        f"<title>{escape(new)}</title><meta name=\"robots\" content=\"noindex\">"
        f"<link rel=\"canonical\" href=\"{href}\"><meta http-equiv=\"refresh\" content=\"0; url={href}\">"
        f"</head><body><p><a href=\"{href}\">{href}</a></p></body></html>\n"
    )

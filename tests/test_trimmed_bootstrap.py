"""The pages load a trimmed Bootstrap (`make css`, .ci/trim-bootstrap): every Bootstrap class our
templates, Python and scripts name must still be in it, or a page quietly loses its styling."""

import re

from django.conf import settings

CSS = settings.BASE_DIR / "static" / "vendor" / "bootstrap" / "css"
SOURCES = [
    ("templates", "*.html"),
    ("jinja2", "*.jinja"),
    ("commplan", "*.py"),
    ("stakeholders", "*.py"),
    ("milestones", "*.py"),
    ("static/js", "*.js"),
]
CLASS_ATTRIBUTE = re.compile(r"""class(?:_?name)?\s*[=:]\s*(?:f?["'])([^"']*)["']""")
CLASS_CALL = re.compile(r"""classList\.(?:add|toggle|remove)\(["']([\w-]+)["']""")


def classes_in_css(path):
    return set(re.findall(r"\.(-?[a-zA-Z_][\w-]*)", path.read_text()))


def classes_we_name():
    """Every class token written out in a template, a Python module or a script."""
    found = {}
    for folder, pattern in SOURCES:
        for path in (settings.BASE_DIR / folder).rglob(pattern):
            if "migrations" in path.parts:
                continue
            text = path.read_text()
            values = CLASS_ATTRIBUTE.findall(text) + CLASS_CALL.findall(text)
            for value in values:
                # A template's own variables and tags in the attribute name no class.
                value = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", value)
                for token in value.split():
                    if re.fullmatch(r"[a-zA-Z][\w-]*", token):
                        found.setdefault(token, path.relative_to(settings.BASE_DIR))
    return found


def test_every_bootstrap_class_we_use_is_in_the_trimmed_stylesheet():
    full = classes_in_css(CSS / "bootstrap.min.css")
    trimmed = classes_in_css(CSS / "bootstrap.trimmed.min.css")
    used = classes_we_name()
    assert {"btn-primary", "form-select", "navbar-toggler", "visually-hidden"} <= used.keys()
    missing = {token: str(path) for token, path in used.items() if token in full - trimmed}
    assert not missing, f"Run `make css`: Bootstrap classes not in the trimmed file: {missing}"

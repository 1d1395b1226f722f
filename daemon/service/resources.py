"""Files shipped inside the package: templates, sample data, the classifier's weights.

Everything is read through :mod:`importlib.resources`, never through ``__file__`` arithmetic, so it
works the same from a wheel in its own environment (``pipx install .``), an editable checkout and a
zip. ``daemon.templates`` and ``daemon.data`` are namespace packages (no ``__init__.py``), whose
``files()`` is a ``MultiplexedPath``: its ``str()`` is a repr, not a folder, so it must never be
handed to code that wants a path. The Jinja2 loader here reads templates through the traversable.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

#: The repository's templates/ folder, for a checkout used without any install.
_CHECKOUT_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def templates() -> Traversable:
    """The bundled templates (``templates/`` in the repository, ``daemon/templates`` in the wheel)."""
    try:
        return resources.files("daemon.templates")
    except ModuleNotFoundError:  # a bare checkout on sys.path: the mapping exists only once installed
        return _CHECKOUT_TEMPLATES


def data(name: str) -> Traversable:
    """One file of ``daemon/data``."""
    return resources.files("daemon.data").joinpath(name)


def template_loader(subfolder: str = ""):
    """A Jinja2 loader over the bundled templates (optionally one subfolder, e.g. ``web``)."""
    import jinja2

    root = templates()

    class _Loader(jinja2.BaseLoader):
        def get_source(self, environment, template):
            node = root.joinpath(subfolder) if subfolder else root
            for part in template.split("/"):
                if part in ("", ".", ".."):
                    raise jinja2.TemplateNotFound(template)
                node = node.joinpath(part)
            if not node.is_file():
                raise jinja2.TemplateNotFound(template)
            filename = str(node) if isinstance(node, Path) else None
            return node.read_text(encoding="utf-8"), filename, lambda: True

        def list_templates(self):
            found: list[str] = []

            def walk(node: Traversable, prefix: str) -> None:
                for child in node.iterdir():
                    if child.is_dir():
                        walk(child, prefix + child.name + "/")
                    elif child.name.endswith((".j2", ".html")):
                        found.append(prefix + child.name)

            walk(root.joinpath(subfolder) if subfolder else root, "")
            return sorted(found)

    return _Loader()


def mail_environment(override_dir: Path | None = None):
    """The Jinja2 environment of the mail templates: the user's (``<config folder>/templates/``) first, then
    the bundled ones. Plain text, strict about undefined names, with compose's ``sentence`` filter."""
    import jinja2

    from daemon.core.compose import sentence

    loaders: list[jinja2.BaseLoader] = []
    if override_dir and override_dir.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(override_dir)))
    loaders.append(template_loader())
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=False,  # plain-text mail; the web UI uses its own autoescaping environment
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["sentence"] = sentence
    return env

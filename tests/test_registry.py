"""Connector kinds are declared once (connectors.registry): config validation, config.example.toml,
`doctor` and `auth` read them, and a new kind is its module plus one registration."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from connectors import registry
from connectors.base import CalendarSource, Fetch
from connectors.ics import ICSCalendar
from connectors.memory_mail import MemoryMailbox
from connectors.registry import Kind
from daemon.service import config
from daemon.cli import main as cli
from daemon.cli.demo import sample_calendar
from daemon.core.errors import ConfigError
from daemon.service.schema import Key

ROOT = Path(__file__).resolve().parent.parent
WRONG = {"str": 3, "int": "three", "bool": "yes", "list[str]": "not a list"}
GOOD = {"url": "https://dav.example/dav/", "host": "imap.example.com"}  # what the kinds' checks accept


def where(kind: Kind) -> str:
    return "[[calendars]] #1" if kind.section == "calendars" else "[mail]"


def table(kind: Kind, **keys) -> dict:
    body = {"kind": kind.name, **{name: GOOD.get(name, "x") for name, _ in kind.needs}, **keys}
    return {"calendars": [body]} if kind.section == "calendars" else {"mail": body}


def read(kind: Kind, cfg: config.Config):
    return cfg.calendars[0] if kind.section == "calendars" else cfg.mail


def problems(data: dict) -> list[str]:
    with pytest.raises(ConfigError) as err:
        config.validate(data)
    return err.value.problems


ALL = [k for section in registry.SECTIONS for k in registry.kinds(section)]


@pytest.mark.parametrize("kind", ALL, ids=lambda k: f"{k.section}-{k.name}")
def test_every_kind_s_keys_are_documented_in_the_example_and_validated(kind, tmp_path):
    text = (ROOT / "config.example.toml").read_text(encoding="utf-8")
    assert f"One of: {', '.join(k.name for k in registry.kinds(kind.section))}." in text  # the section's kind key
    for key in kind.keys:
        assert f"{kind.name}: {key.help}" in text, f"{kind.name}.{key.name}: its help is not in config.example.toml"
        assert f"{key.name} = " in text
        # validated: a value of the wrong type names the table and the key
        assert f"{where(kind)}.{key.name} = {WRONG[key.type]!r}: must be" in " ".join(problems(table(kind, **{key.name: WRONG[key.type]})))
    cfg = config.validate(table(kind), base=tmp_path)
    for key in kind.keys:  # each kind reads the keys it shares with another kind with its own default
        if key.name not in dict(kind.needs):
            assert getattr(read(kind, cfg), key.name) == key.default, f"{kind.name}.{key.name}"
    for name, _ in kind.needs:  # every key it needs is asked for by name
        assert any(p.startswith(f"{where(kind)}: kind {kind.name!r} needs {name}") for p in problems(table(kind, **{name: ""})))


def test_loading_the_configuration_imports_no_connector():
    code = ("import sys; from daemon.service import config; config.load(sys.argv[1]); config.render_example(); "
            "print(sorted(m for m in sys.modules if m.startswith(('connectors.', 'imapclient', 'caldav', 'googleapiclient', 'google.'))))")
    out = subprocess.run([sys.executable, "-c", code, str(ROOT / "config.example.toml")], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout
    assert out.strip() == "['connectors.registry']"


# -- a kind registered here, as a new connector module would: nothing else is edited --------------


class FolderCalendar(CalendarSource):
    """Every .ics file in one folder, read as one calendar."""

    def __init__(self, folder: str, zone, name: str):
        self.folder, self.zone, self.name = Path(folder), zone, name

    def fetch(self, start, end, token=None) -> Fetch:
        out = Fetch()
        for path in sorted(self.folder.glob("*.ics")):
            got = ICSCalendar(str(path), self.zone, name=self.name).fetch(start, end)
            out.events += got.events
            out.warnings += got.warnings
            out.skipped |= got.skipped
        return out


def folder_calendar(cal, wiring) -> FolderCalendar:
    return FolderCalendar(cal.path, wiring.zone, cal.name or f"folder:{cal.path}")


def memory_mailbox(mail, wiring) -> MemoryMailbox:
    return MemoryMailbox()


SIGNED_IN: list[tuple[str, list[str]]] = []


def sign_in(cfg, used, *, account, client_secret, no_browser, port, out) -> int:
    SIGNED_IN.append((account, [kind.name for kind, _ in used]))
    print(f"signed in to example as {account}", file=out)
    return 0


def status(cfg, used) -> list[tuple[bool | None, str]]:
    return [(True, f"example account {table.account}: signed in ({kind.name})") for kind, table in used]


FOLDER = Kind("folder", "calendars", "every .ics file in one folder", "tests.test_registry:folder_calendar",
              keys=(Key("path", "str", "", "the folder holding the .ics files.", path=True),),
              needs=(("path", "a folder"),), store_name=lambda cal: f"folder:{cal.path}")
MEMORY = Kind("memory", "mail", "drafts kept in memory", "tests.test_registry:memory_mailbox",
              keys=(Key("account", "str", "", "the example account."),), sign_in="example")


@pytest.fixture
def new_kinds(monkeypatch):
    monkeypatch.setitem(registry.KINDS["calendars"], "folder", FOLDER)
    monkeypatch.setitem(registry.KINDS["mail"], "memory", MEMORY)
    monkeypatch.setitem(registry.SIGN_IN, "example", "tests.test_registry")


def test_a_new_kind_is_validated_documented_built_checked_and_signed_in_with_no_other_edit(new_kinds, tmp_path, capsys):
    example = config.render_example()
    assert "One of: ics, google, caldav, folder." in example and "# folder: the folder holding the .ics files.\n# path = \"\"" in example
    assert "One of: maildir, gmail, imap, memory." in example and "# gmail: the Google account (e-mail) whose drafts are written. " \
                                                                  "memory: the example account." in example
    told = problems({"calendars": [{"kind": "folder"}, {"kind": "folder", "path": 3}, {"kind": "floder"}]})
    assert "[[calendars]] #1: kind 'folder' needs path (a folder)" in told
    assert "[[calendars]] #2.path = 3: must be a string" in told
    assert "[[calendars]] #3.kind = 'floder': must be one of ics, google, caldav, folder" in told
    assert problems({"calendars": [{"kind": "folder", "path": "/a"}, {"kind": "folder", "path": "/a"}]}) == [
        "[[calendars]] #2: same calendar as #1 ('folder:/a'); give each a different name"]

    (tmp_path / "cals").mkdir()
    shutil.copy(sample_calendar(), tmp_path / "cals" / "sample.ics")
    path = tmp_path / "config.toml"
    path.write_text('[identity]\nemails = ["robin.vega@example.org", "rvega@currentco.example.com"]\n'
                    '[[calendars]]\nkind = "folder"\npath = "cals"\n'
                    '[mail]\nkind = "memory"\naccount = "robin@example.org"\n'
                    f'[state]\npath = "{tmp_path / "state.sqlite"}"\n')
    assert config.load(path).calendars[0].path == str(tmp_path / "cals")  # relative to the configuration's folder

    now = ["--config", str(path), "--now", "2026-09-02T12:00:00-04:00"]
    assert cli.main([*now, "scan", "--since", "2026-08-30", "--until", "2026-09-13", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found and {f["source"] for f in found} == {f"folder:{tmp_path / 'cals'}"}

    cli.main([*now, "doctor"])
    out = capsys.readouterr().out
    assert f"[ok  ] calendar folder:{tmp_path / 'cals'}: " in out
    assert "[info] mail memory: nothing to check" in out
    assert "[ok  ] example account robin@example.org: signed in (memory)" in out

    assert cli.main([*now, "auth", "example", "--account", "robin@example.org"]) == 0
    assert SIGNED_IN[-1] == ("robin@example.org", ["memory"]) and "signed in to example" in capsys.readouterr().out

"""The configuration schema: the example file, defaults, and errors that name everything at once."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from daemon.service import config
from daemon.core.errors import ConfigError

from .conftest import ROOT


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "config.toml"
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def test_example_file_is_generated_from_the_schema():
    assert (ROOT / "config.example.toml").read_text(encoding="utf-8") == config.render_example(), (
        "config.example.toml is out of date: run `make example-config`"
    )


def test_example_file_loads_and_documents_every_key():
    cfg = config.load(ROOT / "config.example.toml")
    assert cfg.identity.emails == ["robin.vega@example.org"]
    assert cfg.calendars[0].kind == "ics"
    text = (ROOT / "config.example.toml").read_text()
    for section in config.schema():
        assert section.name in text
        for key in section.keys:
            assert f"{key.name} = " in text, f"{section.name}.{key.name} missing from the example"


def test_defaults_fill_in(tmp_path):
    cfg = config.load(write(tmp_path, '[identity]\nemails = ["a@example.org"]\n'))
    assert cfg.web.port == 8765 and cfg.web.enabled is True
    assert cfg.mail.kind == "maildir"
    assert cfg.calendars == []
    assert cfg.me == {"a@example.org"}


def test_relative_paths_are_taken_from_the_config_folder(tmp_path):
    cfg = config.load(
        write(
            tmp_path,
            """
            [[calendars]]
            kind = "ics"
            source = "cal/my.ics"
            [mail]
            drafts = "Mail/Drafts"
            """,
        )
    )
    assert cfg.calendars[0].source == str(tmp_path / "cal/my.ics")
    assert cfg.mail.drafts == str(tmp_path / "Mail/Drafts")


def test_every_problem_is_listed_at_once_with_file_key_value_and_reason(tmp_path):
    path = write(
        tmp_path,
        """
        [identity]
        emails = ["not-an-address"]
        nmae = "Robin"

        [web]
        port = "eighty"

        [[calendars]]
        kind = "outlook"

        [[calendars]]
        kind = "ics"

        [mail]
        kind = "gmail"

        [colours]
        x = 1
        """,
    )
    with pytest.raises(ConfigError) as err:
        config.load(path)
    e = err.value
    assert str(path) in e.message
    text = "\n".join(e.problems)
    assert "[identity].emails = ['not-an-address']" in text and "not an e-mail address" in text
    assert "[identity].nmae: unknown key (did you mean 'name'?)" in text
    assert "[web].port = 'eighty': must be an integer" in text
    assert "[[calendars]] #1.kind = 'outlook': must be one of ics, google, caldav" in text
    assert "[[calendars]] #2: kind 'ics' needs source" in text
    assert "[mail]: kind 'gmail' needs account" in text
    assert "[colours]: unknown section" in text
    assert len(e.problems) == 7


def test_broken_toml_names_the_file_and_line(tmp_path):
    path = write(tmp_path, '[identity]\nname = "Robin\n')
    with pytest.raises(ConfigError) as err:
        config.load(path)
    assert str(path) in err.value.message and "line 2" in err.value.message


def test_port_out_of_range(tmp_path):
    with pytest.raises(ConfigError) as err:
        config.load(write(tmp_path, "[web]\nport = 70000\n"))
    assert "[web].port = 70000: must be between 1 and 65535" in err.value.problems


def test_unknown_time_zone(tmp_path):
    with pytest.raises(ConfigError) as err:
        config.load(write(tmp_path, '[identity]\ntimezone = "Mars/Olympus"\n'))
    assert "Mars/Olympus" in err.value.problems[0]


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError) as err:
        config.load(tmp_path / "nope.toml")
    assert "no configuration file at" in err.value.message and "nope.toml" in err.value.message


def test_environment_variable_and_platform_default(tmp_path, monkeypatch):
    p = write(tmp_path, '[identity]\nname = "From env"\n')
    monkeypatch.setenv(config.ENV_VAR, str(p))
    assert config.load().identity.name == "From env"
    monkeypatch.delenv(config.ENV_VAR)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert config.default_path() == tmp_path / "xdg" / "followthrough" / "config.toml"
    assert config.load(required=False).identity.name == ""  # no file: defaults, for `scan --ics`


def test_two_calendars_with_the_same_name_or_source_are_refused(tmp_path):
    with pytest.raises(ConfigError) as err:
        config.load(write(tmp_path, '[[calendars]]\nkind = "ics"\nsource = "a.ics"\n[[calendars]]\nkind = "ics"\nsource = "a.ics"\n'
                                    '[[calendars]]\nkind = "ics"\nsource = "b.ics"\nname = "work"\n'
                                    '[[calendars]]\nkind = "ics"\nsource = "c.ics"\nname = "work"\n'))
    assert len(err.value.problems) == 2
    assert "[[calendars]] #2: same calendar as #1" in err.value.problems[0]
    assert "[[calendars]] #4: same calendar as #3 ('work')" in err.value.problems[1]


def test_imap_and_caldav_need_their_keys_and_refuse_plain_text_off_this_machine(tmp_path):
    with pytest.raises(ConfigError) as err:
        config.load(write(tmp_path, '[[calendars]]\nkind = "caldav"\nurl = "http://dav.example/dav/"\n'
                                    '[[calendars]]\nkind = "caldav"\n'
                                    '[mail]\nkind = "imap"\nhost = "imap.example.com"\ntls = "none"\n'))
    problems = err.value.problems
    assert "[[calendars]] #1.url = 'http://dav.example/dav/': http:// is refused for a host that is not this machine; use https://" in problems
    assert "[[calendars]] #1: kind 'caldav' needs username" in problems
    assert any(p.startswith("[[calendars]] #2: kind 'caldav' needs url") for p in problems)
    assert "[mail]: kind 'imap' needs username" in problems
    assert any(p.startswith("[mail].tls = 'none': refused for 'imap.example.com'") for p in problems)
    with pytest.raises(ConfigError) as err:
        config.load(write(tmp_path, '[mail]\nkind = "imap"\nhost = "imap.example.com"\nusername = "r"\npassword = "x"\n'))
    assert err.value.problems == ["[mail].password: unknown key (did you mean 'password_command'?)"]


def test_imap_folders_are_names_and_loopback_may_go_without_tls(tmp_path):
    cfg = config.load(write(tmp_path, '[[calendars]]\nkind = "caldav"\nurl = "http://[::1]:5232/"\nusername = "robin"\n'
                                      '[mail]\nkind = "imap"\nhost = "127.0.0.1"\ntls = "none"\nusername = "robin"\n'
                                      'sent = "Sent Items"\n'))
    assert (cfg.mail.drafts, cfg.mail.sent, cfg.mail.inbox, cfg.mail.port) == ("", "Sent Items", "INBOX", 0)
    assert cfg.calendars[0].url == "http://[::1]:5232/"

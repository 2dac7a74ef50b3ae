"""Files outside the private folders. The breathing cue's tone used to fall
back to a shared <temp>/companion/ without asking who owns it: another local
user's symlink there made Companion overwrite the agent's own file with WAV
data, and a WAV planted there would play in the agent's headset. Two real
local users here: the agent, whose cache folder cannot be used, and someone
else who plants things in the shared temp folder first."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from faults import users  # noqa: F401 - fixture

# Run as the agent: where does the tone come from, and is it ours?
TONE = """
from companion.platform.sound import tone_path
try:
    print(tone_path())
except OSError as exc:
    print("silent:", exc)
"""
PRECIOUS = b"the agent's own notes, not a WAV\n"
PLANTED_WAV = b"RIFF" + b"\x7f" * 4000  # anything over a WAV header's 44 bytes


@pytest.fixture
def setting(users):
    agent, other = users(), users()
    shared = Path(tempfile.mkdtemp(prefix="cp-shared-tmp-"))  # reachable by both, unlike pytest's tmp_path
    os.chmod(shared, 0o1777)  # like /tmp
    (agent.home / "cache").mkdir()
    (agent.home / "cache" / "companion").write_text("a file where the cache folder should be")
    precious = agent.home / "precious.txt"
    precious.write_bytes(PRECIOUS)
    agent.chown(agent.home / "cache", agent.home / "cache" / "companion", precious)
    env = {"PATH": os.environ["PATH"], "TMPDIR": str(shared), "XDG_CACHE_HOME": str(agent.home / "cache")}
    yield agent, other, shared, precious, env
    shutil.rmtree(shared, ignore_errors=True)


def _plant(other, shared: Path, what: str, precious: Path) -> Path:
    planted = shared / "companion"
    script = (f"import os; os.mkdir({str(planted)!r}); os.chmod({str(planted)!r}, 0o777)\n"
              + (f"open({str(planted / 'breath-cue-v1.wav')!r}, 'wb').write({PLANTED_WAV!r})\n" if what == "wav" else
                 f"os.symlink({str(precious)!r}, {str(planted / 'breath-cue-v1.wav.tmp')!r})\n"))
    done = other.python("-c", script, env={"PATH": os.environ["PATH"]})
    assert done.returncode == 0, done.stderr
    return planted


@pytest.mark.parametrize("what", ["wav", "symlink"])
def test_nothing_planted_in_the_shared_temp_folder_is_played_or_written_through(what, setting):
    agent, other, shared, precious, env = setting
    planted = _plant(other, shared, what, precious)

    done = agent.python("-c", TONE, env=env)

    assert done.returncode == 0, done.stderr
    assert precious.read_bytes() == PRECIOUS  # not overwritten with WAV data
    assert str(planted) not in done.stdout and done.stdout.startswith("silent:")
    assert "Traceback" not in done.stderr


def test_the_agents_own_runtime_folder_is_used_instead(setting):
    agent, other, shared, precious, env = setting
    _plant(other, shared, "wav", precious)
    runtime = agent.home / "run"
    runtime.mkdir(mode=0o700)
    agent.chown(runtime)

    done = agent.python("-c", TONE, env={**env, "XDG_RUNTIME_DIR": str(runtime)})

    tone = Path(done.stdout.strip())
    assert tone == runtime / "companion" / "breath-cue-v1.wav", done.stdout + done.stderr
    assert tone.read_bytes()[:4] == b"RIFF" and tone.read_bytes() != PLANTED_WAV
    assert tone.stat().st_uid == agent.uid and (tone.parent.stat().st_mode & 0o077) == 0


def test_a_runtime_folder_someone_else_controls_is_refused(setting):
    agent, other, shared, precious, env = setting
    theirs = shared / "their-run"
    done = other.python("-c", f"import os; os.mkdir({str(theirs)!r}, 0o700)", env={"PATH": os.environ["PATH"]})
    assert done.returncode == 0, done.stderr
    os.chmod(theirs, 0o777)

    done = agent.python("-c", TONE, env={**env, "XDG_RUNTIME_DIR": str(theirs)})

    assert done.stdout.startswith("silent:"), done.stdout
    assert not (theirs / "companion").exists()


def test_a_symlinked_cache_folder_is_refused(setting):
    agent, other, shared, precious, env = setting
    theirs = shared / "their-cache"
    done = other.python("-c", f"import os; os.mkdir({str(theirs)!r}); os.chmod({str(theirs)!r}, 0o777)",
                        env={"PATH": os.environ["PATH"]})
    assert done.returncode == 0, done.stderr
    link = agent.home / "cache" / "companion"
    link.unlink()
    link.symlink_to(theirs)

    done = agent.python("-c", TONE, env=env)

    assert done.stdout.startswith("silent:"), done.stdout
    assert list(theirs.iterdir()) == []

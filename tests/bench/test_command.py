"""``python -m bench``: what it does not know it says so, with what it does know, and starts
nothing."""
import pytest

from bench.__main__ import main


@pytest.mark.parametrize("argv, said", [
    (["nonsense"], "unknown part nonsense: choose from engine, machine, actions"),
    (["engine", "pdff"], "unknown part pdff"),
    (["scale", "huge"], "invalid choice: 'huge' (choose from 'national', 'region')"),
    (["monitor", "country"], "invalid choice: 'country'"),
])
def test_an_unknown_part_or_size_is_refused_with_the_choices(argv, said, capsys, monkeypatch):
    import bench.scale

    monkeypatch.setattr(bench.scale, "run", lambda *args, **kwargs: pytest.fail("the benchmark started"))
    with pytest.raises(SystemExit) as refused:
        main(argv)
    assert refused.value.code == 2
    assert said in capsys.readouterr().err


def test_a_size_from_the_environment_is_checked_too(capsys, monkeypatch):
    monkeypatch.setenv("SIZE", "huge")
    with pytest.raises(SystemExit) as refused:
        main(["scale"])
    assert refused.value.code == 2 and "huge" in capsys.readouterr().err


def test_help_names_every_part(capsys):
    with pytest.raises(SystemExit) as shown:
        main(["--help"])
    assert shown.value.code == 0
    out = capsys.readouterr().out
    assert all(name in out for name in ("engine", "escalation", "scale", "monitor", "load"))

"""The tables kg derives from jieba's dictionary and the division list, kept on disk:
what they answer equals the sources read afresh, and a kept file is trusted only
where it should be."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import jieba
import pytest

from kg.reference import derived, gazetteer, words

DICT = Path(jieba.__file__).parent / "dict.txt"


@pytest.fixture(scope="module")
def dictionary() -> dict[str, tuple[int, str]]:
    """dict.txt read line by line: word → (frequency, tag)."""
    out = {}
    with open(DICT, encoding="utf-8") as fh:
        for line in fh:
            word, freq, tag = line.split()
            out[word] = int(freq), tag
    return out


def test_frequencies_and_tags_equal_the_dictionary_for_every_word(dictionary):
    table = words.words()
    wrong = []
    for word, (freq, tag) in dictionary.items():
        short = 2 <= len(word) <= 4
        if table.frequency(word) != (freq if short else 0):
            wrong.append((word, "frequency", table.frequency(word), freq))
        if table.is_person(word) != (short and len(word) <= 3 and tag.startswith("nr")):
            wrong.append((word, "person", tag))
        if table.is_place(word) != (short and tag == "ns"):
            wrong.append((word, "place", tag))
    assert not wrong, wrong[:10]
    assert len(dictionary) > 340_000


def test_division_names_jieba_lacks_are_in_its_prefix_dictionary_but_have_no_frequency(dictionary):
    table = words.words()
    gz = gazetteer.load()
    added = [name for name, entries in gz.by_name.items() if len(name) >= 3 and name not in dictionary
             and any(e.form == "full" and gz.divisions[e.code].level == "county" for e in entries)
             and not any(gz.divisions[e.code].level == "township" for e in entries)]
    assert len(added) > 400
    for name in added[::50]:
        assert table.prefixes.get(name, 0) >= words.FULL_NAME_FREQ and name in table.prefixes
        assert table.frequency(name) == 0
    assert table.frequency("") == 0 and table.frequency("中") == 0 and table.frequency("中华人民共和国") == 0
    assert not table.is_person("") and not table.is_place("")


def test_prefix_dictionary_holds_every_prefix_as_jieba_makes_it():
    with open(DICT, "rb") as fh:
        freq, total = jieba.Tokenizer.gen_pfdict(fh)
    table = words.words()
    sample = list(freq)[::97]
    assert [table.prefixes.get(w) for w in sample] == [max(freq[w], table.prefixes.get(w)) if w in
                                                       gazetteer.load().by_name else freq[w] for w in sample]
    assert table.total > total  # the division names add to it
    assert "不存在的词语" not in table.prefixes


def _run(code: str, env: dict) -> list[str]:
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          check=True).stdout.splitlines()


def test_tables_are_kept_in_a_private_folder_and_a_damaged_one_is_made_again(tmp_path):
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    code = ("from kg.reference import derived, words, gazetteer; t = words.words(); "
            "print(derived.folder()); print(t.frequency('会议')); print(len(gazetteer.load().divisions))")
    first = _run(code, env)
    folder = tmp_path / "cache" / "kg-cn-lg" / "tables"
    assert first[0] == str(folder)
    assert (folder.stat().st_mode & 0o777) == 0o700
    kept = sorted(p.name.split("-")[0] for p in folder.iterdir())
    assert kept == ["gazetteer", "words"]
    for p in folder.iterdir():
        assert (p.stat().st_mode & 0o077) == 0
        p.write_bytes(p.read_bytes()[:1000])  # cut short, as by a full disk
    assert _run(code, env) == first
    assert all(p.stat().st_size > 1_000_000 for p in folder.iterdir())


def test_a_folder_others_can_write_is_not_used(tmp_path):
    shared = tmp_path / "cache" / "kg-cn-lg" / "tables"
    shared.mkdir(parents=True)
    shared.chmod(0o777)
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    out = _run("from kg.reference import derived; print(derived.folder())", env)
    assert out[0] != str(shared) and Path(out[0]).name.startswith("kg-tables-")
    assert list(shared.iterdir()) == []


def test_a_changed_source_names_a_new_table_and_the_old_one_goes(tmp_path, monkeypatch):
    monkeypatch.setattr(derived, "folder", lambda: tmp_path)
    source = tmp_path / "source.txt"
    source.write_text("一", encoding="utf-8")
    made = []

    def make() -> list:
        made.append(1)
        return [source.read_text(encoding="utf-8")]

    assert derived.pickled("toy", [source], make) == ["一"]
    assert derived.pickled("toy", [source], make) == ["一"] and len(made) == 1
    source.write_text("二", encoding="utf-8")
    assert derived.pickled("toy", [source], make) == ["二"] and len(made) == 2
    assert len(list(tmp_path.glob("toy-*.bin"))) == 1


def test_the_kept_gazetteer_equals_one_made_from_the_division_list():
    kept = gazetteer.load()
    divisions, by_name, townships = gazetteer._tables()
    assert kept.divisions == divisions and kept.by_name == by_name and kept.townships_by_county == townships
    assert list(kept.by_name) == list(by_name)  # same order: jieba is taught the names in it
    assert gazetteer.SOURCES[-1] == Path(gazetteer.__file__)

import pickle

import numpy as np
import pytest

from arclassify.text import string_table
from arclassify.text.packed import PackedStrings
from arclassify.weights import pack_strings, unpack_packed_strings, unpack_strings

STRINGS = [" مع", "", "قوات ", "x", "𝔸ب", " ا", "ab c"]  # an empty one, an astral character, a space


def test_packed_strings_read_like_the_list() -> None:
    packed = PackedStrings.of(STRINGS)
    assert len(packed) == len(STRINGS)
    assert list(packed) == STRINGS and packed == STRINGS and packed != STRINGS[:-1]
    assert [packed[i] for i in range(len(STRINGS))] == STRINGS
    assert packed[-1] == STRINGS[-1] and packed[1:4] == STRINGS[1:4] and packed[::-2] == STRINGS[::-2]
    with pytest.raises(IndexError):
        packed[len(STRINGS)]
    assert packed.index("x") == 3 and "قوات " in packed
    assert pickle.loads(pickle.dumps(packed)) == packed
    assert PackedStrings.of([]) == [] and list(PackedStrings.of([])) == []


def test_code_points_are_those_of_the_list() -> None:
    for got, expected in zip(PackedStrings.of(STRINGS).code_points(), string_table.code_points(STRINGS)):
        assert got.dtype == expected.dtype and np.array_equal(got, expected)


def test_split_and_the_weights_file_give_the_same_strings() -> None:
    assert PackedStrings.split("\x00".join(STRINGS), "\x00") == STRINGS
    for strings in (STRINGS, [], [""], ["a"]):
        stored = pack_strings(strings)
        assert unpack_packed_strings(stored) == unpack_strings(stored) == strings


def test_bounds_must_fit_the_text() -> None:
    with pytest.raises(ValueError, match="bounds"):
        PackedStrings("abc", np.array([0, 2]))
    with pytest.raises(ValueError, match="bounds"):
        PackedStrings("abc", np.array([0, 2, 1, 3]))

from itertools import pairwise

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from arclassify.arrays import RaggedTable, RowsById, ranges, segment_sums
from arclassify.text import NormalizeConfig, TokenPipeline, string_table
from arclassify.text.encoder import TokenEncoder, shared_encoder

TEXTS = st.lists(st.text(max_size=60) | st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF), max_size=60),
                 max_size=6)


def _decoded(encoder: TokenEncoder, texts: list[str]) -> list[list[str]]:
    ids, lengths = encoder.encode(texts)
    tokens = encoder.decode(ids)
    bounds = np.concatenate([[0], np.cumsum(lengths)])
    return [tokens[a:b] for a, b in pairwise(bounds)]


@settings(max_examples=200, deadline=None)  # the first example compiles the lookup loops
@given(TEXTS)
def test_encoder_gives_the_pipelines_tokens(texts: list[str]) -> None:
    pipeline = TokenPipeline()
    assert _decoded(TokenEncoder(TokenPipeline()), texts) == [pipeline(text) for text in texts]


@settings(max_examples=60, deadline=None)
@given(TEXTS)
def test_encoder_with_stop_words_stemming_and_options(texts: list[str]) -> None:
    config = NormalizeConfig(normalize_alef=False, replace_numbers=False)
    pipeline = TokenPipeline(config, stop_words=True, stem=True)
    encoder = TokenEncoder(TokenPipeline(config, stop_words=True, stem=True))
    assert _decoded(encoder, texts) == [pipeline(text) for text in texts]


def test_encoder_empties_its_tables_past_the_limit_and_stays_right() -> None:
    texts = [f"كلمة{i} و{i} الجيش-{i} ١٢٣ f-35" for i in range(40)]
    pipeline = TokenPipeline()
    encoder = TokenEncoder(TokenPipeline(), limit=20)
    for start in range(0, 40, 5):
        assert _decoded(encoder, texts[start : start + 5]) == [pipeline(t) for t in texts[start : start + 5]]
    assert encoder.generation >= 3
    assert len(encoder.tokens) < 60  # only the latest generation's tokens are kept


SPACES = [chr(c) for c in range(0x3001) if chr(c).isspace()]


def test_encoder_splits_on_every_kind_of_whitespace_as_str_split_does() -> None:
    assert len(SPACES) == 29
    words = ["الجيش", "مناورات", "f-35", "\ud800", "٢٠١٥", "x\u200by", "ـ"]
    texts = [sep.join(words) for sep in SPACES] + [f"{sep}{sep}الجيش{sep}" for sep in SPACES] + ["", "الجيش"]
    pipeline = TokenPipeline()
    encoder = TokenEncoder(TokenPipeline())
    expected = [pipeline(text) for text in texts]
    assert _decoded(encoder, texts) == expected
    assert _decoded(encoder, texts[::-1]) == expected[::-1]  # every chunk now found in the table


def test_split_spans_are_the_pieces_of_str_split() -> None:
    texts = [f"{sep}a{sep}{sep}ب ج{sep}" for sep in SPACES] + ["", " ", "x", "\ud800 y"]
    joined = "".join(texts)
    points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    starts, lengths, counts = string_table.split_spans(points, np.array([len(t) for t in texts]))
    assert [joined[a : a + n] for a, n in zip(starts, lengths)] == [piece for t in texts for piece in t.split()]
    assert counts.tolist() == [len(t.split()) for t in texts]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["", "a", "ab", "ba", "الجيش", "\ud800", "x" * 20]) | st.text(max_size=4), max_size=40))
def test_distinct_tells_strings_apart_in_order_of_first_sight(strings: list[str]) -> None:
    points, starts, lengths = string_table.code_points(strings)
    firsts, numbers = string_table.distinct(points, starts, lengths)
    order = list(dict.fromkeys(strings))
    assert [strings[i] for i in firsts] == order
    assert [order[n] for n in numbers] == strings


def test_encoder_table_grows_past_its_first_size() -> None:
    pipeline = TokenPipeline()
    encoder = TokenEncoder(TokenPipeline())
    batches = [[f"كلمة{i}x{j} نص" for j in range(7)] for i in range(30)]
    for batch in batches:
        assert _decoded(encoder, batch) == [pipeline(t) for t in batch]
    for batch in batches:  # all remembered: looked up, not added again
        assert _decoded(encoder, batch) == [pipeline(t) for t in batch]
    assert encoder.chunks == 30 * 7 + 1


def test_encoder_of_nothing() -> None:
    ids, lengths = TokenEncoder(TokenPipeline()).encode(["", "   ", "\n"])
    assert len(ids) == 0 and lengths.tolist() == [0, 0, 0]


def test_shared_encoder_per_token_options() -> None:
    assert shared_encoder(NormalizeConfig()) is shared_encoder(NormalizeConfig())
    assert shared_encoder(NormalizeConfig(), stop_words=True) is not shared_encoder(NormalizeConfig())


def test_ragged_table_gathers_rows_in_any_order() -> None:
    table = RaggedTable()
    table.extend(np.array([1, 2, 3, 4, 5, 6]), np.array([2, 0, 3]))
    table.extend(np.array([7]), np.array([1]))
    values, lengths = table.gather(np.array([3, 0, 1, 2, 0]))
    assert values.tolist() == [7, 1, 2, 3, 4, 5, 1, 2]
    assert lengths.tolist() == [1, 2, 0, 3, 2]
    assert len(table) == 4


def test_rows_by_id_stores_only_the_rows_asked_for() -> None:
    rows = RowsById(np.int32)
    assert rows.missing(np.array([], dtype=np.int64)).tolist() == []
    missing = rows.missing(np.array([7, 2, 7, 2000]))
    assert missing.tolist() == [2, 7, 2000]
    rows.set(missing, np.array([1, 2, 3, 4], dtype=np.int32), np.array([2, 0, 2]))
    assert rows.missing(np.array([2, 3, 7, 2000, 2001])).tolist() == [3, 2001]
    values, lengths = rows.gather(np.array([2000, 7, 2]))
    assert values.tolist() == [3, 4, 1, 2] and lengths.tolist() == [2, 0, 2]
    _, starts, all_lengths = rows.arrays()
    assert len(starts) == len(all_lengths) > 2000 and all_lengths[3] == -1


def test_ranges_and_segment_sums() -> None:
    assert ranges(np.array([5, 0, 2]), np.array([2, 0, 3])).tolist() == [5, 6, 2, 3, 4]
    assert ranges(np.array([], dtype=np.int64), np.array([], dtype=np.int64)).tolist() == []
    assert segment_sums(np.array([1, 2, 3, 4]), np.array([1, 0, 3])).tolist() == [1, 0, 9]
    assert segment_sums(np.array([0.5, 0.25]), np.array([0, 2, 0])).tolist() == [0.0, 0.75, 0.0]


def test_ragged_table_grows_past_its_first_storage() -> None:
    table = RaggedTable()
    for i in range(3000):
        table.extend(np.array([i, i]), np.array([1, 1]))
    values, lengths = table.gather(np.array([5999, 0, 3001]))
    assert values.tolist() == [2999, 0, 1500] and lengths.tolist() == [1, 1, 1]

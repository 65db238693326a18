"""Similar papers, offline: tf-idf over titles and summaries, built from the index.

Each paper is a vector of terms: the words of its title and its sections as
the index cut them (Korean and English alike), each reduced to a term (a
Korean particle or ending dropped, `모델을` -> `모델`; an English plural,
`models` -> `model`; a few function words, digits and one-letter words left
out). A term's frequency in a paper counts each of its forms once per text
that holds it (`모델` and `모델을` in one summary are two), the title's
twice; its weight is that times its idf, `log((1 + N) / (1 + df)) + 1`, df
the papers holding it; similarity is the cosine of two papers' vectors.

Nothing is stored twice: a term's papers are read from the index's own
postings (`Postings`, one entry per word, paper and field), so the model keeps
only the map from each block's words to terms, each term's idf, and each
paper's norm. A query ranks by the paper's `QUERY_TERMS` heaviest terms (the
rest add little and cost most: they are the commonest), as Lucene's
"more like this" does.

    similar(index, position, limit=10)    # [(position, score)], best first
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from paper_tui.model import Paper
from paper_tui.search.engine import SearchIndex
from paper_tui.search.postings import FIRST_SECTION, TITLE, Postings
from paper_tui.search.query import fold_all, token_lists

IntArray = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

TITLE_WEIGHT = 2.0
"""A word of the title counts as much as two sections holding it."""
QUERY_TERMS = 40
"""The heaviest terms of a paper that its similar papers are looked up by, at most."""
POSTINGS_BUDGET = 250_000
"""The most papers those terms may name together (summing each term's papers):
the lighter terms past it are left out, so a query's cost is bounded."""

_STOP_TEXT = """a an and are as at be by can for from has have in into is it its of on or
our than that the their these this those to towards toward via we what when which while
with without using based new how do does vs versus not"""
_KOREAN_STOP_TEXT = "이 그 저 및 등 위해 통해 대한 또한 이를 이러한 있 수 것 더 각 또"
_PARTICLES_TEXT = """으로부터 에서부터 에서는 에서의 에서도 으로는 으로도 으로써 으로서
에게서 이라는 이라고 했으며 했습니다 합니다 입니다 습니다 됩니다 하여 하고 하는 하며 하기
하였 했고 했다 으로 에서 에는 에도 에게 까지 부터 보다 처럼 만큼 과의 와의 과는 와는 이며
이고 이다 라는 들은 들을 들이 들의 들과 된 한 할 은 는 이 가 을 를 의 에 와 과 도 로 만 들"""
_STOP_WORDS = frozenset(_STOP_TEXT.split())
_KOREAN_STOP_WORDS = frozenset(_KOREAN_STOP_TEXT.split())
_PARTICLES = tuple(sorted(_PARTICLES_TEXT.split(), key=len, reverse=True))
"""Korean particles and endings dropped from a word's end, longest first."""
_HANGUL = re.compile("[\uac00-\ud7a3]+")
_LATIN_PLURAL = re.compile(r"^[a-z]{3,}[^siu]s$")


def term_of(word: str) -> str | None:
    """The term a folded word counts as, or None for a word left out."""
    if len(word) < 2 or word.isdigit() or word in _STOP_WORDS:
        return None
    if _HANGUL.fullmatch(word):
        for particle in _PARTICLES:
            rest = len(word) - len(particle)
            if word.endswith(particle) and (rest >= 2 or (rest >= 1 and len(particle) >= 2)):
                word = word[:rest]
                break
        return None if word in _KOREAN_STOP_WORDS else word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if _LATIN_PLURAL.match(word):
        return word[:-1]
    return word


class Similarity:
    """The tf-idf model of one state of an index (its blocks as `build` saw them)."""

    def __init__(
        self,
        blocks: list[tuple[int, Postings]],
        terms: dict[str, int],
        block_terms: list[IntArray],
        df: IntArray,
        norms: Floats,
    ) -> None:
        self.blocks = blocks
        self.terms = terms
        """Term -> its number."""
        self._block_terms = block_terms  # per block, per word number: its term (-1: none)
        self.df = df
        """Per term, how many papers hold it."""
        self.idf: Floats = np.log((1.0 + len(norms)) / (1.0 + df)) + 1.0
        """Per term, log((1 + N) / (1 + df)) + 1."""
        self.norms = norms
        """Per paper, the length of its tf-idf vector (0 for a paper with no term)."""
        # Per block, the words of each term: (terms sorted, their word numbers).
        self._words_by_term: list[tuple[IntArray, IntArray]] = []
        for numbers in block_terms:
            words = np.flatnonzero(numbers >= 0)
            order = np.argsort(numbers[words], kind="stable")
            self._words_by_term.append((numbers[words][order], words[order]))

    @classmethod
    def build(cls, index: SearchIndex) -> Similarity:
        """The model of `index` as it is now (~1 s per 100k papers; run it in a worker)."""
        blocks = [(start, segment.postings) for start, segment in index.blocks]
        terms: dict[str, int] = {}
        block_terms: list[IntArray] = []
        for _, postings in blocks:
            listed = [
                -1 if (term := term_of(word)) is None else terms.setdefault(term, len(terms))
                for word in postings.vocabulary
            ]
            block_terms.append(np.array(listed, dtype=np.int64))
        df = np.zeros(len(terms), dtype=np.int64)
        for (_, postings), numbers in zip(blocks, block_terms, strict=True):
            group_terms, _, _ = _grouped(postings, numbers)
            df += np.bincount(group_terms, minlength=len(terms))
        total = len(index)
        idf = np.log((1.0 + total) / (1.0 + df)) + 1.0
        norms = np.zeros(total, dtype=np.float64)
        for (start, postings), numbers in zip(blocks, block_terms, strict=True):
            group_terms, group_papers, frequencies = _grouped(postings, numbers)
            squares = (idf[group_terms] * frequencies) ** 2
            norms[start : start + postings.size] = np.sqrt(
                np.bincount(group_papers, weights=squares, minlength=postings.size)
            )
        return cls(blocks, terms, block_terms, df, norms)

    def vector(self, paper: Paper) -> tuple[IntArray, Floats]:
        """(term numbers, tf-idf weights) of a paper, from its title and sections,
        as the index cut them (terms the model does not know are left out)."""
        texts = [paper.title, *(section.text for section in paper.sections)]
        weights = [TITLE_WEIGHT] + [1.0] * len(paper.sections)
        frequency: dict[int, float] = {}
        for words, weight in zip(token_lists(fold_all(texts)), weights, strict=True):
            for word in {word.decode("utf-8", "surrogatepass") for word in words}:
                term = term_of(word)
                number = None if term is None else self.terms.get(term)
                if number is not None:
                    frequency[number] = frequency.get(number, 0.0) + weight
        numbers = np.fromiter(frequency, dtype=np.int64, count=len(frequency))
        tf = np.fromiter(frequency.values(), dtype=np.float64, count=len(frequency))
        return numbers, tf * self.idf[numbers]

    def similar(
        self, papers: Sequence[Paper], position: int, limit: int = 10
    ) -> list[tuple[int, float]]:
        """The `limit` papers most like `papers[position]` (itself left out), as
        (position, cosine score in (0, 1]), best first; ties by position."""
        if limit <= 0 or not 0 <= position < len(papers):
            return []
        numbers, weights = self.vector(papers[position])
        query_norm = float(np.sqrt(np.sum(weights**2)))
        if not len(numbers) or query_norm == 0:
            return []
        # The heaviest terms first, while the papers they name stay within budget:
        # the commonest terms weigh least and cost most.
        heaviest = np.argsort(-weights, kind="stable")[:QUERY_TERMS]
        papers_read = np.cumsum(self.df[numbers[heaviest]])
        heaviest = heaviest[: max(1, int(np.searchsorted(papers_read, POSTINGS_BUDGET, "right")))]
        numbers, weights = numbers[heaviest], weights[heaviest]
        targets: list[npt.NDArray[np.integer]] = []
        amounts: list[Floats] = []
        # What each paper shares with the query: sum over the terms of the query's
        # weight times the paper's (idf times how many of its texts hold the term).
        scale = weights * self.idf[numbers]
        for (start, postings), (sorted_terms, words) in zip(
            self.blocks, self._words_by_term, strict=True
        ):
            low = np.searchsorted(sorted_terms, numbers, side="left")
            high = np.searchsorted(sorted_terms, numbers, side="right")
            ranges = zip(low.tolist(), high.tolist(), scale.tolist(), strict=True)
            for first, last, factor in ranges:
                for word in words[first:last].tolist():
                    begin = postings.entry_starts[word]
                    end = postings.entry_starts[word + 1]
                    fields = postings.entry_fields[begin:end]
                    kept = (fields == TITLE) | (fields >= FIRST_SECTION)
                    targets.append(postings.entry_papers[begin:end][kept].astype(np.int64) + start)
                    amounts.append(np.where(fields[kept] == TITLE, TITLE_WEIGHT, 1.0) * factor)
        if not targets:
            return []
        total = len(self.norms)
        shared = np.bincount(np.concatenate(targets), np.concatenate(amounts), minlength=total)
        shared[position] = 0.0
        with np.errstate(divide="ignore", invalid="ignore"):
            scores = np.where(self.norms > 0, shared / (self.norms * query_norm), 0.0)
        found = np.flatnonzero(scores > 1e-9)
        if len(found) > limit:
            cut = np.partition(scores[found], len(found) - limit)[len(found) - limit]
            found = found[scores[found] >= cut]
        order = np.lexsort((found, -scores[found]))[:limit]
        return [(int(found[number]), min(1.0, float(scores[found[number]]))) for number in order]


def _grouped(postings: Postings, numbers: IntArray) -> tuple[IntArray, IntArray, Floats]:
    """(term, paper, frequency) once per term and paper of a block: entries of the
    title and sections whose word has a term, the title counting TITLE_WEIGHT."""
    counts = np.diff(postings.entry_starts)
    terms = np.repeat(numbers, counts)
    fields = postings.entry_fields
    kept = ((fields == TITLE) | (fields >= FIRST_SECTION)) & (terms >= 0)
    terms = terms[kept]
    papers = postings.entry_papers[kept].astype(np.int64)
    weights = np.where(fields[kept] == TITLE, TITLE_WEIGHT, 1.0)
    keys = terms * max(postings.size, 1) + papers
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    if not len(keys):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float64)
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    frequencies = np.add.reduceat(weights[order], starts)
    firsts = keys[starts]
    size = max(postings.size, 1)
    return firsts // size, firsts % size, frequencies


_models: weakref.WeakKeyDictionary[SearchIndex, Similarity] = weakref.WeakKeyDictionary()
_models_lock = threading.Lock()


def model_of(index: SearchIndex) -> Similarity:
    """The model of `index` as it is now: built on first use, kept (with the index)
    until the index grows."""
    with _models_lock:
        model = _models.get(index)
    current = index.blocks
    if model is not None and [postings for _, postings in model.blocks] == [
        segment.postings for _, segment in current
    ]:
        return model
    model = Similarity.build(index)
    with _models_lock:
        _models[index] = model
    return model


def similar(index: SearchIndex, position: int, limit: int = 10) -> list[tuple[int, float]]:
    """The `limit` papers of `index` most like the one at `position` (not itself):
    (position, score in (0, 1]) best first; [] for a paper with nothing to compare."""
    return model_of(index).similar(index.papers, position, limit)


similar_papers = similar
"""`similar` under the name the package offers it by (`paper_tui.search.similar`
is this module)."""

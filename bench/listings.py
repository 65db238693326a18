"""A generated library of per-category arXiv-listing summaries, two years of them.

Shaped like the largest real corpus (issue 14): `YYYY-MM-DD/cs.XX.md`, about 4.4
category files a day of which a quarter hold papers (829 of 3,245 files at
`scale=1`, the rest empty), 100-1,700 entries a file (549 on average),
455k entries of 96k papers: each paper is listed ~4.7 times, on the day it
appears and on later days, in its category's file and, cross-listed, in other
sections of the same file (`New uploads on arXiv(cs.AI)` after `(cs.LG)`, as the
real files do) and in other categories' files. A paper's summary is the same
wherever it is listed on one day; on a later day it is re-summarised (new text)
with probability `RESUMMARISED`. Korean summaries are drawn from a synthetic
vocabulary tuned so that zlib packs a file of distinct entries to ~0.40 of
its UTF-8 size, as it does the real digests (0.32-0.44): a cache cannot look
smaller here than it would on real text. Deterministic for a (scale, seed).

    python bench/listings.py OUT_DIR [--scale 1.0] [--seed 0]
    python bench/listings.py --file OUT.md --entries 1413     # one listing file
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

GENERATOR_VERSION = 1
"""Bumped when the output changes, so a cached corpus is generated again."""

LAST_DAY = date(2025, 2, 19)
DAYS = 730
CATEGORIES = ("cs.AI", "cs.CL", "cs.CV", "cs.LG", "cs.IR")
FILES_A_DAY = 3245 / 730
NON_EMPTY = 0.262
"""829 of 3,245 files hold papers; 0.262 gives seed 0 its 829 (the draws fall short of 0.255)."""
LISTINGS_PER_PAPER = 455_007 / 95_924
RESUMMARISED = 0.25
"""The chance that a paper listed again on a later day has a new summary."""
RECENT = 6000
"""Papers listed again are drawn from the last this many papers to appear."""
SECTION_NAMES = ("What's New", "Technical Details", "Performance Highlights")

_COMMON = list(
    dict.fromkeys(
        "이논문에서는모델을제안하여학습데이터성능향상기존방법보다실험결과다양한과제대규모언어"
        "시각적정보처리효율적인구조생성평가지표강화통해새로운접근문제해결분석수있습니다를위한으로"
        "와과의가은도변환추론능력기반설계특징표현공간시간영상음성문서검색추천그래프네트워크"
    )
)
_SYLLABLES = [chr(0xAC00 + number) for number in range(0, 11172, 5)]
_PARTICLES = (
    "을",
    "를",
    "이",
    "가",
    "은",
    "는",
    "에서",
    "으로",
    "의",
    "와",
    "과",
    "에",
    "도",
    "합니다",
    "했습니다",
    "입니다",
    "하여",
    "하고",
)
_TERMS = (
    "model",
    "diffusion",
    "transformer",
    "attention",
    "benchmark",
    "reinforcement learning",
    "LLM",
    "fine-tuning",
    "retrieval",
    "graph",
    "embedding",
    "latency",
    "robustness",
    "self-supervised",
    "contrastive learning",
    "zero-shot",
    "segmentation",
    "tokenizer",
    "inference",
    "dataset",
    "state-of-the-art",
    "multimodal",
    "alignment",
    "quantization",
)
_TITLE_WORDS = (
    "Diffusion", "Transformer", "Language", "Models", "Vision", "Multimodal", "Reasoning",
    "Agents", "Reinforcement", "Learning", "Retrieval", "Augmented", "Generation", "Video",
    "Image", "Segmentation", "Benchmark", "Efficient", "Attention", "Sparse", "Scaling",
    "Laws", "Alignment", "Preference", "Optimization", "Instruction", "Tuning", "Robust",
    "Speech", "Recognition", "Graph", "Neural", "Networks", "Quantization", "Distillation",
    "Embodied", "Robot", "Policy", "3D", "Gaussian", "Splatting", "Mixture", "Experts", "Long",
    "Context", "Memory", "Tokenizer", "Contrastive", "Self-Supervised", "Federated",
    "Privacy", "Medical", "Surgical", "Code", "Mathematical", "Chain-of-Thought",
    "Hallucination", "Evaluation", "Open", "Foundation", "Editing", "Synthesis", "Audio",
    "Music", "Layout", "Table", "Document", "Understanding", "Streaming", "Recommendation",
    "Collaborative", "Filtering", "Causal", "Sequential", "Temporal", "Spatial", "Adaptive",
    "Hierarchical", "Probabilistic", "Bayesian", "Kernel", "Online", "Offline",
)
_PATTERNS = (
    "{A}: {W} {W} for {W} {W}",
    "{W} {W} {W} with {W} {W}",
    "Towards {W} {W} in {W} {W} {W}",
    "{A}: Scaling {W} {W} via {W} {W}",
    "Can {W} {W} {W}? A {W} {W} Study",
    "{W} is All You Need for {W} {W}",
    "On the {W} of {W} {W}",
)


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """Korean-looking words (common syllables mostly) and Zipf weights for them."""

    def word() -> str:
        length = rng.choice((1, 2, 2, 2, 3, 3, 4))
        return "".join(
            rng.choice(_COMMON) if rng.random() < 0.6 else rng.choice(_SYLLABLES)
            for _ in range(length)
        )

    words = list(dict.fromkeys(word() for _ in range(60_000)))
    weights = list(itertools.accumulate(1 / (rank + 1) ** 0.9 for rank in range(len(words))))
    return words, weights


class _Writer:
    """Summaries, titles and ids, drawn from one seeded generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words, self.weights = _vocabulary(random.Random(7))

    def sentence(self) -> str:
        rng = self.rng
        words = rng.choices(self.words, cum_weights=self.weights, k=rng.randint(7, 15))
        out = []
        for word in words:
            roll = rng.random()
            if roll < 0.35:
                word += rng.choice(_PARTICLES)
            elif roll < 0.43:
                word += f"({rng.choice(_TERMS)})"
            out.append(word)
        return " ".join(out) + "."

    def summary(self) -> str:
        """The three `- **Name**: ...` bullets of one entry, as the real files write them."""
        rng = self.rng
        bullets = []
        for name in SECTION_NAMES:
            text = " ".join(self.sentence() for _ in range(rng.randint(3, 5)))
            bullets.append(f"- **{name}**: {text}\n")
        return "\n".join(bullets)

    def title(self) -> str:
        rng = self.rng
        acronym = "".join(rng.choice("ABCDEFGHKLMNPRSTVX") for _ in range(rng.randint(3, 6)))
        words = iter(rng.sample(_TITLE_WORDS, 8))
        text = rng.choice(_PATTERNS).replace("{A}", acronym).replace("{W}", "{}")
        return text.format(*words)

    def comments(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.55:
            return ""
        if roll < 0.85:
            pages, figures = rng.randint(4, 40), rng.randint(1, 15)
            return f"Comments:\n          {pages} pages, {figures} figures\n"
        venue = rng.choice(("NeurIPS 2024", "ICLR 2025", "ACL 2024", "CVPR 2025", "WSDM'2025"))
        return f"Comments:\n          This paper is accepted by {venue}\n"


@dataclass(frozen=True)
class Manifest:
    """What a generated corpus holds (written beside it as manifest.json)."""

    version: int
    scale: float
    seed: int
    days: int
    files: int
    non_empty: int
    empty: int
    entries: int
    papers: int
    bytes: int
    newest_day: str
    newest_day_entries: int


@dataclass
class _Paper:
    arxiv_id: str
    title: str
    comments: str
    first_day: int
    summaries: dict[int, str]
    """The summary text by day number (a day's listings share it)."""


def _plan_files(rng: random.Random, days: int) -> list[tuple[date, list[tuple[str, int]]]]:
    """Each day, oldest first, with its category files and how many entries each has."""
    plan = []
    for offset in range(days - 1, -1, -1):
        day = LAST_DAY - timedelta(days=offset)
        count = int(FILES_A_DAY) + (rng.random() < FILES_A_DAY % 1)
        categories = rng.sample(CATEGORIES, count)
        files = []
        for position, category in enumerate(sorted(categories)):
            newest_first = offset == 0 and position == 0  # the newest day is never empty
            if newest_first or rng.random() < NON_EMPTY:
                files.append((category, 100 + int(1600 * rng.betavariate(1.2, 3.08))))
            else:
                files.append((category, 0))
        plan.append((day, files))
    return plan


def generate(folder: Path, scale: float = 1.0, seed: int = 0) -> Manifest:
    """Write the corpus under `folder` (as `YYYY-MM-DD/cs.XX.md`); its manifest."""
    rng = random.Random(seed)
    writer = _Writer(seed + 1)
    days = max(2, round(DAYS * scale))
    papers: list[_Paper] = []
    carry = 0.0
    numbers: dict[str, int] = {}
    counts = {"files": 0, "non_empty": 0, "entries": 0, "bytes": 0}
    newest = (LAST_DAY, 0)
    for day_number, (day, files) in enumerate(_plan_files(rng, days)):
        day_folder = folder / day.isoformat()
        day_folder.mkdir(parents=True, exist_ok=True)
        day_entries = 0
        for category, size in files:
            sections = _sections(rng, category, size)
            blocks: list[str] = []
            in_file: list[_Paper] = []
            for header, count in sections:
                if header is not None:
                    blocks.append(f"New uploads on arXiv({header})\n\n")
                chosen: list[_Paper] = []
                fresh_share = count / LISTINGS_PER_PAPER + carry
                fresh = int(fresh_share)
                carry = fresh_share - fresh
                for _ in range(fresh):
                    month = f"{day:%y%m}"
                    numbers[month] = numbers.get(month, 0) + 1
                    paper = _Paper(
                        f"{month}.{numbers[month]:05d}",
                        writer.title(),
                        writer.comments(),
                        day_number,
                        {},
                    )
                    papers.append(paper)
                    chosen.append(paper)
                taken = {id(paper) for paper in chosen}
                window = papers[-RECENT:]
                while len(chosen) < count and len(taken) < len(window):
                    if in_file and rng.random() < 0.5:  # cross-listed in the same file
                        paper = rng.choice(in_file)
                    else:
                        paper = rng.choice(window)
                    if id(paper) not in taken:
                        taken.add(id(paper))
                        chosen.append(paper)
                rng.shuffle(chosen)
                for paper in chosen:
                    blocks.append(_entry(paper, day_number, writer))
                in_file.extend(chosen)
                counts["entries"] += len(chosen)
                day_entries += len(chosen)
            data = "".join(blocks).encode("utf-8")
            (day_folder / f"{category}.md").write_bytes(data)
            counts["files"] += 1
            counts["non_empty"] += bool(data)
            counts["bytes"] += len(data)
        newest = (day, day_entries)
    manifest = Manifest(
        GENERATOR_VERSION,
        scale,
        seed,
        days,
        counts["files"],
        counts["non_empty"],
        counts["files"] - counts["non_empty"],
        counts["entries"],
        len(papers),
        counts["bytes"],
        newest[0].isoformat(),
        newest[1],
    )
    (folder / "manifest.json").write_text(json.dumps(asdict(manifest), indent=1), "utf-8")
    return manifest


def _sections(rng: random.Random, category: str, size: int) -> list[tuple[str | None, int]]:
    """A file's `New uploads` sections (header, entries): its own category first, then
    up to two cross-listed ones; one file in five has no header at all."""
    if size == 0:
        return []
    if rng.random() < 0.2:
        return [(None, size)]
    others = [other for other in CATEGORIES if other != category]
    extra = rng.choice((0, 0, 1, 1, 2))
    if extra == 0 or size < 20:
        return [(category, size)]
    shares = [rng.uniform(0.1, 0.3) for _ in range(extra)]
    counts = [max(1, int(size * share)) for share in shares]
    main = size - sum(counts)
    headers = rng.sample(others, extra)
    return [(category, main), *zip(headers, counts, strict=True)]


def _entry(paper: _Paper, day_number: int, writer: _Writer) -> str:
    """One `### Title (link)` entry with its comments and summary."""
    summary = paper.summaries.get(day_number)
    if summary is None:
        if not paper.summaries or writer.rng.random() < RESUMMARISED:
            summary = writer.summary()
        else:
            summary = paper.summaries[max(paper.summaries)]
        paper.summaries[day_number] = summary
    return (
        f"### {paper.title} (https://arxiv.org/abs/{paper.arxiv_id})\n"
        f"{paper.comments}\n{summary}\n\n\n"
    )


def write_listing_file(path: Path, entries: int, seed: int = 0) -> int:
    """One listing file of `entries` distinct papers (the small end's big file); bytes."""
    writer = _Writer(seed + 1)
    blocks = ["New uploads on arXiv(cs.CL)\n\n"]
    for number in range(1, entries + 1):
        paper = _Paper(f"2412.{number:05d}", writer.title(), writer.comments(), 0, {})
        blocks.append(_entry(paper, 0, writer))
    data = "".join(blocks).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data)


CORPUS_ROOT = Path(__file__).resolve().parent / ".corpus"
"""Where generated corpora are kept between runs (git-ignored)."""


def cached_corpus(scale: float = 1.0, seed: int = 0) -> tuple[Path, Manifest]:
    """The corpus of (`scale`, `seed`) under bench/.corpus/, generated on first use."""
    root = CORPUS_ROOT / f"listings-{scale:g}-seed{seed}"
    folder = root / "digests"
    stored = root / "digests" / "manifest.json"
    if stored.is_file():
        manifest = Manifest(**json.loads(stored.read_text("utf-8")))
        if manifest.version == GENERATOR_VERSION:
            return folder, manifest
    import shutil

    shutil.rmtree(root, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder, generate(folder, scale, seed)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--file", type=Path, help="write one listing file instead")
    parser.add_argument("--entries", type=int, default=1413)
    args = parser.parse_args(argv)
    if args.file is not None:
        size = write_listing_file(args.file, args.entries, args.seed)
        print(f"wrote {args.file}: {args.entries:,} entries, {size / 1e6:.1f} MB")
        return
    if args.out is None:
        parser.error("OUT_DIR or --file is required")
    print(json.dumps(asdict(generate(args.out, args.scale, args.seed)), indent=1))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()

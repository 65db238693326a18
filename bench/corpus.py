"""A generated corpus of digests for the benchmarks, in the real digests' format.

Deterministic (seeded per day), about 25 papers a day, Korean sections of the
length real digests have (~1.7 KB of markdown a paper), English titles built
from the field's vocabulary so that searches for real words find something.

    python bench/corpus.py OUT_DIR DAYS     # writes OUT_DIR/YYYY/MM/YYYY-MM-DD.md
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from paper_tui.digest.arxiv import canonical_url
from paper_tui.model import Paper, Section

LAST_DAY = date(2025, 2, 19)

_TITLE_WORDS = [
    "Diffusion",
    "Transformer",
    "Language",
    "Models",
    "Vision",
    "Multimodal",
    "Reasoning",
    "Agents",
    "Reinforcement",
    "Learning",
    "Retrieval",
    "Augmented",
    "Generation",
    "Video",
    "Image",
    "Segmentation",
    "Benchmark",
    "Efficient",
    "Attention",
    "Sparse",
    "Scaling",
    "Laws",
    "Alignment",
    "Preference",
    "Optimization",
    "Instruction",
    "Tuning",
    "Robust",
    "Speech",
    "Recognition",
    "Graph",
    "Neural",
    "Networks",
    "Quantization",
    "Distillation",
    "Embodied",
    "Robot",
    "Policy",
    "3D",
    "Gaussian",
    "Splatting",
    "Mixture",
    "Experts",
    "Long",
    "Context",
    "Memory",
    "Tokenizer",
    "Contrastive",
    "Self-Supervised",
    "Federated",
    "Privacy",
    "Medical",
    "Surgical",
    "Code",
    "Mathematical",
    "Chain-of-Thought",
    "Hallucination",
    "Evaluation",
    "Open",
    "Foundation",
    "Editing",
    "Synthesis",
    "Audio",
    "Music",
    "Layout",
    "Table",
    "Document",
    "Understanding",
    "Streaming",
]
_PATTERNS = (
    "{A}: {W} {W} for {W} {W}",
    "{W} {W} {W} with {W} {W}",
    "Towards {W} {W} in {W} {W} {W}",
    "{A}: Scaling {W} {W} via {W} {W}",
    "Can {W} {W} {W}? A {W} {W} Study",
    "{W} is All You Need for {W} {W}",
)
_GIVEN = [
    "Wei",
    "Jun",
    "Ming",
    "Yuki",
    "Anna",
    "Lukas",
    "Sara",
    "Omar",
    "Priya",
    "Hyun",
    "Ji-woo",
    "Min-seo",
    "Carlos",
    "Elena",
    "Tom",
    "Li",
]
_FAMILY = [
    "Kim",
    "Lee",
    "Park",
    "Choi",
    "Wang",
    "Zhang",
    "Liu",
    "Chen",
    "Smith",
    "Garcia",
    "Müller",
    "Tanaka",
    "Rossi",
    "Singh",
    "Nguyen",
]
_KOREAN = (
    "이 논문은 대규모 언어 모델의 추론 능력을 향상시키기 위한 새로운 방법을 제안합니다",
    "기존 연구들은 비디오를 이해하는 데 필요한 시간적 정보를 충분히 활용하지 못했습니다",
    "제안된 프레임워크는 확산 모델(diffusion model)과 트랜스포머(Transformer)를 결합합니다",
    "실험 결과 여러 벤치마크에서 최첨단 성능을 달성했으며 계산 비용도 크게 줄였습니다",
    "저자들은 데이터셋과 코드를 공개하여 후속 연구를 장려합니다",
    "강화학습(reinforcement learning)을 통해 모델이 스스로 전략을 개선하도록 학습합니다",
    "수술 영상 분할(segmentation)에서 실시간 처리가 가능하다는 점을 보여주었습니다",
    "멀티모달 입력을 하나의 토큰 공간으로 통합하여 이미지와 텍스트를 함께 처리합니다",
    "긴 문맥(long context)을 효율적으로 다루기 위해 희소 주의 메커니즘을 도입했습니다",
    "평가 지표로 정확도(accuracy)와 FID, 그리고 인간 선호도 평가를 함께 사용했습니다",
    "모델 크기를 키울수록 성능이 꾸준히 향상되는 스케일링 법칙을 확인했습니다",
    "양자화(quantization)와 지식 증류를 통해 작은 장치에서도 동작하도록 만들었습니다",
)
SECTION_NAMES = ("What's New", "Technical Details", "Performance Highlights")


def _title(rng: random.Random) -> str:
    pattern = rng.choice(_PATTERNS)
    acronym = "".join(rng.choice("ABCDEFGHKLMNPRSTVX") for _ in range(rng.randint(3, 6)))
    words = iter(rng.sample(_TITLE_WORDS, 8))
    return pattern.replace("{A}", acronym).replace("{W}", "{}").format(*words)


def _authors(rng: random.Random) -> list[str]:
    return [f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}" for _ in range(rng.randint(2, 14))]


def _korean_text(rng: random.Random) -> str:
    return " ".join(rng.choice(_KOREAN) + "." for _ in range(rng.randint(3, 5)))


def _arxiv_id(day: date, number: int) -> str:
    return f"{day:%y%m}.{number:05d}"


def generate_digest(day: date, papers: int = 25, seed: int = 0) -> str:
    """One day's digest in the current (2024-2025) format."""
    rng = random.Random(seed * 1_000_003 + day.toordinal())
    blocks = [f"## Daily Papers ({day.isoformat()})\n"]
    for index in range(papers):
        arxiv_id = _arxiv_id(day, rng.randint(0, 99_999))
        authors = _authors(rng)
        if len(authors) > 10 and rng.random() < 0.5:
            authors.insert(rng.randint(3, 9), "+")
        sections = "\n".join(f"- ***{name}***: {_korean_text(rng)}" for name in SECTION_NAMES)
        blocks.append(
            f"### [{_title(rng)}]({canonical_url(arxiv_id)})\n\n"
            f"![](https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{arxiv_id}.png)\n\n"
            f"Vote: {max(0, int(rng.expovariate(1 / 12)) - index // 3)}\n\n"
            f"Authors: {', '.join(authors)}\n\n"
            f"{sections}\n"
        )
    return "\n".join(blocks)


def days_back(days: int) -> list[date]:
    """`days` consecutive days ending on the last real digest's date."""
    return [LAST_DAY - timedelta(days=offset) for offset in range(days)]


def write_corpus(folder: Path, days: int, papers_per_day: int = 25, seed: int = 0) -> list[Path]:
    """Write `days` digests as folder/YYYY/MM/YYYY-MM-DD.md; returns the paths."""
    paths = []
    for day in days_back(days):
        path = folder / f"{day:%Y}" / f"{day:%m}" / f"{day.isoformat()}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generate_digest(day, papers_per_day, seed), encoding="utf-8")
        paths.append(path)
    return paths


def generate_papers(count: int, seed: int = 0) -> list[Paper]:
    """`count` papers built directly (no parsing), for in-memory benchmarks."""
    rng = random.Random(seed)
    papers = []
    for index in range(count):
        day = LAST_DAY - timedelta(days=index // 25)
        arxiv_id = _arxiv_id(day, index % 100_000)
        authors = _authors(rng)
        papers.append(
            Paper(
                arxiv_id=arxiv_id,
                title=_title(rng),
                url=canonical_url(arxiv_id),
                votes=int(rng.expovariate(1 / 12)),
                authors=tuple(authors),
                sections=tuple(Section(name, _korean_text(rng)) for name in SECTION_NAMES),
                date=day,
                source=f"{day.isoformat()}.md",
                line=1 + 12 * (index % 25),
            )
        )
    return papers


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python bench/corpus.py OUT_DIR DAYS")
    written = write_corpus(Path(sys.argv[1]), int(sys.argv[2]))
    print(f"wrote {len(written)} digests to {sys.argv[1]}")

"""Likely duplicates of an organisation about to be created: a suggestion, never an automatic merge.

Names are normalised (case, accents, punctuation and words such as "Ltd" and "The" removed) and
compared with rapidfuzz's token-sort ratio. Candidates come from the search index (a cheap SQL
prefilter on name words and trigrams), never from loading every organisation.

Token-sort ratio rather than plain ratio: plain ratio scores "Greater Manchester Fire" 88 against
"Greater Manchester Police" (token-sort: 75). Near misses remain ("Kestrel Chat" and "Kestrel Chart"),
which is why the officer decides.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from crm.extensions import db
from crm.models import Organisation
from crm.services.organisations.search import WORD, name_candidates, typo_candidates

DUPLICATE_CUTOFF = 85
CANDIDATES = 100
# Words that say what kind of body an organisation is rather than which one.
NOISE_WORDS = frozenset(
    {
        "the",
        "ltd",
        "limited",
        "inc",
        "incorporated",
        "plc",
        "llc",
        "llp",
        "co",
        "corp",
        "corporation",
        "company",
    }
)


def normalise_name(name: str) -> str:
    """Lower case, without accents, punctuation or noise words: "The Kestrel Co., Ltd." -> "kestrel".

    A name made only of noise words keeps them, so that "The Company" is not normalised to nothing.
    """
    decomposed = unicodedata.normalize("NFKD", name.replace("&", " and "))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    words = WORD.findall(plain)
    kept = [word for word in words if word not in NOISE_WORDS]
    return " ".join(kept or words)


@dataclass(frozen=True)
class DuplicateCandidate:
    """An existing organisation that looks like the new one, and the name that matched."""

    organisation: Organisation
    matched_name: str
    score: float


def likely_duplicates(
    *, names: list[str], exclude_id: int | None = None, limit: int = 5, cutoff: float = DUPLICATE_CUTOFF
) -> list[DuplicateCandidate]:
    """Existing organisations (archived too) whose name or other name scores at least `cutoff`
    against any of `names`, best first. Three queries at most, whatever the number of organisations."""
    wanted = [
        normalised
        for normalised in dict.fromkeys(normalise_name(n) for n in names if n.strip())
        if normalised
    ]
    if not wanted:
        return []
    words = tuple(dict.fromkeys(word for name in wanted for word in name.split()))[:8]
    ids = dict.fromkeys(name_candidates(words, limit=CANDIDATES))
    ids.update(dict.fromkeys(org_id for org_id, _names in typo_candidates(words, limit=CANDIDATES)))
    if exclude_id is not None:
        ids.pop(exclude_id, None)
    if not ids:
        return []
    organisations = db.session.scalars(
        select(Organisation).where(Organisation.id.in_(ids)).options(selectinload(Organisation.aliases))
    )
    found = []
    for organisation in organisations:
        best: tuple[float, str] = (0.0, "")
        for existing in [organisation.name, *(alias.name for alias in organisation.aliases)]:
            normalised = normalise_name(existing)
            score = max(fuzz.token_sort_ratio(new, normalised) for new in wanted)
            best = max(best, (score, existing))
        if best[0] >= cutoff:
            found.append(DuplicateCandidate(organisation=organisation, matched_name=best[1], score=best[0]))
    found.sort(
        key=lambda candidate: (
            -candidate.score,
            candidate.organisation.name.lower(),
            candidate.organisation.id,
        )
    )
    return found[:limit]

"""How easy a French text is to read: Kandel & Moles (1958), Flesch's reading ease refitted for French.

    score = 207 − 1.015 × (words / sentences) − 73.6 × (syllables / words)

Words are what spaces separate (« l’immunothérapie » and « est-ce » are one word each, as a reader
sees them); a sentence ends at « . ! ? … » unless a small letter follows (« etc. et »), and every
paragraph or list item ends one too, since a list item often has no full stop.

Syllables are spoken ones, as in the English formula: a final mute e is silent (« ma-lade »: 2),
i, u and ou glide into the vowel after them (« ré-ac-tion »: 3), an inner e is counted
(« trai-te-ment »: 3). textstat's French mode applies these same coefficients, but its syllables
are pyphen's hyphenation points plus one, and a hyphenation dictionary never splits off a one-letter
syllable or a hiatus: « avec », « été », « idée », « théâtre », « protéines », « études » each lose
one. On the 305 words of tests/articles/french_syllables.txt, picked for their traps, pyphen's
count is wrong for 61, 59 of them too low; on the seed article textstat scores 37.6 where this
module scores 34.2. textstat would also bring in nltk, and joins « l’immunothérapie » into
« limmunothérapie ».
So vowels are counted here, in runs, with the French rules a run needs (qu, gu, hiatus, mute e),
and pyphen's dictionary is asked one question only: whether a final « -ent » is a mute verb ending
(« ils visent ») or a spoken one (« souvent », « le patient »), since it never starts a syllable at
a mute one. On the same 305 words this count is wrong for 7, each one syllable short (« évident »,
« urgent », « client », « pays », « tué », « chaos », « coefficient »).
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import pyphen

_hyphenator = pyphen.Pyphen(lang="fr")

_VOWELS = "aeiouyàâäéèêëîïôöùûüÿœæ"
_VOWEL_RUN = re.compile(f"[{_VOWELS}]+")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
# A second syllable inside a run of vowels: before an accent or a diaeresis (« aé-rien », « na-ïf »),
# after é (« ré-action », « gé-ant »), after a y between vowels (« moy-en »).
_HIATUS = re.compile(r"(?<=[aeoéèêâôû])(?=[éèêàâïëü])|(?<=é)(?=[aoiuâ])|(?<=\wy)(?=[aeiouéè])")
# « cré-er », « ré-el », but « idée », « créées », « ils créent ».
_E_AFTER_E_ACUTE = re.compile(r"é(?=e(?!s?$|nt$))")
_SILENT_U = re.compile(r"qu|gu(?=[eiéèêy])")
_MUTE_E = re.compile(f"[^{_VOWELS}]es?$")
_VERB_ENT = re.compile(f"[^{_VOWELS}]ent$")
_WORD = re.compile(r"\S*[^\W_]\S*")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+")
_OPENING_MARKS = "«“\"'(["


def _spoken_letters(word: str) -> str:
    """The word with the letters that carry no vowel sound of their own taken out or split apart."""
    return _E_AFTER_E_ACUTE.sub("é-", _SILENT_U.sub(lambda m: m[0][0], word))


def _ent_is_spoken(word: str) -> bool:
    breaks = _hyphenator.positions(word)
    last_syllable = _spoken_letters(word[breaks[-1] :] if breaks else word)
    return not _VOWEL_RUN.search(last_syllable[:-3])


@lru_cache(maxsize=16384)
def syllables(word: str) -> int:
    """Spoken syllables of one word of letters: `immunothérapie` 6, `malade` 2, `visent` 1."""
    word = word.lower()
    letters = _spoken_letters(word)
    count = sum(len(_HIATUS.split(run)) for run in _VOWEL_RUN.findall(letters))
    if count > 1 and (_MUTE_E.search(letters) or (_VERB_ENT.search(letters) and not _ent_is_spoken(word))):
        count -= 1
    return count


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@lru_cache(maxsize=16384)
def word_syllables(word: str) -> int:
    """`l’immunothérapie` 6, `qu’est-ce` 2; a number or an acronym without vowels counts as one."""
    return max(1, sum(syllables(run) for run in _LETTER_RUN.findall(word)))


def sentences(block: str) -> list[list[str]]:
    """The sentences of one paragraph or list item, each as its words; a full stop before a small
    letter (« etc. et ») does not end one."""
    found: list[list[str]] = []
    for piece in _SENTENCE_BREAK.split(block):
        piece_words = words(piece)
        if found and piece.lstrip(_OPENING_MARKS)[:1].islower():
            found[-1] += piece_words
        elif piece_words:
            found.append(piece_words)
    return found


@dataclass(frozen=True, slots=True)
class Measure:
    words: int = 0
    sentences: int = 0
    syllables: int = 0

    def __add__(self, other: "Measure") -> "Measure":
        return Measure(self.words + other.words, self.sentences + other.sentences, self.syllables + other.syllables)

    @property
    def score(self) -> float | None:
        if not self.words or not self.sentences:
            return None
        return 207 - 1.015 * (self.words / self.sentences) - 73.6 * (self.syllables / self.words)


def measure(sentences: list[list[str]]) -> Measure:
    """Words, sentences and syllables of sentences given as their words."""
    return Measure(
        sum(map(len, sentences)),
        len(sentences),
        sum(word_syllables(word) for sentence in sentences for word in sentence),
    )


# Flesch's bands, which Kandel and Moles kept for French: (lowest score, label).
LABELS = (
    (90, "Très facile"),
    (80, "Facile"),
    (70, "Assez facile"),
    (60, "Standard"),
    (50, "Assez difficile"),
    (30, "Difficile"),
)


def label(score: float | None) -> str:
    if score is None:
        return "Non mesurable"
    return next((name for lowest, name in LABELS if score >= lowest), "Très difficile")

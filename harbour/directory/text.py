"""Text normalisation for search: one function used to index and to query, so both sides agree.

Not English-only: casefold, strip accents and Arabic diacritics and tatweel, unify the Arabic
letter forms that Arabic and Farsi keyboards write differently (alef with hamza or madda,
Farsi yeh and kaf, teh marbuta, Persian digits), then split on anything that is not a letter
or digit. No stemming: a stemmer is language-specific, and prefix matching covers plurals
and suffixes well enough for names and descriptions.
"""

import re
import unicodedata

MAX_TOKEN = 40
MIN_TOKEN = 2

_ARABIC_MAP = str.maketrans(
    {
        "\u0622": "\u0627",  # alef with madda -> alef
        "\u0623": "\u0627",  # alef with hamza above
        "\u0625": "\u0627",  # alef with hamza below
        "\u0671": "\u0627",  # alef wasla
        "\u0649": "\u064a",  # alef maksura -> yeh
        "\u06cc": "\u064a",  # Farsi yeh -> Arabic yeh
        "\u06d2": "\u064a",  # yeh barree
        "\u06a9": "\u0643",  # Farsi keheh -> kaf
        "\u0629": "\u0647",  # teh marbuta -> heh
        "\u06c0": "\u0647",  # heh with yeh above
        "\u06d5": "\u0647",  # ae
        "\u0624": "\u0648",  # waw with hamza -> waw
        "\u0626": "\u064a",  # yeh with hamza -> yeh
        "\u0640": None,  # tatweel
        "\u200c": " ",  # zero-width non-joiner: Farsi writes it inside words; split there
        "\u200d": None,
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
    }
)
_SPLIT = re.compile(r"[^\w]+", re.UNICODE)


def _normalise_once(value: str) -> str:
    value = unicodedata.normalize("NFKD", value).casefold()
    # Combining marks: Latin accents and Arabic harakat (fatha, damma, kasra, shadda, sukun...).
    value = "".join(ch for ch in unicodedata.normalize("NFKD", value) if not unicodedata.combining(ch))
    value = value.translate(_ARABIC_MAP)
    return unicodedata.normalize("NFC", value)


def normalise(value: str) -> str:
    """The comparable form of `value`: lower case, no marks, unified letter forms. Applying it
    again changes nothing (a few characters need a second pass, e.g. styled letters)."""
    for _ in range(3):
        again = _normalise_once(value)
        if again == value:
            break
        value = again
    return value


def tokens(value: str) -> list[str]:
    """Distinct search tokens of `value`, in order of first appearance."""
    seen: dict[str, None] = {}
    for token in _SPLIT.split(normalise(value or "")):
        token = token.strip("_")
        if len(token) >= MIN_TOKEN:
            seen.setdefault(token[:MAX_TOKEN], None)
    return list(seen)


# Arabic writes the article and some prepositions joined to the word ("للنساء" = "for the
# women"). The index keeps both the whole word and the word without them; a query uses the
# shorter form, so "النساء", "للنساء" and "نساء" all find each other.
_ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")


def _strip_article(token: str) -> str:
    for prefix in _ARABIC_PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= 2:
            return token[len(prefix):]
    return token


def index_tokens(value: str) -> list[str]:
    """The tokens to store for `value`: each word, and its form without a joined article."""
    seen: dict[str, None] = {}
    for token in tokens(value):
        seen.setdefault(token, None)
        seen.setdefault(_strip_article(token), None)
    return list(seen)


def query_tokens(value: str) -> list[str]:
    """The tokens a query looks for; each must prefix-match some indexed token."""
    seen: dict[str, None] = {}
    for token in tokens(value):
        seen.setdefault(_strip_article(token), None)
    return list(seen)


# --- Language codes --------------------------------------------------------------------------
#
# HSDS `language.code` is a BCP 47 tag (RFC 5646) or an ISO 639 code. Two publishers write the
# same language differently ("fa-AF" and "prs" are both Dari; "zh-TW" and "zh-Hant" are both
# Chinese in traditional characters), and one code can hide two languages a woman tells apart.
# One table, documented in docs/directory.md ("Language codes"), decides; each rule has a test
# in tests/directory/test_language_codes.py.

# ISO 639-2 (bibliographic and terminology) and 639-3 codes of languages that also have a 639-1
# code: one language, one code (ISO 639-3 code tables).
_ISO639_TO_1 = {
    "ara": "ar", "fas": "fa", "per": "fa", "pus": "ps", "urd": "ur", "som": "so", "tir": "ti",
    "amh": "am", "eng": "en", "spa": "es", "fra": "fr", "fre": "fr", "deu": "de", "ger": "de",
    "ita": "it", "por": "pt", "ukr": "uk", "rus": "ru", "pol": "pl", "ron": "ro", "rum": "ro",
    "tur": "tr", "kur": "ku", "ben": "bn", "pan": "pa", "hin": "hi", "zho": "zh", "chi": "zh",
    "swa": "sw", "ell": "el", "gre": "el", "bul": "bg", "alb": "sq", "sqi": "sq", "vie": "vi",
    "tha": "th", "heb": "he", "nld": "nl", "dut": "nl", "cym": "cy", "wel": "cy", "cat": "ca",
    "hrv": "hr", "srp": "sr", "bos": "bs", "lit": "lt", "lav": "lv", "est": "et", "hun": "hu",
    "ces": "cs", "cze": "cs", "slk": "sk", "slo": "sk", "slv": "sl", "fin": "fi", "swe": "sv",
    "nor": "no", "dan": "da", "lin": "ln", "yor": "yo", "ibo": "ig", "hau": "ha", "orm": "om",
    "tgk": "tg", "uzb": "uz", "aze": "az", "kat": "ka", "geo": "ka", "hye": "hy", "arm": "hy",
    "mkd": "mk", "mac": "mk", "msa": "ms", "may": "ms", "nep": "ne", "sin": "si", "tam": "ta",
    "tel": "te", "guj": "gu", "mar": "mr", "kin": "rw", "lug": "lg", "wol": "wo", "ful": "ff",
    # Individual languages whose macrolanguage code is what publishers mean by them.
    "pes": "fa",  # Iranian Persian is what "fa" means in practice; Dari (prs) stays apart
    "arb": "ar",  # Standard Arabic
    "pbu": "ps", "pbt": "ps", "pst": "ps",  # the Pashto varieties
    "swh": "sw",  # Swahili
    "gaz": "om", "hae": "om",  # Oromo varieties
    "ekk": "et", "lvs": "lv", "uzn": "uz", "zsm": "ms", "als": "sq", "nob": "nb", "nno": "nn",
}

# A whole tag (language with its script or region) that names a language of its own.
_TAG_TO_CODE = {
    ("fa", "AF"): "prs",  # Persian as written in Afghanistan is Dari
    ("fa", "TJ"): "tg",  # ... in Tajikistan, Tajik
    ("fa", "Cyrl"): "tg",
    ("ku", "Arab"): "ckb",  # Kurdish in Arabic script is Sorani (Central Kurdish)
    ("ku", "IQ"): "ckb",
    ("ku", "IR"): "ckb",
    ("ku", "Latn"): "kmr",  # Kurdish in Latin script is Kurmanji (Northern Kurdish)
    ("ku", "TR"): "kmr",
    ("ku", "SY"): "kmr",
    ("zh", "Hant"): "zh-hant",  # Chinese in traditional characters
    ("zh", "TW"): "zh-hant",
    ("zh", "HK"): "zh-hant",
    ("zh", "MO"): "zh-hant",
    ("zh", "Hans"): "zh-hans",  # Chinese in simplified characters
    ("zh", "CN"): "zh-hans",
    ("zh", "SG"): "zh-hans",
    ("zh", "yue"): "yue",  # the extlang form of Cantonese
}

# Macrolanguages searched as a whole: a woman who asks for "Kurdish" or "Chinese" is served by
# any of its members; one who asks for a member (Sorani, Dari, traditional Chinese) is shown
# only services that name that member, never a service that may speak another one.
MACROLANGUAGE_MEMBERS = {
    "ku": ("ku", "ckb", "kmr", "sdh"),
    "zh": ("zh", "zh-hans", "zh-hant", "cmn", "yue"),
    "ar": ("ar", "apc", "arz", "ary", "acm", "ajp", "apd", "ayl", "aeb"),
    "no": ("no", "nb", "nn"),
}


def language_code(value: str) -> str:
    """The one code Harbour searches for the language `value` names (a BCP 47 tag or an ISO 639
    code, any case, "_" or "-"): lower case, ISO 639-1 where it exists, script and region kept
    only where they name another language (`_TAG_TO_CODE`). "fa-AF" and "prs" -> "prs";
    "zh-TW" and "zh-Hant" -> "zh-hant"; "pt-BR" -> "pt"; "" -> ""."""
    parts = [part for part in (value or "").strip().replace("_", "-").split("-") if part]
    if not parts:
        return ""
    language = parts[0].lower()
    language = _ISO639_TO_1.get(language, language)
    for subtag in parts[1:]:
        if len(subtag) == 4 and subtag.isalpha():
            subtag = subtag.title()  # script: Hant
        elif len(subtag) == 2 and subtag.isalpha():
            subtag = subtag.upper()  # region: AF
        else:
            subtag = subtag.lower()  # extlang (yue), numeric region, variant
        if (language, subtag) in _TAG_TO_CODE:
            return _TAG_TO_CODE[(language, subtag)]
    return language


def language_codes_matching(value: str) -> list[str]:
    """The codes a search for the language `value` finds: its own code, and every member if
    it is a macrolanguage searched as a whole (MACROLANGUAGE_MEMBERS). [] for ""."""
    code = language_code(value)
    if not code:
        return []
    return list(MACROLANGUAGE_MEMBERS.get(code, (code,)))

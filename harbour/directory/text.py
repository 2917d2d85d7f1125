"""Text normalisation for search: one function used to index and to query, so both sides agree.

Not English-only: casefold, strip accents and Arabic diacritics and tatweel, unify the Arabic
letter forms that Arabic and Farsi keyboards write differently (alef with hamza or madda,
Farsi yeh and kaf, teh marbuta, Persian digits), fold apostrophes (women's = womens; French
l'aide = aide), then split on anything that is not a letter or digit. No stemming: a stemmer is
language-specific, and prefix matching covers plurals and suffixes well enough for names and
descriptions. Markup (HSDS allows HTML in descriptions) is never indexed, only its text.

Everyday words for needs ("refuge" for a safe house) come from the vocabulary files
(harbour/directory/vocabulary/, reviewed like translations): a phrase of a vocabulary group
found in a service's text adds the group's marker token, and the same phrase in a query looks
for the marker as well as for the words themselves.
"""

import html
import re
import unicodedata
from bisect import bisect_right
from functools import cache, lru_cache
from pathlib import Path

import nh3
import yaml

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
_APOSTROPHES = "'\u2019\u02bc\u2018`\u00b4"
# An elided article or pronoun before an apostrophe (French, Italian, Catalan): l'aide, d'accueil,
# qu'il, dell'aiuto. It is dropped; any other apostrophe is folded away (women's -> womens).
_ELISION = re.compile(r"\b(?:l|d|j|n|s|c|m|t|qu|dell|nell|all|dall|sull)[" + _APOSTROPHES + r"](?=\w)",
                      re.IGNORECASE)
_APOSTROPHE = re.compile(r"(?<=\w)[" + _APOSTROPHES + r"](?=\w|\b)")
_ANY_APOSTROPHE = re.compile("[" + _APOSTROPHES + "]")
# The elements of HTML (WHATWG HTML Living Standard, "Elements" index, with the obsolete ones
# feeds still write): a description's `<b>` is markup, but "<passport>" or "<residence
# permit>" is her text in angle brackets, which a sanitiser would drop as an unknown element.
_HTML_ELEMENT_NAMES = """
a abbr acronym address area article aside audio b base basefont bdi bdo big blink blockquote body
br button canvas caption center cite code col colgroup data datalist dd del details dfn dialog dir
div dl dt em embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head
header hgroup hr html i iframe img input ins kbd label legend li link main map mark marquee menu meta
meter nav nobr noframes noscript object ol optgroup option output p param picture plaintext pre
progress q rp rt ruby s samp script search section select slot small source span strike strong style
sub summary sup table tbody td template textarea tfoot th thead time title tr track tt u ul var
video wbr xmp
svg g path circle rect line polyline polygon ellipse text tspan defs use symbol desc image stop
lineargradient radialgradient clippath mask pattern filter foreignobject
math mi mo mn ms mtext mrow msup msub msubsup mfrac msqrt mroot mspace mstyle mtable mtr mtd
semantics annotation
"""
HTML_ELEMENTS = frozenset(_HTML_ELEMENT_NAMES.split())
_MARKUP_HINT = re.compile(r"<!--|<\s*/?\s*(?:(" + "|".join(sorted(HTML_ELEMENTS, key=len, reverse=True))
                          + r")(?=[\s/>])|[a-zA-Z][a-zA-Z0-9]*:[a-zA-Z])[^>]*>"
                          r"|&(?:[a-zA-Z]{2,8}|#\d{1,6}|#x[0-9a-fA-F]{1,6});",
                          re.IGNORECASE)
# A Markdown link or image ([text](target "title")): HSDS allows Markdown in descriptions;
# its target is not her text (an HTML link's href is not indexed either).
_MARKDOWN_LINK = re.compile(
    r"(!?)\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"  # [text], one level of [brackets] inside
    r"(?:\(\s*(?:<[^<>\n]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)"  # (target) or (<target>)
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"  # an optional "title"
    r"|\[[^\[\]\n]*\])")  # or a reference: [text][label]
# A reference link's definition line ("[1]: https://… "title""), CommonMark 4.7.
_MARKDOWN_DEFINITION = re.compile(r"^ {0,3}\[[^\[\]\n]+\]:[ \t]*\S+[^\n]*$", re.MULTILINE)

# What a description may keep of its HTML on Harbour's pages (nh3 removes everything else,
# and the content of script and style entirely).
SAFE_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a"}
SAFE_ATTRIBUTES = {"a": {"href"}}
SAFE_URL_SCHEMES = {"https", "http", "mailto", "tel"}


def has_markup(value: str) -> bool:
    """Whether `value` holds an HTML element's tag (HTML_ELEMENTS), a comment or a character
    reference."""
    return bool(_MARKUP_HINT.search(value or ""))


# Elements written without an end tag in valid HTML: void elements, and those whose end tag
# may be left out (WHATWG HTML, "Optional tags"). Any other element opened and never closed
# is read as words in brackets.
_END_TAG_OPTIONAL_NAMES = """
area base br col embed hr img input link meta source track wbr param keygen
p li dt dd tr td th option optgroup thead tbody tfoot colgroup caption rp rt html head body
"""
_END_TAG_OPTIONAL = frozenset(_END_TAG_OPTIONAL_NAMES.split())
# Tags that lay a description out in blocks: with none of them, its line breaks are the
# author's (text with a <b> or a link in it) and are kept.
_BLOCK_MARKUP = re.compile(r"<\s*(?:p|br|ul|ol|li|div|table|h[1-6]|blockquote|pre|hr|dl)\b", re.IGNORECASE)


_CLOSING_TAG = re.compile(r"</\s*([a-zA-Z][a-zA-Z0-9]*)")
# Every "<" but a comment's, with the slash of a closing tag and the tag's name (with its
# namespace prefix) when there is one.
_TAG_OPEN = re.compile(r"<(?!!--)(?=\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*(?::[a-zA-Z][a-zA-Z0-9-]*)?)?)")


def _text_in_brackets_kept(value: str) -> str:
    """`value` with every "<" that opens no HTML element or comment written as "&lt;", so a
    sanitiser keeps "<passport>" as the text it is."""
    closed = {name.lower() for name in _CLOSING_TAG.findall(value)}

    def keep(match: re.Match) -> str:
        slash, name = match.group(1), (match.group(2) or "").lower()
        if ":" in name:
            return "<"  # an element of another namespace (Word's <o:p>): markup, removed
        if name not in HTML_ELEMENTS:
            return "&lt;"
        # "<address>" or "<time>" never closed is her word in brackets, not an element.
        return "&lt;" if not slash and name not in _END_TAG_OPTIONAL and name not in closed else "<"

    return _TAG_OPEN.sub(keep, value)


def plain_text(value: str) -> str:
    """The text of `value` without its markup: HTML elements and comments removed (script and
    style with their content), character references decoded, a Markdown link or image
    reduced to its text. Text in angle brackets that names no HTML element ("<passport>") is
    text, and kept. Text without markup is returned unchanged."""
    value = value or ""
    if "]" in value:
        value = _MARKDOWN_DEFINITION.sub("", value)
        value = _MARKDOWN_LINK.sub(lambda m: m.group(2), value)
    if not has_markup(value):
        return value
    # A space before each tag keeps words of adjacent blocks apart ("<li>a</li><li>b</li>").
    text = nh3.clean(re.sub(r"<", " <", _text_in_brackets_kept(value)), tags=set())
    return html.unescape(text)


def safe_html(value: str) -> str:
    """`value` as HTML safe to show: a description with markup keeps only SAFE_TAGS (links
    get rel="noopener noreferrer nofollow"); one without keeps its line breaks. The caller
    marks the result safe (nh3 is the sanitiser: ammonia's allow-list, html5ever's parser)."""
    if not has_markup(value):
        escaped = html.escape(value or "")
        return "<br>".join(escaped.splitlines())
    if not _BLOCK_MARKUP.search(value):
        value = "<br>".join(value.splitlines())
    return nh3.clean(_text_in_brackets_kept(value), tags=SAFE_TAGS, attributes=SAFE_ATTRIBUTES,
                     # Only what SAFE_ATTRIBUTES names (nh3 keeps `lang` and `title` on every
                     # tag otherwise), and the rel nh3 sets on links.
                     attribute_filter=_safe_attribute, url_schemes=SAFE_URL_SCHEMES,
                     link_rel="noopener noreferrer nofollow")


def _safe_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute in SAFE_ATTRIBUTES.get(tag, ()) or (tag, attribute) == ("a", "rel"):
        return value
    return None



def _normalise_once(value: str) -> str:
    value = unicodedata.normalize("NFKD", value.translate(_INVISIBLE)).casefold()
    # Combining marks: Latin accents and Arabic harakat (fatha, damma, kasra, shadda, sukun...).
    value = unicodedata.normalize("NFKD", value)
    if any(map(unicodedata.combining, value)):  # most text has none: skip the per-letter pass
        value = "".join(ch for ch in value if not unicodedata.combining(ch))
    value = value.translate(_ARABIC_MAP)
    return unicodedata.normalize("NFC", value)


# Invisible characters a word processor or a web page leaves inside words (soft hyphen, zero
# width space, word joiner, byte order mark): no part of the word, so removed before anything.
_INVISIBLE_CHARS = ("\u00ad", "\u200b", "\u2060", "\ufeff")
_INVISIBLE = str.maketrans(dict.fromkeys(_INVISIBLE_CHARS))


def normalise(value: str) -> str:
    """The comparable form of `value`: lower case, no marks, unified letter forms. Applying it
    again changes nothing (a few characters need a second pass, e.g. styled letters)."""
    if not value.isascii() and any(char in value for char in _INVISIBLE_CHARS):  # rare: look first
        value = value.translate(_INVISIBLE)
    if value.isascii():
        # No marks, no compatibility forms, no Arabic letters, and casefold() is lower() on
        # ASCII: the same answer without four Unicode passes (a page of results asks this of
        # every name and description).
        return value.lower()
    # Every pass works character by character, except that a combining mark joins (and is
    # reordered within) the run after its base character, and no run crosses an ASCII space:
    # so the text is normalised space-separated piece by piece, and pieces (words) repeat.
    return " ".join(map(_normalise_piece, value.split(" ")))


@lru_cache(maxsize=16384)
def _normalise_piece(piece: str) -> str:
    if piece.isascii():
        return piece.lower()
    return _normalise_unicode(piece)


def _normalise_unicode(value: str) -> str:
    """normalise() of any text, by the Unicode passes themselves."""
    for _ in range(3):
        again = _normalise_once(value)
        if again == value:
            break
        value = again
    return value


def _fold_apostrophes(value: str) -> str:
    if not _ANY_APOSTROPHE.search(value):
        return value  # both patterns need one
    return _fold_apostrophes_by_pattern(value)


def _fold_apostrophes_by_pattern(value: str) -> str:
    return _APOSTROPHE.sub("", _ELISION.sub("", value))


def _words(value: str) -> list[str]:
    """Every word of `value` in order, normalised, apostrophes folded, short ones dropped."""
    return _words_of_folded(_fold_apostrophes(normalise(value or "")))


def _words_of_folded(folded: str) -> list[str]:
    """_words() of text already normalised and with its apostrophes folded."""
    if "_" not in folded:  # nothing to strip: the same words, in one comprehension
        return [token if len(token) <= MAX_TOKEN else token[:MAX_TOKEN]
                for token in _SPLIT.split(folded) if len(token) >= MIN_TOKEN]
    out = []
    for token in _SPLIT.split(folded):
        token = token.strip("_")
        if len(token) >= MIN_TOKEN:
            out.append(token[:MAX_TOKEN])
    return out


def tokens(value: str) -> list[str]:
    """Distinct search tokens of `value`, in order of first appearance."""
    seen: dict[str, None] = {}
    for token in _SPLIT.split(_fold_apostrophes(normalise(value or ""))):
        token = token.strip("_")
        if len(token) >= MIN_TOKEN:
            seen.setdefault(token[:MAX_TOKEN], None)
    return list(seen)


# Arabic writes the article and some prepositions joined to the word ("للنساء" = "for the
# women"). The index keeps both the whole word and the word without them; a query uses the
# shorter form, so "النساء", "للنساء" and "نساء" all find each other. "and" (و) or "so" (ف)
# may come first ("وللنساء" = "and for the women"). No prefix begins another, so at most one
# of them starts a word (text._word_start relies on it).
_ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "ولل", "فلل", "وبال", "فبال", "وكال", "فكال", "لل", "ال")


_PREFIX_FIRST_LETTERS = frozenset(prefix[0] for prefix in _ARABIC_PREFIXES)


def _strip_article(token: str) -> str:
    if token[:1] not in _PREFIX_FIRST_LETTERS:
        return token
    for prefix in _ARABIC_PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= 2:
            return token[len(prefix):]
    return token


VOCABULARY_DIR = Path(__file__).parent / "vocabulary"
MARKER = "="  # never produced by tokens(): markers cannot collide with words


NEED_LABELS_FILE = Path(__file__).parent / "data" / "need_labels.yaml"


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(_strip_article(w) for w in _words(str(text)))


@cache
def vocabulary() -> dict[tuple[str, ...], str]:
    """{phrase as normalised words (articles stripped): group key} from every vocabulary file.
    A group key is shared across languages, so "refugio" and "refuge" find each other.

    The search form's need labels in every language (data/need_labels.yaml) join the group of
    their English label when that label is a phrase of one: typed as words, the name she reads
    in the list ("استشارة في الهجرة") finds what "Immigration advice" finds (a walk-through
    found it finding nothing). A phrase already in a vocabulary file keeps its group."""
    phrases: dict[tuple[str, ...], str] = {}
    for path in sorted(VOCABULARY_DIR.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, entries in (document.get("groups") or {}).items():
            for entry in entries or []:
                words = _phrase(entry)
                if words:
                    phrases[words] = str(key)
    needs = (yaml.safe_load(NEED_LABELS_FILE.read_text(encoding="utf-8")) or {}).get("terms") or {}
    for texts in needs.values():
        key = phrases.get(_phrase((texts.get("en") or {}).get("name", "")))
        if key is None:
            continue
        for text in texts.values():
            words = _phrase(text.get("name", ""))
            if words:
                phrases.setdefault(words, key)
    return phrases


@cache
def _longest_phrase() -> int:
    return max((len(p) for p in vocabulary()), default=0)


def _markers(words: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, marker) of each vocabulary phrase found in `words`, longest first, with
    a final "s" of the last word allowed (refuges, safe houses)."""
    phrases, found, longest = vocabulary(), [], _longest_phrase()
    stripped = [_strip_article(w) for w in words]
    for start in range(len(stripped)):
        for end in range(min(len(stripped), start + longest), start, -1):
            candidate = tuple(stripped[start:end])
            key = phrases.get(candidate)
            if key is None and candidate[-1].endswith("s"):
                key = phrases.get((*candidate[:-1], candidate[-1][:-1]))
            if key is not None:
                found.append((start, end, MARKER + key))
                break
    return found


def index_tokens(value: str) -> list[str]:
    """The tokens to store for `value` (its markup removed): each word, its form without a
    joined article, and the marker of each vocabulary phrase it holds."""
    seen: dict[str, None] = {}
    text = plain_text(value)
    for token in tokens(text):
        seen.setdefault(token, None)
        seen.setdefault(_strip_article(token), None)
    for _start, _end, marker in _markers(_words(text)):
        seen.setdefault(marker[:MAX_TOKEN], None)
    return list(seen)


def holds_terms(value: str, terms: list[tuple[str, ...]]) -> bool:
    """Whether `value` holds every term of `terms` (query_terms()): for each term, some
    alternative is a prefix of one of index_tokens(value), or, for a marker, one of them.
    The same answer as testing index_tokens(value), with the vocabulary phrases looked for
    only when a term is a marker (a search result says which fields matched, per result)."""
    folded = _fold_apostrophes(normalise(plain_text(value)))
    # A quick no (a search result is asked this for each of its fields): a word's prefix, with
    # or without its article, is a substring of the text the word was cut from.
    for term in terms:
        if not any(alternative.startswith(MARKER) or alternative in folded for alternative in term):
            return False
    if all(len(alternative) >= MIN_TOKEN and not alternative.startswith(MARKER)
           for term in terms for alternative in term):
        # Words alone: an alternative prefixes a token (or a token without its joined article)
        # exactly where it starts a word, or starts right after a word's article; one search
        # each instead of splitting every word out.
        return all(any(_word_start(alternative).search(folded) for alternative in term) for term in terms)
    words = _words_of_folded(folded)
    have = set(words)
    have.update(_strip_article(w) for w in words)
    # Words hold no spaces: " " + prefix is in the joined words when one of them starts with it.
    joined = " " + " ".join(have) if have else ""
    markers: set[str] | None = None
    for term in terms:
        for alternative in term:
            if alternative.startswith(MARKER):
                if markers is None:
                    markers = {marker[:MAX_TOKEN] for _start, _end, marker in _markers(words)}
                if alternative in markers:
                    break
            elif " " + alternative in joined:
                break
        else:
            return False
    return True


# Between the values holds_terms_each() searches at once: not a word character, so no word-start
# pattern matches across it; kept by normalise() and apostrophe folding, and refused in stored
# text (harbour.core.textguard), so a value holding it is simply searched on its own.
_VALUE_SEPARATOR = "\x00"


def holds_terms_each(values: list[str], terms: list[tuple[str, ...]]) -> list[bool]:
    """[holds_terms(value, terms) for value in values], the same answers, found with one pass
    per alternative over the values joined, when every alternative is a word (not a vocabulary
    marker) at least MIN_TOKEN long: a page of results asks this of some 40 names,
    descriptions and translations, and normalising and searching them one by one cost more
    than the search's own SQL. Otherwise each value is asked on its own.

    Sound because normalise() and _fold_apostrophes() work within words and pieces between
    ASCII spaces, and _word_start() patterns match word characters only (with look-behind
    and look-ahead at word characters), none of which the separator is."""
    if not values:
        return []
    texts = [plain_text(value) for value in values]
    words_only = all(len(alternative) >= MIN_TOKEN and not alternative.startswith(MARKER)
                     for term in terms for alternative in term)
    if not terms or not words_only or any(_VALUE_SEPARATOR in text for text in texts):
        return [holds_terms(value, terms) for value in values]
    joined = _fold_apostrophes(normalise(_VALUE_SEPARATOR.join(texts)))
    # Where each value starts in the folded text (normalising changes lengths, not separators).
    starts = [0]
    position = joined.find(_VALUE_SEPARATOR)
    while position != -1:
        starts.append(position + 1)
        position = joined.find(_VALUE_SEPARATOR, position + 1)
    if len(starts) != len(values):  # cannot happen (see above); never answer from a bad split
        return [holds_terms(value, terms) for value in values]
    holding = set(range(len(values)))
    for term in terms:
        found: set[int] = set()
        for alternative in term:
            for match in _word_start(alternative).finditer(joined):
                found.add(bisect_right(starts, match.start()) - 1)
        holding &= found
        if not holding:
            break
    return [index in holding for index in range(len(values))]


_NEVER = re.compile(r"(?!)")


@lru_cache(maxsize=4096)
def _word_start(alternative: str) -> re.Pattern:
    """A pattern found in folded text (normalised, apostrophes folded) where `alternative`
    (at least MIN_TOKEN long) prefixes one of its index tokens: at a word's start (after a
    non-word character or the start, and after any underscores, which tokens are stripped
    of), or right after a joined Arabic article there (_strip_article: at most one article
    starts a word, and what follows it is then at least as long as `alternative`). Tokens are
    cut to MAX_TOKEN before an article is stripped, so a longer alternative, or an article and
    an alternative together longer, prefixes nothing there. Tokens are stripped of underscores
    at both ends: one that starts with "_" can only follow an article, and one that ends with
    "_" needs a letter or digit after its underscores. Tokens hold only word characters."""
    if len(alternative) > MAX_TOKEN or _SPLIT.search(alternative):
        return _NEVER
    articles = [re.escape(p) for p in _ARABIC_PREFIXES if len(p) + len(alternative) <= MAX_TOKEN]
    if alternative.startswith("_"):
        if not articles:
            return _NEVER
        article = f"(?:{'|'.join(articles)})"
    else:
        article = f"(?:{'|'.join(articles)})?" if articles else ""
    after = r"(?=_*[^\W_])" if alternative.endswith("_") else ""
    return re.compile(r"(?<!\w)_*" + article + re.escape(alternative) + after)


def _query_word(token: str) -> str:
    token = _strip_article(token)
    # A plural or possessive written without its apostrophe ("womens") finds the word too.
    if len(token) >= 5 and token.endswith("s") and token.isascii():
        return token[:-1]
    return token


def query_tokens(value: str) -> list[str]:
    """The tokens a query looks for; each must prefix-match some indexed token."""
    seen: dict[str, None] = {}
    for token in tokens(value):
        seen.setdefault(_query_word(token), None)
    return list(seen)


def query_terms(value: str) -> list[tuple[str, ...]]:
    """What a query needs: one tuple per word or vocabulary phrase, each holding the
    alternatives that satisfy it (the selectors accept any). A word is a prefix to match
    ("womens" -> "women"); a vocabulary phrase, of one word or several, is its group's
    marker, matched exactly. Markers start with MARKER.
    E.g. "refuge london" -> [("=safe_housing",), ("london",)]."""
    words = _words(value)
    terms: dict[tuple[str, ...], None] = {}
    covered: set[int] = set()
    for start, end, marker in _markers(words):
        if covered & set(range(start, end)):
            continue
        covered |= set(range(start, end))
        # Every service whose text holds the phrase carries its marker: the marker is enough,
        # and it does not widen to other words by prefix ("refuge" never finds "refugee").
        terms.setdefault((marker[:MAX_TOKEN],), None)
    for index, word in enumerate(words):
        if index not in covered:
            terms.setdefault((_query_word(word),), None)
    return list(terms)


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

# Grandfathered and redundant tags with a preferred value (IANA Language Subtag Registry,
# RFC 5646 2.2.8), lower case. Read whole, before any subtag rule ("zh-min-nan" is Min Nan,
# not the extended subtag "min", which is Minangkabau).
_GRANDFATHERED = {
    "art-lojban": "jbo", "i-ami": "ami", "i-bnn": "bnn", "i-hak": "hak", "i-klingon": "tlh",
    "i-lux": "lb", "i-navajo": "nv", "i-pwn": "pwn", "i-tao": "tao", "i-tay": "tay", "i-tsu": "tsu",
    "no-bok": "nb", "no-nyn": "nn", "zh-guoyu": "cmn", "zh-hakka": "hak", "zh-min-nan": "nan",
    "zh-xiang": "hsn", "sgn-be-fr": "sfb", "sgn-be-nl": "vgt", "sgn-ch-de": "sgg", "sgn-br": "bzs",
    "sgn-co": "csn", "sgn-de": "gsg", "sgn-dk": "dsl", "sgn-es": "ssp", "sgn-fr": "fsl",
    "sgn-gb": "bfi", "sgn-gr": "gss", "sgn-ie": "isg", "sgn-it": "ise", "sgn-jp": "jsl",
    "sgn-mx": "mfs", "sgn-ni": "ncs", "sgn-nl": "dse", "sgn-no": "nsl", "sgn-pt": "psr",
    "sgn-se": "swl", "sgn-us": "ase", "sgn-za": "sfs",
}

# Deprecated codes and their preferred value (IANA Language Subtag Registry).
_DEPRECATED = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}

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
# Members from the ISO 639-3 macrolanguage mappings (SIL, ISO 639-3 Registration Authority);
# `arb` is read as `ar` itself (_ISO639_TO_1).
MACROLANGUAGE_MEMBERS = {
    "ku": ("ku", "ckb", "kmr", "sdh"),
    "zh": ("zh", "zh-hans", "zh-hant", "cmn", "yue", "cdo", "cjy", "cnp", "cpx", "csp", "czh", "czo",
           "gan", "hak", "hnm", "hsn", "lzh", "mnp", "nan", "wuu"),
    "ar": ("ar", "aao", "abh", "abv", "acm", "acq", "acw", "acx", "acy", "adf", "aeb", "aec", "afb",
           "ajp", "apc", "apd", "arq", "ars", "ary", "arz", "auz", "avl", "ayh", "ayl", "ayn", "ayp",
           "bbz", "pga", "shu", "ssh"),
    "no": ("no", "nb", "nn"),
}


def language_code(value: str) -> str:
    """The one code Harbour searches for the language `value` names (a BCP 47 tag or an ISO 639
    code, any case, "_" or "-"): lower case, an extended language subtag read as the language
    ("zh-cmn" -> "cmn", RFC 5646 2.2.2), a deprecated code as its preferred value ("iw" ->
    "he"), ISO 639-1 where it exists, script and region kept only where they name another
    language (`_TAG_TO_CODE`). "fa-AF" and "prs" -> "prs"; "zh-TW" and "zh-Hant" ->
    "zh-hant"; "pt-BR" -> "pt"; "" -> ""."""
    parts = [part for part in (value or "").strip().replace("_", "-").split("-") if part]
    if not parts:
        return ""
    whole = "-".join(parts).lower()
    if whole in _GRANDFATHERED:
        return _GRANDFATHERED[whole]
    if len(parts[0]) == 1:
        # Private use ("x-elvish": its own, never another's) or a grandfathered tag with no
        # preferred value ("i-default"): the whole tag is the language.
        return whole
    # A singleton starts extensions and private use ("zh-x-hant", "en-u-ca-buddhist"): what
    # follows says nothing about which language (RFC 5646 2.2.6, 2.2.7).
    parts = parts[:next((i for i, part in enumerate(parts) if len(part) == 1), len(parts))]
    if len(parts) > 1 and len(parts[1]) == 3 and parts[1].isalpha():
        # An extended language subtag (RFC 5646 2.2.2): "zh-cmn" is "cmn", "ar-apc" is "apc".
        parts = parts[1:]
    language = parts[0].lower()
    language = _DEPRECATED.get(language, language)
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

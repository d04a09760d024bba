"""Light markup for posts: paragraphs, links, **bold**, *italic*, lists, > quotes, @mentions (by name).

The text is HTML-escaped first, then the few constructs above become tags, and the result is
ALWAYS passed through nh3 with a small allowlist (links get rel="nofollow ugc"). Nothing a member
types is ever treated as HTML or as template syntax.
"""

import html
import re

import nh3

ALLOWED_TAGS = {"p", "br", "a", "strong", "em", "ul", "ol", "li", "blockquote", "span"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "span": {"class"}}
URL_SCHEMES = {"http", "https", "mailto"}

# `@[Жауһар Сейітова](17)`: what the reply form's picker inserts, a member by id whatever her name's letters or spaces
MENTION_TOKEN = re.compile(r"@\[([^\[\]\n]{1,150})\]\((\d{1,12})\)")
# `@Жауһар`: typed by hand, any letters (a first name, a whole name written without spaces)
MENTION = re.compile(r"(?<![\w@/.])@(\w(?:[\w.\-]*\w)?)")
LINK = re.compile(r"\[([^\]\n]{1,200})\]\((https?://[^\s)\"'<>]{1,500})\)")
BARE_URL = re.compile(r"(?<![\"=>/\w])(https?://[^\s<>\"']{1,500}[^\s<>\"'.,;:!?)])")
BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
ITALIC = re.compile(r"(?<![\w*])[*_](?=\S)([^*_\n]+?)(?<=\S)[*_](?![\w*])")
BULLET = re.compile(r"^\s*[-*•]\s+(.*)$")
NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")
QUOTE = re.compile(r"^&gt;\s?(.*)$")


def find_mentions(text: str) -> tuple[set[int], set[str]]:
    """Who `text` mentions: member ids of `@[Name](id)` tokens, and the words written as `@word` (case-folded)."""
    ids = {int(pk) for _name, pk in MENTION_TOKEN.findall(text)}
    words = {word.casefold() for word in MENTION.findall(MENTION_TOKEN.sub(" ", text))}
    return ids, words


def mention_token(user) -> str:
    """The token the picker inserts for `user`: her display name (brackets and line breaks left out) and id."""
    name = " ".join(re.sub(r"[\[\]]", " ", user.display_name or "").split())[:150] or "?"
    return f"@[{name}]({user.pk})"


def _mention(name: str) -> str:
    name = html.escape(name, quote=True).replace("{", "&#123;").replace("}", "&#125;")
    return f'<span class="mention">@{name}</span>'


def _inline(escaped: str, mentions: dict | None = None) -> str:
    """`mentions`: the members the text names, as {id: display name} and {case-folded word: display name}
    (forums.services resolves them); a token of nobody known shows its text, never a link."""
    links: list[str] = []
    mentions = mentions or {}

    def keep(tag: str) -> str:
        links.append(tag)
        return f"\x00{len(links) - 1}\x00"

    def token(match) -> str:
        name = mentions.get(int(match.group(2)))
        return keep(_mention(name)) if name else keep(f"@{match.group(1)}")

    def word(match) -> str:
        name = mentions.get(match.group(1).casefold())
        return keep(_mention(name)) if name else keep(f'<span class="mention">@{match.group(1)}</span>')

    escaped = MENTION_TOKEN.sub(token, escaped)
    escaped = LINK.sub(lambda m: keep(f'<a href="{m.group(2)}">{m.group(1)}</a>'), escaped)
    escaped = BARE_URL.sub(lambda m: keep(f'<a href="{m.group(1)}">{m.group(1)}</a>'), escaped)
    escaped = MENTION.sub(word, escaped)
    escaped = BOLD.sub(r"<strong>\1</strong>", escaped)
    escaped = ITALIC.sub(r"<em>\1</em>", escaped)
    return re.sub(r"\x00(\d+)\x00", lambda m: links[int(m.group(1))], escaped)


def _blocks(lines: list[str], mentions: dict | None = None) -> list[str]:
    out: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    list_tag = ""
    quote: list[str] = []

    def flush_paragraph():
        if paragraph:
            out.append("<p>" + "<br>".join(_inline(line, mentions) for line in paragraph) + "</p>")
            paragraph.clear()

    def flush_list():
        nonlocal list_tag
        if items:
            out.append(f"<{list_tag}>" + "".join(f"<li>{_inline(i, mentions)}</li>" for i in items) + f"</{list_tag}>")
            items.clear()
        list_tag = ""

    def flush_quote():
        if quote:
            out.append("<blockquote>" + "".join(_blocks(quote, mentions)) + "</blockquote>")
            quote.clear()

    for line in lines:
        if match := QUOTE.match(line):
            flush_paragraph()
            flush_list()
            quote.append(match.group(1))
            continue
        flush_quote()
        bullet, numbered = BULLET.match(line), NUMBERED.match(line)
        if bullet or numbered:
            tag = "ul" if bullet else "ol"
            flush_paragraph()
            if list_tag and list_tag != tag:
                flush_list()
            list_tag = tag
            items.append((bullet or numbered).group(1))
        elif not line.strip():
            flush_paragraph()
            flush_list()
        else:
            flush_list()
            paragraph.append(line.strip())
    flush_paragraph()
    flush_list()
    flush_quote()
    return out


def sanitise(fragment: str) -> str:
    """The one HTML allowlist for anything members write."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc",
        strip_comments=True,
    )


def render(text: str, mentions: dict | None = None) -> str:
    """Turn what a member typed into safe HTML; mentions of the members in `mentions` show their names."""
    escaped = html.escape(text.replace("\r\n", "\n").replace("\r", "\n"), quote=True)
    # Keep template-like braces inert even if the HTML were ever fed to a template engine.
    escaped = escaped.replace("{", "&#123;").replace("}", "&#125;")
    return sanitise("".join(_blocks(escaped.split("\n"), mentions)))


def quote(*, author, text: str) -> str:
    """A quote-reply prefill: the quoted text as > lines, with who wrote it (by name: `mention_token`)."""
    lines = [f"{mention_token(author)}:"] + text.strip().splitlines()
    return "\n".join(f"> {line}" if line.strip() else ">" for line in lines) + "\n\n"

"""HTML a teacher typed: sanitised for storing, flattened to text for counting."""

import re

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "h3", "a", "blockquote"}
# --- Helpers ----------------------------------------------------------------------------------------------


def sanitize_html(text: str) -> str:
    """Plain paragraphs become <p>; any HTML is reduced to a small allowlist (nh3)."""
    text = (text or "").strip()
    if text and "<" not in text:
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        text = "".join("<p>" + p.replace("\n", "<br>") + "</p>" for p in paragraphs)
        text = text.replace("&", "&amp;").replace("&amp;amp;", "&amp;")
    return nh3.clean(text, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, link_rel="noopener noreferrer")


def html_to_text(html: str) -> str:
    """The reverse of `sanitize_html` for simple paragraphs, so a textarea shows words, not tags."""
    if not html:
        return ""
    simple = re.fullmatch(r"(<p>(?:(?!</?p>)[^<]|<br>)*</p>)+", html)
    if not simple:
        return html
    text = re.sub(r"</p>\s*<p>", "\n\n", html)[3:-4].replace("<br>", "\n")
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def word_count(html: str) -> int:
    return len(re.sub(r"<[^>]+>", " ", html or "").split())

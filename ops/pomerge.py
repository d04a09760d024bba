"""A git merge driver for gettext catalogues: a three-way merge entry by entry, never line by line.

Line-based merges (plain or `union`) break .po files when two branches add entries at the same place or one
changes a translation the other moved. This merges by (msgctxt, msgid): an entry changed on one side only takes
that side; added on either side, it is kept; changed differently on both, ours wins and the entry is reported.

    git config merge.po.driver ".venv/bin/python ops/pomerge.py %O %A %B"   # .gitattributes: *.po merge=po

Exit status 0: an entry changed differently on both sides keeps ours and is listed on stderr for review.
"""

import sys

import polib


def _key(entry):
    return (entry.msgctxt, entry.msgid)


def _value(entry):
    return (entry.msgstr, tuple(sorted(entry.msgstr_plural.items())), entry.msgid_plural, "fuzzy" in entry.flags)


def merge(base: polib.POFile, ours: polib.POFile, theirs: polib.POFile) -> tuple[polib.POFile, list]:
    base_entries = {_key(e): e for e in base if not e.obsolete}
    their_entries = {_key(e): e for e in theirs if not e.obsolete}
    our_keys = {_key(e) for e in ours if not e.obsolete}
    conflicts = []
    result = polib.POFile(wrapwidth=78)
    result.header, result.metadata = ours.header, ours.metadata
    for entry in ours:
        if entry.obsolete:
            continue
        key = _key(entry)
        old, other = base_entries.get(key), their_entries.get(key)
        if other is None:
            if old is not None and _value(old) == _value(entry):
                continue  # they deleted it and we did not touch it
            result.append(entry)
        elif old is not None and _value(entry) == _value(old):
            result.append(other)  # only they changed it
        else:
            if old is not None and _value(other) != _value(old) and _value(other) != _value(entry):
                conflicts.append(key)
            result.append(entry)
    for entry in theirs:
        key = _key(entry)
        if entry.obsolete or key in our_keys:
            continue
        old = base_entries.get(key)
        if old is not None and _value(old) == _value(entry):
            continue  # we deleted it and they did not touch it
        result.append(entry)
    return result, conflicts


def main(base_path: str, ours_path: str, theirs_path: str) -> int:
    try:
        base = polib.pofile(base_path)
    except OSError:  # an ancestor broken by a line-based merge: every entry then counts as changed on both sides
        print("pomerge: the common ancestor does not parse; merging as if it were empty", file=sys.stderr)
        base = polib.POFile()
    try:
        ours, theirs = polib.pofile(ours_path), polib.pofile(theirs_path)
    except OSError as error:
        print(f"pomerge: {error}; resolve by hand", file=sys.stderr)
        return 1
    merged, conflicts = merge(base, ours, theirs)
    merged.save(ours_path)
    for context, msgid in conflicts:
        print(f"pomerge: both sides changed {msgid!r} (context {context!r}); kept ours", file=sys.stderr)
    return 0  # merged; a conflict kept ours and is listed above for review


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))

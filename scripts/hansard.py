"""The Canadian Hansard corpus of ../shared as a bitext (shared by the scripts)."""
import os


def write_bitext(shared, path, limit=None):
    """Writes the line-aligned pairs of ../shared/data/corpora/hansard36-enfr (files in
    name order) to `path` as a two-column TSV (tabs in the text become spaces); at most
    `limit` pairs when given.  Returns the number of pairs written."""
    corpus = os.path.join(shared, "data/corpora/hansard36-enfr")
    n = 0
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for name in sorted(f for f in os.listdir(corpus) if f.endswith(".en")):
            en = open(os.path.join(corpus, name), encoding="utf-8").read().split("\n")
            fr = open(os.path.join(corpus, name[:-3] + ".fr"), encoding="utf-8").read().split("\n")
            if en and en[-1] == "" and fr and fr[-1] == "":
                en, fr = en[:-1], fr[:-1]
            for e, f in zip(en, fr):
                if limit is not None and n >= limit:
                    return n
                out.write(e.replace("\t", " ") + "\t" + f.replace("\t", " ") + "\n")
                n += 1
    return n

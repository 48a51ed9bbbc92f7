#!/usr/bin/env python3
"""Synthetic NewsML-G2 archive for `make bench` (bench/README.md).

    bench/gen.py [-n ITEMS] [--seed N] OUTDIR

Writes ITEMS news items (default 10,000) of 300-1,200 words each into OUTDIR,
one folder per day of ISO week 2026-W47 (OUTDIR/2026-11-16/...).  About 5% of
the files are newsMessages holding 2-6 items; about 20% of the bodies are
XHTML, 5% plain wire text, the rest NITF with p and hl2; about 3% of the items
are a second version (a correction) of an earlier guid.  The text is made-up
English from a small vocabulary.  The same seed gives byte-identical files.
Standard library only.
"""
import argparse
import os
import random
import sys
from xml.sax.saxutils import escape, quoteattr

NAR = "http://iptc.org/std/nar/2006-10-01/"
NITF = "http://iptc.org/std/NITF/2006-10-18/"
XHTML = "http://www.w3.org/1999/xhtml"
DAYS = ["2026-11-%02d" % d for d in range(16, 23)]

FIRST = ("Anna Ben Carla Dmitri Elif Farid Grace Hiro Ines Jonas Kemal Lena Marta Nadia "
         "Oskar Priya Quentin Rosa Samir Tomas Ulla Vera Wei Ximena Yusuf Zofia").split()
LAST = ("Andersen Baptiste Chen Dubois Eriksen Fischer Garcia Haddad Ivanova Jansen Kowalski "
        "Lindqvist Moreau Novak Okafor Petrov Quispe Rossi Santos Tanaka Urbina Verhoeven "
        "Wagner Yilmaz Zeller").split()
PLACES = [("Rotterdam", "Netherlands", "NL"), ("Lisbon", "Portugal", "PT"),
          ("Nairobi", "Kenya", "KE"), ("Osaka", "Japan", "JP"), ("Lima", "Peru", "PE"),
          ("Gdansk", "Poland", "PL"), ("Montreal", "Canada", "CA"), ("Izmir", "Turkey", "TR"),
          ("Adelaide", "Australia", "AU"), ("Tromso", "Norway", "NO"),
          ("Valparaiso", "Chile", "CL"), ("Accra", "Ghana", "GH")]
SUBJECTS = [("medtop:01000000", "arts, culture, entertainment and media"),
            ("medtop:04000000", "economy, business and finance"),
            ("medtop:06000000", "environment"), ("medtop:07000000", "health"),
            ("medtop:11000000", "politics"), ("medtop:13000000", "science and technology"),
            ("medtop:15000000", "sport"), ("medtop:16000000", "conflict, war and peace"),
            ("medtop:17000000", "weather"), ("medtop:14000000", "society"),
            ("medtop:05000000", "education"), ("medtop:09000000", "labour")]
GENRES = ["genre:Current", "genre:Analysis", "genre:Feature", "genre:Interview"]
NOUNS = ("harbour council market port ferry storm river bridge museum school union minister "
         "festival court reactor vaccine forest glacier budget election railway airport "
         "orchestra library drought harvest factory tunnel satellite comet island border "
         "hospital stadium village archive coastline reservoir tariff strike fleet").split()
VERBS = ("opens closes delays approves rejects expands reviews restores doubles cuts "
         "announces postpones welcomes warns unveils rebuilds reopens protects").split()
ADJS = ("new old northern southern record late early quiet busy historic coastal regional "
        "national local rising falling long short major minor careful sudden").split()
WORDS = ("the a of to and in said that on for with as was at by from it its this have "
         "has been were more than after before about over under into during while would "
         "could officials residents engineers workers visitors report figures week year "
         "morning evening spokesperson plan project water prices data levels team city "
         "government company group study survey number people local national").split()


def sentence(rng, n):
    ws = []
    for i in range(n):
        r = rng.random()
        ws.append(rng.choice(NOUNS if r < 0.2 else ADJS if r < 0.3 else VERBS if r < 0.38
                             else WORDS))
    if rng.random() < 0.25:
        ws.insert(rng.randrange(len(ws)), str(rng.randrange(2, 9000)))
    if rng.random() < 0.15:
        ws.insert(rng.randrange(len(ws)), rng.choice(FIRST) + " " + rng.choice(LAST))
    s = " ".join(ws)
    return s[0].upper() + s[1:] + rng.choice(".....?")


def paragraphs(rng, nwords):
    """List of ("p"|"hl2", text) totalling about nwords words."""
    out, done = [], 0
    while done < nwords:
        if out and rng.random() < 0.08:
            h = sentence(rng, rng.randint(3, 6)).rstrip(".?")
            out.append(("hl2", h))
            done += len(h.split())
            continue
        sents = [sentence(rng, rng.randint(8, 24)) for _ in range(rng.randint(2, 5))]
        p = " ".join(sents)
        if rng.random() < 0.15:
            p = '\u201c' + p + '\u201d said ' + rng.choice(FIRST) + " " + rng.choice(LAST) + "."
        out.append(("p", p))
        done += len(p.split())
    return out


def when(day, minute, zone):
    h, m = divmod(minute, 60)
    return "%sT%02d:%02d:00%s" % (day, h, m, zone)


def marked_up(rng, paras, names, marks):
    """Paragraphs and headings as elements (`names` renames tags); one
    paragraph in ten gets its second, third... words wrapped in `marks`."""
    parts = []
    for tag, t in paras:
        t = escape(t)
        if tag == "p" and rng.random() < 0.1:
            w = t.split(" ", len(marks) + 1)
            if len(w) == len(marks) + 2:
                inner = ["<%s>%s</%s>" % (m, x, m) for m, x in zip(marks, w[1:])]
                t = " ".join([w[0]] + inner + [w[-1]])
        name = names.get(tag, tag)
        parts.append("<%s>%s</%s>" % (name, t, name))
    return parts


def body_xml(rng, kind, paras, ind):
    if kind == "plain":
        lines = []
        for tag, t in paras:
            lines.append(("   " + t) if tag == "p" else t.upper())
        return '%s<inlineData contenttype="text/plain">%s</inlineData>' % (
            ind, escape("\n\n".join(lines)))
    if kind == "xhtml":
        parts = marked_up(rng, paras, {"hl2": "h2"}, ("em", "strong"))
        return ('%s<inlineXML contenttype="application/xhtml+xml">\n%s  <html xmlns="%s"><head>'
                '<title>story</title></head><body>\n%s    %s\n%s  </body></html>\n%s</inlineXML>'
                % (ind, ind, XHTML, ind, ("\n" + ind + "    ").join(parts), ind, ind))
    parts = marked_up(rng, paras, {}, ("em",))
    return ('%s<inlineXML contenttype="application/nitf+xml">\n%s  <nitf xmlns="%s"><body>'
            '<body.content>\n%s    %s\n%s  </body.content></body></nitf>\n%s</inlineXML>'
            % (ind, ind, NITF, ind, ("\n" + ind + "    ").join(parts), ind, ind))


def make_item(rng, seq, guid, version, day, ind, in_message):
    zone = rng.choice(["Z", "+01:00", "-05:00", "+08:00", "+02:00"])
    minute = rng.randrange(5 * 60, 23 * 60)
    city, country, cc = rng.choice(PLACES)
    nwords = rng.randint(300, 1200)
    paras = paragraphs(rng, nwords)
    headline = sentence(rng, rng.randint(6, 12)).rstrip(".?")
    slug = "%s-%s/%s" % (country.upper(), rng.choice(NOUNS).upper(), rng.choice(NOUNS).upper())
    authors = [(rng.choice(FIRST), rng.choice(LAST)) for _ in range(rng.choice([1, 1, 1, 2]))]
    subjects = rng.sample(SUBJECTS, rng.randint(1, 3))
    r = rng.random()
    kind = "xhtml" if r < 0.2 else "plain" if r < 0.25 else "nitf"
    i2 = ind + "  "
    a = []
    a.append('%s<newsItem%s guid=%s version="%d" standard="NewsML-G2" standardversion="2.35" '
             'conformance="power" xml:lang="en-GB">' % (
                 ind, "" if in_message else ' xmlns="%s"' % NAR, quoteattr(guid), version))
    a.append('%s<catalogRef href="http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_32.xml"/>' % i2)
    a.append('%s<rightsInfo><copyrightHolder qcode="nprov:BENCH"><name>Bench Wire</name>'
             '</copyrightHolder><copyrightNotice>Copyright 2026 Bench Wire. Synthetic text.'
             '</copyrightNotice></rightsInfo>' % i2)
    a.append('%s<itemMeta>' % i2)
    a.append('%s  <itemClass qcode="ninat:text"/><provider qcode="nprov:BENCH"><name>Bench Wire</name></provider>' % i2)
    a.append('%s  <versionCreated>%s</versionCreated>' % (i2, when(day, minute, zone)))
    a.append('%s  <firstCreated>%s</firstCreated>' % (i2, when(day, max(0, minute - 20), zone)))
    a.append('%s  <pubStatus qcode="stat:usable"/>' % i2)
    if version > 1:
        a.append('%s  <edNote>Corrects the figures in paragraph two.</edNote>' % i2)
        a.append('%s  <signal qcode="sig:correction"/>' % i2)
    a.append('%s</itemMeta>' % i2)
    a.append('%s<contentMeta>' % i2)
    a.append('%s  <urgency>%d</urgency>' % (i2, rng.randint(1, 8)))
    a.append('%s  <contentCreated>%s</contentCreated>' % (i2, when(day, max(0, minute - 30), zone)))
    a.append('%s  <located type="cptype:city"><name>%s</name><broader type="cptype:country" '
             'qcode="iso3166-1a2:%s"><name xml:lang="en">%s</name></broader></located>'
             % (i2, city, cc, country))
    for f, l in authors:
        a.append('%s  <creator role="crole:author"><name>%s %s</name></creator>' % (i2, f, l))
    a.append('%s  <language tag="en-GB"/>' % i2)
    a.append('%s  <genre qcode="%s"/>' % (i2, rng.choice(GENRES)))
    for q, name in subjects:
        a.append('%s  <subject type="cpnat:abstract" qcode="%s"><name xml:lang="en-GB">%s</name></subject>'
                 % (i2, q, escape(name)))
    for k in rng.sample(NOUNS, 2):
        a.append('%s  <keyword>%s</keyword>' % (i2, k))
    a.append('%s  <slugline>%s</slugline>' % (i2, escape(slug)))
    a.append('%s  <headline>%s</headline>' % (i2, escape(headline)))
    if rng.random() < 0.3:
        a.append('%s  <headline role="hlrole:sub">%s</headline>'
                 % (i2, escape(sentence(rng, rng.randint(8, 14)))))
    a.append('%s  <by>By %s</by>' % (i2, " and ".join("%s %s" % x for x in authors)))
    a.append('%s  <dateline>%s, Nov %d</dateline>' % (i2, city.upper(), int(day[-2:])))
    a.append('%s  <description role="drol:summary">%s</description>'
             % (i2, escape(sentence(rng, rng.randint(15, 25)))))
    a.append('%s</contentMeta>' % i2)
    a.append('%s<contentSet>' % i2)
    a.append(body_xml(rng, kind, paras, i2 + "  "))
    a.append('%s</contentSet>' % i2)
    a.append('%s</newsItem>' % ind)
    return "\n".join(a) + "\n"


def main():
    ap = argparse.ArgumentParser(description="Generate a synthetic NewsML-G2 archive.")
    ap.add_argument("-n", "--items", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("outdir")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    for d in DAYS:
        os.makedirs(os.path.join(args.outdir, d), exist_ok=True)
    made, files, guids = 0, 0, []

    def next_item(in_message, day):
        nonlocal made
        if guids and rng.random() < 0.03:
            guid, version = rng.choice(guids), 2
        else:
            guid, version = "tag:bench.newsprint.example,2026:item-%06d" % made, 1
            guids.append(guid)
        made += 1
        return make_item(rng, made, guid, version, day, "    " if in_message else "",
                         in_message)

    while made < args.items:
        day = DAYS[made * len(DAYS) // args.items]
        files += 1
        if rng.random() < 0.05 and args.items - made >= 2:
            k = min(rng.randint(2, 6), args.items - made)
            name = "msg-%06d.xml" % files
            text = ['<?xml version="1.0" encoding="UTF-8"?>',
                    '<newsMessage xmlns="%s">' % NAR,
                    '  <header><sent>%s</sent><sender>bench.newsprint.example</sender>'
                    '<transmitId>bench-%06d</transmitId></header>' % (when(day, 23 * 60, "Z"), files),
                    '  <itemSet>']
            body = "".join(next_item(True, day) for _ in range(k))
            text = "\n".join(text) + "\n" + body + "  </itemSet>\n</newsMessage>\n"
        else:
            name = "item-%06d.xml" % files
            text = '<?xml version="1.0" encoding="UTF-8"?>\n' + next_item(False, day)
        with open(os.path.join(args.outdir, day, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    print("%s: %d items in %d files" % (args.outdir, made, files), file=sys.stderr)


if __name__ == "__main__":
    main()

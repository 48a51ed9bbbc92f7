# Partner profile: a newspaper front end that ingests IPTC 7901 in Latin-1.
# Format: doc/partner-profiles.md
name = iptc7901-latin1
description = IPTC 7901 wire, ISO 8859-1, 69 columns, CRLF

[format]
framing = iptc7901
width = 69
line_ending = CRLF
charset = latin-1
para_indent = 3
blank_between = 0

[header]
subheadline = no
byline = yes
dateline = yes
keywords = no
copyright = yes
usage_terms = no
ednote = yes

[policy]
embargo = include

[files]
name = {seq}-{slug}.txt

[wire]
source = NPW

[priority]
; urgency 1 (highest) .. 9 -> IPTC 7901 priority 1 (flash) .. 6
map = 1 2 3 4 4 5 5 6 6
default = 4
kill = 2

[category]
; IPTC 7901 category codes by subject (first match)
default = X
medtop:01000000 = K
medtop:04000000 = W
medtop:11000000 = P
medtop:13000000 = T
medtop:15000000 = S
medtop:16000000 = P
medtop:02000000 = J
